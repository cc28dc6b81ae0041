// "Hoạt động": the activities of the unit the user works in (and of the units below it) —
// communication, training, prevention models and clubs, inspections — and the form to record one,
// per kind (?loai=…), linked to a duty of the unit. The operational indicators of its reports are
// counted from these records. Without JavaScript the form posts and comes back with what was
// typed and the errors beside their fields.
import { fail } from '@sveltejs/kit';
import { todayInVietnam } from '@binh-dang/domain';
import { requireMembership } from '$lib/server/guard';
import { allows } from '$lib/server/plan-api';
import { createDutyApi } from '$lib/server/duty-api';
import { createActivityApi } from '$lib/activity-api.server';
import { activityKindLabel, activitySummary } from '$lib/activity-format';
import { isActivityField, isActivityKind, readActivityForm } from '$lib/activity-form';
import { apiFieldErrors } from '$lib/record-form';
import { formatVnDate } from '$lib/report-format';
import { formKeyOf, newFormKey, requestKey } from '$lib/server/idempotency';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { me, membership } = requireMembership(event);
  const kindParam = event.url.searchParams.get('loai');
  const kind = isActivityKind(kindParam) ? kindParam : 'communication';
  const [items, duties] = await Promise.all([
    createActivityApi(event).list(membership.orgUnitId),
    createDutyApi(event).unitDuties(membership.orgUnitId),
  ]);
  return {
    unit: { id: membership.orgUnitId, name: membership.orgUnitName },
    kind,
    today: todayInVietnam(),
    /** Sent back with the form: a double click records one activity. */
    formKey: newFormKey(),
    canManage: membership.active && allows('activities.manage', me, membership.path),
    duties: duties.filter((d) => d.orgUnitId === membership.orgUnitId).map((d) => ({ id: d.id, text: d.text, planTitle: d.planTitle })),
    items: items.map((a) => ({
      id: a.id,
      date: formatVnDate(a.date),
      kindLabel: activityKindLabel(a.kind),
      title: a.title,
      summary: activitySummary(a.kind, a.details),
      unitName: a.orgUnitName,
      dutyText: a.dutyText,
      actionMonth: a.actionMonth,
    })),
    showUnit: items.some((a) => a.orgUnitId !== membership.orgUnitId),
  };
};

export const actions: Actions = {
  them: async (event) => {
    const { membership } = requireMembership(event);
    const data = await event.request.formData();
    const parsed = readActivityForm(data, todayInVietnam());
    const refused = (status: number, errors: Record<string, string[]>, other: string[] = []) =>
      fail(status, { activity: { kind: parsed.kind, typed: parsed.typed, errors, other } });
    if (!parsed.input) return refused(400, parsed.errors);
    const answer = await createActivityApi(event).create(membership.orgUnitId, parsed.input, await requestKey(formKeyOf(data), parsed.input));
    if (!answer.ok) {
      const { fields, other } = apiFieldErrors(answer.problem.errors, 'body.', (f) => isActivityField(parsed.kind, f));
      return refused(answer.problem.status, fields, other.length || Object.keys(fields).length ? other : [answer.problem.message]);
    }
    return { added: { id: answer.body.activity.id, title: answer.body.activity.title, kind: parsed.kind } };
  },
};
