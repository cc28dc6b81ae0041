// How an activity is shown in lists: its kind in Vietnamese and the numbers it counts for, in one
// short line ("2 tin, bài", "12,5 phút phát sóng", "1 lớp · Nữ 25, Nam 5").
import {
  activityKindLabels,
  communicationFormLabels,
  preventionModelKindLabels,
  trainingTargetGroupLabels,
  type ActivityKind,
  type CommunicationForm,
  type PreventionModelKind,
  type TrainingTargetGroup,
} from '@binh-dang/domain';
import { formatVnNumber } from './report-format';

export function activityKindLabel(kind: ActivityKind): string {
  return activityKindLabels[kind].vi;
}

const sexes = (female: unknown, male: unknown) =>
  typeof female === 'number' && typeof male === 'number' ? `Nữ ${formatVnNumber(female)}, Nam ${formatVnNumber(male)}` : null;

/** The numbers an activity contributes, in one line. */
export function activitySummary(kind: ActivityKind, details: Record<string, unknown>): string {
  const d = details;
  switch (kind) {
    case 'communication': {
      const form = communicationFormLabels[d.form as CommunicationForm]?.vi ?? '';
      if (d.form === 'article') return `${formatVnNumber(d.items as number)} tin, bài`;
      if (d.form === 'broadcast') return `${formatVnNumber(d.items as number)} lần phát · ${formatVnNumber(d.airtimeMinutes as number, 1)} phút`;
      const audience = sexes(d.audienceFemale, d.audienceMale);
      return [form, audience ? `người dự: ${audience}` : null].filter(Boolean).join(' · ');
    }
    case 'training': {
      const groups = ((d.targetGroups as TrainingTargetGroup[] | undefined) ?? []).map((g) => trainingTargetGroupLabels[g]?.vi ?? g).join(', ');
      return `${formatVnNumber(d.classes as number)} lớp · ${sexes(d.participantsFemale, d.participantsMale)}${groups ? ` · ${groups}` : ''}`;
    }
    case 'prevention_model': {
      const kindLabel = preventionModelKindLabels[d.modelKind as PreventionModelKind]?.vi ?? '';
      const members = sexes(d.membersFemale, d.membersMale);
      return [kindLabel, members ? `thành viên: ${members}` : null, d.endedOn ? `ngừng từ ${String(d.endedOn)}` : null].filter(Boolean).join(' · ');
    }
    case 'inspection':
      return `${String(d.inspectedUnit ?? '')} · ${formatVnNumber(d.violations as number)} vi phạm, đã xử lý ${formatVnNumber(d.violationsHandled as number)}`;
  }
}
