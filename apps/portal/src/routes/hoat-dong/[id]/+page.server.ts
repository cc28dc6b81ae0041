// One activity: what it records, the duty it serves, and its evidence files (upload as for duties).
import { fail } from '@sveltejs/kit';
import { requireMe } from '$lib/server/guard';
import { rolesFor } from '@binh-dang/domain';
import { EVIDENCE_MAX_BYTES } from '$lib/server/duty-api';
import { createActivityApi } from '$lib/activity-api.server';
import { activityKindLabel, activitySummary } from '$lib/activity-format';
import { formatVnDate } from '$lib/report-format';
import { formatVnDateTime } from '$lib/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const me = requireMe(event);
  const api = createActivityApi(event);
  const [activity, evidence] = await Promise.all([api.get(event.params.id), api.evidence(event.params.id)]);
  return {
    activity: {
      ...activity,
      kindLabel: activityKindLabel(activity.kind),
      summary: activitySummary(activity.kind, activity.details),
      dateText: formatVnDate(activity.date),
      updatedAt: formatVnDateTime(activity.updatedAt),
    },
    // The form only: the API decides whether this unit is within the caller's reach.
    canUpload: me.memberships.some((m) => m.active && (rolesFor('activities.manage') ?? []).includes(m.role)),
    evidence: evidence.map((e) => ({ ...e, uploadedAt: formatVnDateTime(e.uploadedAt), sizeKb: Math.max(1, Math.round(e.size / 1024)) })),
  };
};

export const actions: Actions = {
  tepMinhChung: async (event) => {
    requireMe(event);
    const file = (await event.request.formData()).get('file');
    const refuse = (message: string) => fail(400, { evidence: { error: message } });
    if (!(file instanceof File) || file.size === 0) return refuse('Vui lòng chọn một tệp.');
    if (file.size > EVIDENCE_MAX_BYTES) return refuse('Tệp tối đa 10 MB.');
    const answer = await createActivityApi(event).addEvidence(event.params.id, file.name, new Uint8Array(await file.arrayBuffer()));
    if (!answer.ok) return refuse(answer.problem.message);
    return { evidence: { added: answer.body.evidence.fileName } };
  },
};
