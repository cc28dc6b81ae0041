// Issuing (ban hành) a draft plan: its number and date, then it is locked (POST
// /api/v1/plans/{id}/issue). For approvers and province administrators; the API decides, and its
// refusal is shown as it comes when the page is opened by someone else.
import { error, fail, redirect } from '@sveltejs/kit';
import { isValidLocalDate, todayInVietnam } from '@binh-dang/domain';
import { createApi } from '$lib/server/api';
import { requireMe } from '$lib/server/guard';
import { contentOf, createPlanApi } from '$lib/server/plan-api';
import { placeholderFields, toForm } from '$lib/components/plan-editor/form';
import { formErrors } from '$lib/session';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['number', 'date'] as const;
type IssueField = (typeof FIELDS)[number];

export const load: PageServerLoad = async (event) => {
  requireMe(event);
  const { plan, units } = await createApi(event).plan(event.params.id);
  if (plan.status === 'draft') {
    const refusal = await createPlanApi(event).refusal(plan, 'issue');
    if (refusal) error(refusal.status === 404 ? 403 : refusal.status, `Bạn không ban hành được kế hoạch này. ${refusal.message.replace(/\.$/, '')}.`);
  }
  return {
    plan: {
      id: plan.id,
      status: plan.status,
      version: plan.version,
      year: plan.year,
      title: plan.title,
      documentType: plan.documentType,
      number: plan.header.number,
      typeCode: plan.header.typeCode,
      issuerCode: plan.header.issuerCode,
      place: plan.header.place,
      issuingUnitName: units.find((u) => u.id === plan.issuingUnitId)?.name ?? plan.issuingUnitId,
    },
    today: todayInVietnam(),
    placeholders: placeholderFields(toForm(contentOf(plan))).length,
  };
};

export const actions: Actions = {
  default: async (event) => {
    requireMe(event);
    const id = event.params.id;
    const data = await event.request.formData();
    const values = { number: String(data.get('number') ?? '').trim(), date: String(data.get('date') ?? '').trim() };
    const version = Number(data.get('version'));
    const errors: Partial<Record<IssueField, string[]>> = {};
    if (!/^\d{1,6}$/.test(values.number)) errors.number = [values.number ? 'Số văn bản là số, ví dụ 12.' : 'Vui lòng nhập số văn bản.'];
    if (!isValidLocalDate(values.date)) errors.date = ['Vui lòng chọn ngày ban hành.'];
    if (Object.keys(errors).length) return fail(400, { values, errors, message: null as string | null, currentVersion: null as number | null });

    const answer = await createPlanApi(event).issue(id, { version, number: values.number, date: values.date });
    if (answer.ok) redirect(303, `/ke-hoach/${encodeURIComponent(id)}`);
    const { problem } = answer;
    if (problem.status === 409 && problem.current?.status === 'draft')
      return fail(409, {
        values,
        errors: {},
        message: `Kế hoạch vừa được lưu lại thành phiên bản ${problem.current.version} sau khi bạn mở trang này. Hãy xem lại nội dung kế hoạch; nếu vẫn đồng ý, bấm Ban hành lần nữa.`,
        currentVersion: problem.current.version,
      });
    const sorted = formErrors<IssueField>(problem.errors, FIELDS);
    const message = sorted.other.length || problem.status !== 400 ? problem.message : null;
    return fail(problem.status, { values, errors: sorted.fields, message, currentVersion: null });
  },
};
