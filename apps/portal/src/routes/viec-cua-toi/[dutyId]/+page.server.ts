// One duty and its progress notes, newest first, with the same progress form as "Việc của tôi".
// The API answers 404 for a duty outside the user's units: another commune's notes stay hidden.
import { requireMe } from '$lib/server/guard';
import { createDutyApi, updateDutyFromForm } from '$lib/server/duty-api';
import { formatVnDateTime } from '$lib/session';
import { statusLabels } from '$lib/components/duties/duties';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireMe(event);
  const { duty, notes } = await createDutyApi(event).duty(event.params.dutyId);
  return {
    duty,
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
};
