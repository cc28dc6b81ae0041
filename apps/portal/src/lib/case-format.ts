// How cases are shown: Vietnamese labels of the register's codes, one line per event.
import {
  ageGroupLabels,
  caseContextLabels,
  caseEventKindLabels,
  caseStatusLabels,
  caseStepLabels,
  caseTypeLabels,
  closureReasonLabels,
  relationshipLabels,
  serviceLabels,
  victimSexLabels,
  type AgeGroup,
  type CaseContext,
  type CaseEventKind,
  type CaseStatus,
  type CaseStep,
  type CaseType,
  type ClosureReason,
  type PerpetratorRelationship,
  type ReferralTarget,
  type VictimSex,
} from '@binh-dang/domain';
import { formatVnDate } from './report-format';

export const caseLabel = {
  type: (t: CaseType) => caseTypeLabels[t]?.vi ?? t,
  context: (c: CaseContext) => caseContextLabels[c]?.vi ?? c,
  sex: (s: VictimSex) => victimSexLabels[s]?.vi ?? s,
  age: (a: AgeGroup) => ageGroupLabels[a]?.vi ?? a,
  relationship: (r: PerpetratorRelationship) => relationshipLabels[r]?.vi ?? r,
  status: (s: CaseStatus) => caseStatusLabels[s]?.vi ?? s,
  step: (s: CaseStep) => caseStepLabels[s]?.vi ?? s,
  service: (s: ReferralTarget) => serviceLabels[s]?.vi ?? s,
  kind: (k: CaseEventKind) => caseEventKindLabels[k]?.vi ?? k,
};

export interface EventLike {
  kind: CaseEventKind;
  date: string;
  step?: CaseStep;
  referredTo?: ReferralTarget | null;
  service?: ReferralTarget;
  givenBy?: 'victim' | 'guardian';
  services?: ReferralTarget[];
  nextOn?: string | null;
  reason?: ClosureReason;
}

/** "Chuyển tuyến tới Y tế", "Hỗ trợ: Tư vấn, tâm lý", "Nạn nhân đồng ý chuyển tới: Y tế, Pháp lý". */
export function eventLine(e: EventLike): string {
  switch (e.kind) {
    case 'step':
      return e.step === 'referred' && e.referredTo ? `${caseLabel.step('referred')} tới ${caseLabel.service(e.referredTo)}` : caseLabel.step(e.step ?? 'verified');
    case 'support':
      return `Hỗ trợ: ${caseLabel.service(e.service ?? 'health')}`;
    case 'consent':
      return `${e.givenBy === 'guardian' ? 'Người giám hộ' : 'Nạn nhân'} đồng ý chuyển tới: ${(e.services ?? []).map(caseLabel.service).join(', ')}`;
    case 'follow_up':
      return e.nextOn ? `Theo dõi; lần tới ${formatVnDate(e.nextOn)}` : 'Theo dõi';
    case 'closure':
      return `Đóng hồ sơ: ${closureReasonLabels[e.reason ?? 'other'].vi}`;
  }
}
