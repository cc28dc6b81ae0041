// Sign-out: ends the session at the API (which clears its cookie, passed on by handleFetch),
// forgets the session and the chosen unit here too, and goes home.
import { redirect } from '@sveltejs/kit';
import { createApi } from '$lib/server/api';
import { clearSessionCookies, cookieOptions } from '$lib/server/cookies';
import { UNIT_COOKIE } from '$lib/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  // Nothing to sign out of.
  if (!locals.me) redirect(303, '/');
  return {};
};

export const actions: Actions = {
  default: async (event) => {
    if (event.locals.me) {
      const answer = await createApi(event).signOut();
      // 401: the API had already ended the session. Anything else: the cookie goes anyway, and the
      // session ends by itself within hours.
      if (!answer.ok && answer.problem.status !== 401) console.error('DELETE /api/v1/session failed', answer.problem.status);
    }
    clearSessionCookies(event);
    if (event.cookies.get(UNIT_COOKIE) !== undefined) event.cookies.delete(UNIT_COOKIE, cookieOptions(event.url));
    redirect(303, '/');
  },
};
