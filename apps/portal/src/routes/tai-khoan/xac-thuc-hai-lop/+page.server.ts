// Two-factor set-up, in two forms: the password (the API answers with the TOTP key and the
// recovery codes), then a code from the authenticator app to confirm it (the API renews the
// session cookie; handleFetch passes it on). The key and the codes exist only in the answers'
// HTML: never in a cookie, an address or a log. The confirm form carries them back in its body so
// that a mistyped code does not lose them; what comes back is checked and only shown again.
import { fail } from '@sveltejs/kit';
import { createApi } from '$lib/server/api';
import { requireMe } from '$lib/server/guard';
import { qrSvg } from '$lib/server/qr';
import { formErrors } from '$lib/session';
import { normaliseTotpCode, parseTotpUri, recoveryCodesOf } from '$lib/two-factor';
import type { Actions, PageServerLoad } from './$types';

const ALREADY_ON = 'Xác thực hai lớp đã được bật cho tài khoản này.';

export const load: PageServerLoad = (event) => {
  const me = requireMe(event);
  return {
    email: me.user.email,
    twoFactorEnabled: me.twoFactorEnabled,
    twoFactorRequired: me.twoFactorRequired,
  };
};

/** What the page shows of a key being set up. */
function enrolment(totpURI: string, backupCodes: string[]) {
  const key = parseTotpUri(totpURI);
  if (!key) return null;
  let qr: string | null = null;
  try {
    qr = qrSvg(key.uri);
  } catch (_error) {
    // Too long for a QR code (it is not): the link and the typed key still work.
  }
  return { uri: key.uri, grouped: key.grouped, account: key.account, issuer: key.issuer, digits: key.digits, period: key.period, qr, backupCodes };
}

type Enrolment = NonNullable<ReturnType<typeof enrolment>>;

export const actions: Actions = {
  batDau: async (event) => {
    const me = requireMe(event);
    if (me.twoFactorEnabled) return fail(409, { start: { errors: {}, message: ALREADY_ON } });
    const form = await event.request.formData();
    const password = form.get('password');
    if (typeof password !== 'string' || !password)
      return fail(400, { start: { errors: { password: ['Vui lòng nhập mật khẩu.'] }, message: null as string | null } });

    const answer = await createApi(event).startTwoFactor(password);
    if (!answer.ok) {
      const { problem } = answer;
      const errors = formErrors(problem.errors, ['password'] as const);
      const message = errors.other.length || !errors.fields.password ? problem.message : null;
      return fail(problem.status, { start: { errors: errors.fields, message } });
    }
    const shown = enrolment(answer.body.totpURI, answer.body.backupCodes);
    if (!shown)
      return fail(502, { start: { errors: {}, message: 'Máy chủ dữ liệu trả về khoá xác thực không đọc được. Vui lòng thử lại.' } });
    return { enrolment: shown };
  },

  xacNhan: async (event) => {
    requireMe(event);
    const form = await event.request.formData();
    const typed = form.get('code');
    const uri = form.get('totpURI');
    // The key and codes of the answer before, to show again beside a mistyped code.
    const shown: Enrolment | null = typeof uri === 'string' ? enrolment(uri, recoveryCodesOf(form.getAll('backupCode'))) : null;
    const again = (status: number, errors: { code?: string[] }, message: string | null = null) =>
      fail(status, { enrolment: shown, verify: { errors, message } });

    const code = normaliseTotpCode(typeof typed === 'string' ? typed : '');
    if (!code)
      return again(400, { code: [typed ? 'Mã xác thực gồm 6 chữ số.' : 'Vui lòng nhập mã 6 chữ số từ ứng dụng.'] });

    const answer = await createApi(event).verifyTwoFactor(code);
    if (!answer.ok) {
      const { problem } = answer;
      const errors = formErrors(problem.errors, ['code'] as const);
      const message = errors.other.length || !errors.fields.code ? problem.message : null;
      return again(problem.status, errors.fields, message);
    }
    return { enabled: true };
  },
};
