// Sign-in: e-mail and password, and the two-factor code once the API asks for it. The API sets
// the session cookie; handleFetch passes it on to the browser. Then back to `next` (a path on
// this site) or the account page.
import { fail, redirect } from '@sveltejs/kit';
import { createApi } from '$lib/server/api';
import { formErrors, safeNext } from '$lib/session';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['email', 'password', 'totpCode'] as const;
type Field = (typeof FIELDS)[number];

export const load: PageServerLoad = ({ locals, url }) => {
  const next = safeNext(url.searchParams.get('next'), url.origin);
  if (locals.me) redirect(303, next);
  return { next, email: url.searchParams.get('email') ?? '' };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    const email = text('email').trim();
    const password = text('password');
    const totpCode = text('totpCode').replace(/\s+/g, '');
    const next = safeNext(text('next'), event.url.origin);
    const wantsCode = text('needsCode') === '1' || totpCode !== '';

    const answer = await createApi(event).signIn({ email, password, ...(totpCode ? { totpCode } : {}) });
    if (answer.ok) redirect(303, next);

    const { problem } = answer;
    const errors = formErrors<Field>(problem.errors, FIELDS);
    // A wrong code comes back on the password path; it belongs beside the code field.
    const codeWrong = errors.fields.password?.filter((m) => m.startsWith('Mã xác thực')) ?? [];
    if (codeWrong.length) {
      errors.fields.password = errors.fields.password?.filter((m) => !codeWrong.includes(m));
      if (!errors.fields.password?.length) delete errors.fields.password;
      errors.fields.totpCode = [...(errors.fields.totpCode ?? []), ...codeWrong];
    }
    // Right password, second factor missing: not a mistake of the reader's, the next step.
    const codeRequested = !!errors.fields.totpCode && !totpCode;
    let message: string | null = null;
    if (problem.status === 429) {
      const minutes = problem.retryAfter ? Math.ceil(problem.retryAfter / 60) : null;
      message = minutes ? `Đăng nhập sai quá nhiều lần. Vui lòng đợi ${minutes} phút rồi thử lại.` : problem.message;
    } else if (errors.other.length || (problem.status !== 400 && problem.status !== 401)) {
      message = problem.message;
    }
    return fail(problem.status, {
      email,
      next,
      needsCode: wantsCode || !!errors.fields.totpCode,
      codeRequested,
      message,
      throttled: problem.status === 429,
      errors: errors.fields,
    });
  },
};
