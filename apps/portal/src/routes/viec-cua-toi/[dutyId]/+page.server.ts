// One duty and its progress notes, newest first, with the same progress form as "Việc của tôi".
// The API answers 404 for a duty outside the user's units: another commune's notes stay hidden.
import { requireMe } from '$lib/server/guard';
import { fail as fail400 } from '@sveltejs/kit';
import { EVIDENCE_MAX_BYTES, createDutyApi, updateDutyFromForm } from '$lib/server/duty-api';
import { formatVnDateTime } from '$lib/session';
import { statusLabels } from '$lib/components/duties/duties';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireMe(event);
  const api = createDutyApi(event);
  const { duty, notes } = await api.duty(event.params.dutyId);
  const evidence = await api.evidence(event.params.dutyId);
  return {
    duty,
    evidence: evidence.map((e) => ({ ...e, uploadedAt: formatVnDateTime(e.uploadedAt), sizeKb: Math.max(1, Math.round(e.size / 1024)) })),
    updatedAt: duty.version > 1 ? formatVnDateTime(duty.updatedAt) : null,
    notes: notes
      .map((n) => ({ id: n.id, at: formatVnDateTime(n.at), authorLabel: n.authorLabel, statusLabel: statusLabels[n.status], text: n.text }))
      .reverse(),
  };
};

export const actions: Actions = {
  capNhat: async (event) => {
    requireMe(event);
    return updateDutyFromForm(event);
  },
  tepMinhChung: async (event) => {
    requireMe(event);
    const file = (await event.request.formData()).get('file');
    const fail = (message: string) => fail400(400, { evidence: { error: message } });
    if (!(file instanceof File) || file.size === 0) return fail('Vui lòng chọn một tệp (Choose a file).');
    if (file.size > EVIDENCE_MAX_BYTES) return fail('Tệp tối đa 10 MB (At most 10 MB).');
    const answer = await createDutyApi(event).addEvidence(event.params.dutyId, file.name, new Uint8Array(await file.arrayBuffer()));
    if (!answer.ok) return fail(answer.problem.message);
    return { evidence: { added: answer.body.evidence.fileName } };
  },
};
