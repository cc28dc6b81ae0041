// Pages for signed-in users: a visitor without a session goes to the sign-in page and comes back.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { signInPath } from '$lib/session';

type GuardEvent = Pick<RequestEvent, 'locals' | 'url' | 'setHeaders'>;

/** The signed-in user, or a redirect to /dang-nhap?next=<this page>. */
export function requireMe(event: GuardEvent) {
  const { me, sessionUnverified } = event.locals;
  if (!me) {
    if (sessionUnverified) error(503, 'Không kiểm tra được phiên đăng nhập vì máy chủ dữ liệu không trả lời. Vui lòng thử lại sau ít phút.');
    redirect(303, signInPath(event.url));
  }
  return me;
}

/** The signed-in user and the membership they work in; 403 without any role. */
export function requireMembership(event: GuardEvent) {
  const me = requireMe(event);
  const membership = event.locals.membership;
  if (!membership) error(403, 'Tài khoản của bạn chưa được giao vai trò ở đơn vị nào. Vui lòng liên hệ quản trị viên.');
  return { me, membership };
}
