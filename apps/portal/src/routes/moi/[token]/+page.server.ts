// Accepting an invitation: the invited person picks a name and a password; the API creates the
// account for the invited e-mail (its password rules come back as errors on body.password).
import { fail } from '@sveltejs/kit';
import { createApi } from '$lib/server/api';
import { formErrors } from '$lib/session';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['name', 'password'] as const;
type Field = (typeof FIELDS)[number] | 'passwordConfirm';

export const load: PageServerLoad = ({ setHeaders }) => {
  // The token is a secret: keep the page out of caches and its address out of Referer headers to
  // other sites (same-origin, not no-referrer: that would make the form's Origin "null", which
  // SvelteKit's cross-site check refuses).
  setHeaders({ 'cache-control': 'private, no-store', 'referrer-policy': 'same-origin' });
  return {};
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const name = String(form.get('name') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const passwordConfirm = String(form.get('passwordConfirm') ?? '');
    if (password !== passwordConfirm) {
      const errors: Partial<Record<Field, string[]>> = { passwordConfirm: ['Hai mật khẩu không khớp. Vui lòng nhập lại.'] };
      return fail(400, { name, errors, message: null as string | null });
    }

    const answer = await createApi(event).acceptInvitation({ token: event.params.token, name, password });
    if (answer.ok) return { accepted: answer.body.email };

    const { problem } = answer;
    const errors = formErrors<(typeof FIELDS)[number]>(problem.errors, FIELDS);
    // body.token (unknown, used or expired), 409 (account exists): about the invitation, not a field.
    const message = errors.other.length || problem.status !== 400 ? problem.message : null;
    return fail(problem.status, { name, errors: errors.fields as Partial<Record<Field, string[]>>, message });
  },
};
