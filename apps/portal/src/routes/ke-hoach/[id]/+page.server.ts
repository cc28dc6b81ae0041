import { pathIds, toLocalDate } from '@binh-dang/domain';
import { createApi } from '$lib/server/api';
import { dayInForce, flattenTree, indexById } from '$lib/org-units';
import { assignmentRows } from '$lib/plan-view';
import { allows, createPlanApi } from '$lib/server/plan-api'; // plan-editing
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const api = createApi(event);
  const [{ plan, units }, everything] = await Promise.all([api.plan(event.params.id), api.orgTree()]);
  const byId = indexById(flattenTree(everything.roots));
  const referenced = indexById(units);
  const unitName = (id: string) => referenced.get(id)?.name ?? byId.get(id)?.name ?? id;

  // Links to the tree as it stood when the plan was written.
  const { year, month, day } = plan.header.date;
  const planDay = toLocalDate(year, month ?? 1, day ?? 1);
  const issuing = byId.get(plan.issuingUnitId);
  const breadcrumb = (issuing ? pathIds(issuing.path) : [plan.issuingUnitId]).flatMap((id) => {
    const unit = byId.get(id);
    return unit ? [{ id, name: unit.name, at: dayInForce(unit, planDay) }] : [];
  });

  // --- plan-editing: buttons for who may edit, issue or amend; the lower units' plans (cascade).
  const me = event.locals.me;
  const can = {
    edit: plan.status === 'draft' && allows('plans.edit', me, issuing?.path),
    issue: plan.status === 'draft' && allows('plans.issue', me, issuing?.path),
    amend: plan.status === 'issued' && allows('plans.edit', me, issuing?.path),
    track: plan.status !== 'draft' && allows('duties.read', me, issuing?.path),
  };
  const cascadeItems = plan.status === 'issued' ? await createPlanApi(event).cascadeStatus(plan.id) : null;
  const cascade = cascadeItems?.map((item) => ({
    ...item,
    canCreate: item.status === 'none' && allows('plans.edit', me, byId.get(item.orgUnitId)?.path),
  }));
  // --- end plan-editing

  return {
    can,
    cascade: cascade ?? null,
    plan,
    breadcrumb,
    rows: assignmentRows(plan, unitName),
    reportTo: plan.reportToUnitId ? unitName(plan.reportToUnitId) : null,
  };
};
