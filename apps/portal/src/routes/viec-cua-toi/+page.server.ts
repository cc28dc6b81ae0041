// "Việc của tôi": the duties of the unit the user works in (the current membership, cookie
// bd_unit) and of the units below it, from issued plans, by plan and soonest due first, each with
// its progress form (capNhat: PATCH /api/v1/duties/{id}, version-guarded).
import { requireMe, requireMembership } from '$lib/server/guard';
import { createDutyApi, updateDutyFromForm } from '$lib/server/duty-api';
import { countDuties, groupByPlan } from '$lib/components/duties/duties';
import type { Actions, PageServerLoad } from './$types';

/** Roles that follow a whole plan's duties (GET /api/v1/plans/{id}/duties) as well as their own. */
const TRACKERS = new Set(['province_admin', 'coordinator', 'approver']);

export const load: PageServerLoad = async (event) => {
  const { membership } = requireMembership(event);
  const items = await createDutyApi(event).unitDuties(membership.orgUnitId);
  return {
    unit: { id: membership.orgUnitId, name: membership.orgUnitName, roleLabel: membership.roleLabel, active: membership.active },
    groups: groupByPlan(items),
    counts: countDuties(items),
    // Duties of units below the current one say whose they are.
    showUnit: items.some((d) => d.orgUnitId !== membership.orgUnitId),
    canTrack: membership.active && TRACKERS.has(membership.role),
  };
};

export const actions: Actions = {
  capNhat: async (event) => {
    requireMe(event);
    return updateDutyFromForm(event);
  },
};
