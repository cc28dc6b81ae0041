// The signed-in user's page: who they are, their roles in which units, and which one they work
// in now (cookie bd_unit, a membership id), chosen with a plain form.
import { fail, redirect } from '@sveltejs/kit';
import { requireMe } from '$lib/server/guard';
import { cookieOptions } from '$lib/server/cookies';
import { UNIT_COOKIE, safeNext } from '$lib/session';
import type { Actions, PageServerLoad } from './$types';

/** The choice is remembered for a year; it is re-checked against the memberships on every request. */
const UNIT_COOKIE_SECONDS = 365 * 86_400;

export const load: PageServerLoad = (event) => {
  const me = requireMe(event);
  return {
    user: me.user,
    twoFactorEnabled: me.twoFactorEnabled,
    twoFactorRequired: me.twoFactorRequired,
    memberships: me.memberships,
    currentId: event.locals.membership?.id ?? null,
  };
};

export const actions: Actions = {
  chonDonVi: async (event) => {
    const me = requireMe(event);
    const form = await event.request.formData();
    const chosen = form.get('membership');
    const membership = me.memberships.find((m) => m.id === chosen);
    if (!membership)
      return fail(400, { unitError: 'Vui lòng chọn một đơn vị trong danh sách.' });
    if (!membership.active)
      return fail(400, {
        unitError: `Vai trò ${membership.roleLabel} tại ${membership.orgUnitName} chưa có hiệu lực: cần bật xác thực hai lớp trước.`,
      });
    event.cookies.set(UNIT_COOKIE, membership.id, { ...cookieOptions(event.url), maxAge: UNIT_COOKIE_SECONDS });
    const back = form.get('next');
    redirect(303, safeNext(typeof back === 'string' ? back : null, event.url.origin, '/tai-khoan'));
  },
};
