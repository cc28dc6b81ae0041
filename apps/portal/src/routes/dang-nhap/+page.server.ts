// Sign-in: e-mail and password, and the second factor once the API asks for it: the 6-digit code
// of the authenticator app or, chosen with "Dùng mã khôi phục", one of the recovery codes. The
// API sets the session cookie; handleFetch passes it on to the browser. Then back to `next` (a
// path on this site) or the account page.
import { fail, redirect } from '@sveltejs/kit';
import { createApi } from '$lib/server/api';
import { formErrors, safeNext } from '$lib/session';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['email', 'password', 'totpCode', 'recoveryCode'] as const;
type Field = (typeof FIELDS)[number];
type Errors = Partial<Record<Field, string[]>>;

/** How the second factor is given: the app's code, or a recovery code. */
type CodeMethod = 'totp' | 'recovery';

const WRONG_RECOVERY_CODE = 'Mã khôi phục không đúng hoặc đã được dùng.';

export const load: PageServerLoad = ({ locals, url }) => {
  const next = safeNext(url.searchParams.get('next'), url.origin);
  if (locals.me) redirect(303, next);
  return { next, email: url.searchParams.get('email') ?? '' };
};

/** Moves the messages of field `from` to field `to` (the API's path and the form's field differ). */
function move(errors: Errors, from: Field, to: Field, keep: (message: string) => boolean = () => true) {
  const moving = errors[from]?.filter(keep) ?? [];
  if (!moving.length) return;
  const staying = errors[from]?.filter((m) => !moving.includes(m)) ?? [];
  if (staying.length) errors[from] = staying;
  else delete errors[from];
  errors[to] = [...(errors[to] ?? []), ...moving.filter((m) => !errors[to]?.includes(m))];
}

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    const email = text('email').trim();
    const password = text('password');
    const next = safeNext(text('next'), event.url.origin);
    const switchTo = text('switchTo');
    const method: CodeMethod = (switchTo || text('method')) === 'recovery' ? 'recovery' : 'totp';
    const state = { email, next, method, needsCode: true, codeRequested: false, message: null as string | null, throttled: false };

    // "Dùng mã khôi phục" / "Dùng mã từ ứng dụng": the other field, nothing sent to the API.
    if (switchTo) return { ...state, errors: {} as Errors };

    const totpCode = method === 'totp' ? text('totpCode').replace(/\s+/g, '') : '';
    const recoveryCode = method === 'recovery' ? text('recoveryCode').trim() : '';
    const codeField: Field = method === 'recovery' ? 'recoveryCode' : 'totpCode';
    const wantsCode = text('needsCode') === '1' || totpCode !== '' || recoveryCode !== '';
    if (method === 'recovery' && !recoveryCode)
      return fail(400, { ...state, errors: { recoveryCode: ['Vui lòng nhập một mã khôi phục.'] } as Errors });

    const answer = await createApi(event).signIn({
      email,
      password,
      ...(totpCode ? { totpCode } : {}),
      ...(recoveryCode ? { recoveryCode } : {}),
    });
    if (answer.ok) redirect(303, next);

    const { problem } = answer;
    const { fields: errors, other } = formErrors<Field>(problem.errors, FIELDS);
    // A wrong code may come back on the password path; it belongs beside the code field.
    move(errors, 'password', codeField, (m) => m.startsWith('Mã xác thực'));
    if (method === 'recovery') {
      move(errors, 'totpCode', 'recoveryCode');
      if (errors.recoveryCode)
        errors.recoveryCode = errors.recoveryCode.map((m) => (m.startsWith('Mã xác thực không đúng') ? WRONG_RECOVERY_CODE : m));
    } else {
      move(errors, 'recoveryCode', 'totpCode');
    }
    // Right password, second factor missing: not a mistake of the reader's, the next step.
    const codeRequested = method === 'totp' && !!errors.totpCode && !totpCode;
    let message: string | null = null;
    if (problem.status === 429) {
      const minutes = problem.retryAfter ? Math.ceil(problem.retryAfter / 60) : null;
      message = minutes ? `Đăng nhập sai quá nhiều lần. Vui lòng đợi ${minutes} phút rồi thử lại.` : problem.message;
    } else if (other.length || (problem.status !== 400 && problem.status !== 401)) {
      message = problem.message;
    }
    return fail(problem.status, {
      ...state,
      needsCode: wantsCode || !!errors[codeField],
      codeRequested,
      message,
      throttled: problem.status === 429,
      errors,
    });
  },
};
