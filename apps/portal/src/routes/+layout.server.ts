// What the header shows of the signed-in user: name, the unit and role they work in, and which
// administration pages their role opens.
import { rolesFor } from '@binh-dang/domain';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
  const { me, membership } = locals;
  const role = membership?.active ? membership.role : null;
  return {
    viewer: me
      ? {
          name: me.user.name,
          email: me.user.email,
          unit: membership ? { name: membership.orgUnitName, roleLabel: membership.roleLabel, active: membership.active } : null,
          canManageUsers: role !== null && (rolesFor('memberships.read') ?? []).includes(role),
          canReadAudit: role !== null && (rolesFor('audit.read') ?? []).includes(role),
          // Activities, budget and the case register: the pages the current role opens.
          records: {
            activities: role !== null && (rolesFor('activities.read') ?? []).includes(role),
            budget: role !== null && (rolesFor('budget.read') ?? []).includes(role),
            cases: role !== null && (rolesFor('cases.read') ?? []).includes(role),
          },
        }
      : null,
  };
};
