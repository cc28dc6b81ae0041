// Intake of a case by a case worker of the commune: the non-identifying facts and the identifying
// fields (sealed by the API before they are stored). Refused input comes back with what was typed
// and the errors beside their fields; nothing is stored until everything is right.
import { fail, redirect } from '@sveltejs/kit';
import { caseAccess, todayInVietnam } from '@binh-dang/domain';
import { requireMembership } from '$lib/server/guard';
import { createCaseApi } from '$lib/case-api.server';
import { INTAKE_FIELDS, readIntakeForm } from '$lib/case-form';
import { apiFieldErrors } from '$lib/record-form';
import { formKeyOf, newFormKey, requestKey } from '$lib/server/idempotency';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  const { membership } = requireMembership(event);
  return {
    unit: { id: membership.orgUnitId, name: membership.orgUnitName },
    today: todayInVietnam(),
    /** Sent back with the form: a double click opens one case. */
    formKey: newFormKey(),
    allowed: membership.active && caseAccess([{ role: membership.role, path: membership.path }], membership.path) === 'identifying',
  };
};

export const actions: Actions = {
  tiepNhan: async (event) => {
    const { membership } = requireMembership(event);
    const data = await event.request.formData();
    const parsed = readIntakeForm(data, todayInVietnam());
    const refused = (status: number, errors: Record<string, string[]>, other: string[] = []) => fail(status, { intake: { typed: parsed.typed, errors, other } });
    if (!parsed.input) return refused(400, parsed.errors);
    const answer = await createCaseApi(event).create(membership.orgUnitId, parsed.input, await requestKey(formKeyOf(data), parsed.input));
    if (!answer.ok) {
      const { fields, other } = apiFieldErrors(answer.problem.errors, 'body.', (f) => (INTAKE_FIELDS as readonly string[]).includes(f));
      return refused(answer.problem.status, fields, other.length || Object.keys(fields).length ? other : [answer.problem.message]);
    }
    redirect(303, `/vu-viec/${answer.body.case.id}?da-tiep-nhan=1`);
  },
};
