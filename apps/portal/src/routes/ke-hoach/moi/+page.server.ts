// A new draft plan: either empty for a unit (`tao`: standard headings and placeholders to
// replace, POST /api/v1/org-units/{unitId}/plans), or built from an issued plan of the level
// above (`tu-ke-hoach`: POST /api/v1/plans/{id}/cascade, posted from the plan page's "Kế hoạch
// cấp dưới" panel). Either way the author lands on the new draft's edit page.
import { fail, redirect } from '@sveltejs/kit';
import { todayInVietnam, type OrgUnit } from '@binh-dang/domain';
import { createApi } from '$lib/server/api';
import { requireMe } from '$lib/server/guard';
import { allows, createPlanApi } from '$lib/server/plan-api';
import { flattenTree, indexById, validityText } from '$lib/org-units';
import { defaultTitle, newPlanContent } from '$lib/components/plan-editor/new-plan';
import { formErrors } from '$lib/session';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const FIELDS = ['unitId', 'year', 'title'] as const;
type NewField = (typeof FIELDS)[number];

const ADMINISTRATIVE = new Set(['province', 'district', 'commune']);

/** The administrative units the user may write plans for, in tree order. */
async function writableUnits(event: RequestEvent) {
  const me = requireMe(event);
  const tree = await createApi(event).orgTree();
  const all = flattenTree(tree.roots);
  const units = all.filter((u) => ADMINISTRATIVE.has(u.kind) && allows('plans.edit', me, u.path));
  return { all, units, byId: indexById(all) };
}

/** The plan year a unit can still have: this year, or its last year when it no longer exists. */
function defaultYear(unit: OrgUnit | undefined): number {
  const year = Number(todayInVietnam().slice(0, 4));
  const last = unit?.validTo ? Number(unit.validTo.slice(0, 4)) : null;
  return last !== null && last < year ? last : year;
}

export const load: PageServerLoad = async (event) => {
  const { units, byId } = await writableUnits(event);
  const asked = event.url.searchParams.get('unit');
  const chosen = asked && units.some((u) => u.id === asked) ? asked : (units[0]?.id ?? '');
  const depthBase = Math.min(...units.map((u) => u.path.split('/').length));
  return {
    asked: asked && !units.some((u) => u.id === asked) ? (byId.get(asked)?.name ?? asked) : null,
    unitOptions: units.map((u) => {
      const validity = u.validTo ? validityText(u, 'short') : null;
      return {
        id: u.id,
        label: `${'— '.repeat(Math.max(0, u.path.split('/').length - depthBase))}${u.name}${validity ? ` (${validity})` : ''}`,
        year: defaultYear(u),
        title: defaultTitle(u, defaultYear(u)),
      };
    }),
    chosen,
    year: defaultYear(byId.get(chosen)),
  };
};

export const actions: Actions = {
  tao: async (event) => {
    const { units, byId } = await writableUnits(event);
    const data = await event.request.formData();
    const values = {
      unitId: String(data.get('unitId') ?? ''),
      year: String(data.get('year') ?? '').trim(),
      title: String(data.get('title') ?? '').trim(),
    };
    const errors: Partial<Record<NewField, string[]>> = {};
    const unit = units.find((u) => u.id === values.unitId);
    if (!unit) errors.unitId = ['Vui lòng chọn đơn vị.'];
    const year = Number(values.year);
    if (!/^\d{4}$/.test(values.year) || year < 2000 || year > 2999) errors.year = ['Năm kế hoạch gồm 4 chữ số, ví dụ 2025.'];
    if (!unit || Object.keys(errors).length) return fail(400, { create: { values, errors, message: null as string | null } });

    const parent = unit.parentId ? (byId.get(unit.parentId) ?? null) : null;
    const title = values.title || defaultTitle(unit, year);
    const answer = await createPlanApi(event).create(unit.id, year, newPlanContent(unit, parent, year, title));
    if (answer.ok) redirect(303, `/ke-hoach/${encodeURIComponent(answer.body.id)}/sua?moi=1`);
    const { problem } = answer;
    const sorted = formErrors<NewField>(
      problem.errors.map((e) => ({ ...e, path: e.path.replace(/^body\.content\./, 'body.') })),
      FIELDS,
    );
    const message = sorted.other.length || problem.status !== 400 ? problem.message : null;
    return fail(problem.status, { create: { values, errors: sorted.fields, message } });
  },

  'tu-ke-hoach': async (event) => {
    requireMe(event);
    const data = await event.request.formData();
    const planId = String(data.get('planId') ?? '');
    const unitId = String(data.get('unitId') ?? '');
    const answer = await createPlanApi(event).cascade(planId, unitId);
    if (answer.ok) redirect(303, `/ke-hoach/${encodeURIComponent(answer.body.id)}/sua?tu=${encodeURIComponent(planId)}`);
    return fail(answer.problem.status, { cascade: { planId, message: answer.problem.message } });
  },
};
