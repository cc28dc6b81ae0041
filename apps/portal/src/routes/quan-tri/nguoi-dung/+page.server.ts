// Users of the current unit's subtree (province administrator, coordinator): who holds which
// role where, invitations by e-mail (the link is shown once), and removal of a role. The API
// decides who may do what; its 403/404 messages are shown as they come.
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { grantableRoles, isWithin, roleLabels, roles, type Role } from '@binh-dang/domain';
import { createApi } from '$lib/server/api';
import { requireMembership } from '$lib/server/guard';
import { flattenTree } from '$lib/org-units';
import { formErrors, formatVnDateTime } from '$lib/session';
import type { Actions, PageServerLoad } from './$types';

const INVITE_FIELDS = ['email', 'role', 'unitId'] as const;
type InviteField = (typeof INVITE_FIELDS)[number];

/** The current membership, in force: roles waiting for two-factor set-up cannot manage users. */
function activeMembership(event: RequestEvent) {
  const { me, membership } = requireMembership(event);
  if (!membership.active)
    error(403, `Vai trò ${membership.roleLabel} tại ${membership.orgUnitName} chưa có hiệu lực: vai trò Quản trị tỉnh cần bật xác thực hai lớp.`);
  return { me, membership };
}

const isRole = (value: unknown): value is Role => typeof value === 'string' && (roles as readonly string[]).includes(value);

export const load: PageServerLoad = async (event) => {
  const { me, membership } = activeMembership(event);
  event.setHeaders({ 'cache-control': 'private, no-store' });
  const api = createApi(event);
  // The API answers 403 (role without the right) or 404 (unit out of reach) before anything is listed.
  const { items } = await api.memberships(membership.orgUnitId);
  const tree = await api.orgTree();
  const grantable = grantableRoles(membership.role);

  // Units the invitation may name: the current unit and every unit below it, past ones included
  // (a unit merged away keeps its people until they are moved).
  const units = flattenTree(tree.roots)
    .filter((u) => isWithin(u.path, membership.path))
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((u) => ({ id: u.id, name: u.name, depth: u.path.split('/').filter(Boolean).length, validTo: u.validTo }));
  const baseDepth = membership.path.split('/').filter(Boolean).length;

  return {
    unit: { id: membership.orgUnitId, name: membership.orgUnitName, roleLabel: membership.roleLabel },
    rows: items.map((m) => ({
      id: m.id,
      email: m.email,
      name: m.name,
      unitName: m.orgUnitName,
      roleLabel: roleLabels[m.role].vi,
      self: m.userId === me.user.id,
      removable: m.userId !== me.user.id && grantable.includes(m.role),
    })),
    roleOptions: grantable.map((r) => ({ value: r, label: roleLabels[r].vi })),
    unitOptions: units.map((u) => ({ id: u.id, label: `${'— '.repeat(u.depth - baseDepth)}${u.name}${u.validTo ? ` (đến ${u.validTo.split('-').reverse().join('/')})` : ''}` })),
  };
};

export const actions: Actions = {
  moi: async (event) => {
    const { membership } = activeMembership(event);
    const form = await event.request.formData();
    const email = String(form.get('email') ?? '').trim();
    const role = String(form.get('role') ?? '');
    const unitId = String(form.get('unitId') ?? '') || membership.orgUnitId;
    const values = { email, role, unitId };
    // What the form itself can tell; the API checks the rest (e-mail format, reach, role level).
    const missing: Partial<Record<InviteField, string[]>> = {};
    if (!email) missing.email = ['Vui lòng nhập email người được mời.'];
    if (!isRole(role)) missing.role = ['Vui lòng chọn vai trò.'];
    if (!isRole(role) || Object.keys(missing).length) return fail(400, { invite: { values, errors: missing, message: null as string | null } });

    const answer = await createApi(event).invite(unitId, { email, role });
    if (!answer.ok) {
      const { problem } = answer;
      const errors = formErrors<InviteField>(problem.errors, INVITE_FIELDS);
      const message = errors.other.length || problem.status !== 400 ? problem.message : null;
      return fail(problem.status, { invite: { values, errors: errors.fields, message } });
    }
    return {
      invitation: {
        link: `${event.url.origin}${answer.body.path}`,
        email,
        roleLabel: roleLabels[role].vi,
        expiresAt: formatVnDateTime(answer.body.expiresAt),
      },
    };
  },

  go: async (event) => {
    activeMembership(event);
    const form = await event.request.formData();
    const id = String(form.get('id') ?? '');
    const label = String(form.get('label') ?? '').slice(0, 300);
    const answer = await createApi(event).removeMembership(id);
    if (!answer.ok) return fail(answer.problem.status, { remove: { id, message: answer.problem.message } });
    return { removed: label || 'Đã gỡ vai trò.' };
  },
};
