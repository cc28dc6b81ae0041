// The audit trail of the province (province administrators): the verification of its whole
// hash chain and the newest events. Everyone else gets the API's refusal as the page's error.
import { error, isHttpError } from '@sveltejs/kit';
import { chainOf } from '@binh-dang/domain';
import { createApi } from '$lib/server/api';
import { requireMe } from '$lib/server/guard';
import { flattenTree } from '$lib/org-units';
import { formatVnDateTime, vietnamesePart } from '$lib/session';
import type { PageServerLoad } from './$types';

const EVENTS_SHOWN = 50;

/** Vietnamese names of the actions the API records; unknown ones show their code alone. */
const ACTION_LABELS: Record<string, string> = {
  'auth.sign_in': 'Đăng nhập',
  'auth.sign_in_failed': 'Đăng nhập thất bại',
  'auth.sign_in_throttled': 'Đăng nhập bị tạm chặn',
  'auth.sign_out': 'Đăng xuất',
  'auth.two_factor_started': 'Bắt đầu bật xác thực hai lớp',
  'auth.two_factor_enabled': 'Bật xác thực hai lớp',
  'invitation.create': 'Tạo lời mời',
  'invitation.accept': 'Nhận lời mời, tạo tài khoản',
  'membership.delete': 'Gỡ vai trò',
  'plan.create': 'Tạo kế hoạch',
  'plan.update': 'Sửa kế hoạch',
};

const ENTITY_LABELS: Record<string, string> = {
  user: 'Người dùng',
  invitation: 'Lời mời',
  membership: 'Vai trò',
  plan: 'Kế hoạch',
};

export const load: PageServerLoad = async (event) => {
  const me = requireMe(event);
  event.setHeaders({ 'cache-control': 'private, no-store' });
  const current = event.locals.membership;
  // The province of the administrator role (the current one first), else of the current unit: the
  // API then says why the page is not for this reader.
  const admin = [current, ...me.memberships].find((m) => m?.role === 'province_admin' && m.active);
  if (!admin && me.memberships.some((m) => m.role === 'province_admin'))
    error(403, 'Vai trò Quản trị tỉnh cần bật xác thực hai lớp trước khi xem nhật ký.');
  const target = admin ?? current;
  if (!target) error(403, 'Tài khoản của bạn chưa được giao vai trò ở đơn vị nào. Vui lòng liên hệ quản trị viên.');
  const provinceId = chainOf(target.path);

  const api = createApi(event);
  const verification = await api.auditVerify(provinceId).catch((failure: unknown) => {
    // The API hides a province outside one's reach (404); to a signed-in reader without the
    // role, the page is simply not theirs.
    if (!admin && isHttpError(failure) && failure.status === 404)
      error(403, 'Không có quyền: Nhật ký hệ thống chỉ dành cho vai trò Quản trị tỉnh.');
    throw failure;
  });
  const [{ items }, tree] = await Promise.all([api.auditEvents(provinceId, EVENTS_SHOWN), api.orgTree()]);
  const unitNames = new Map(flattenTree(tree.roots).map((u) => [u.id, u.name]));

  return {
    province: { id: provinceId, name: unitNames.get(provinceId) ?? provinceId },
    verification: {
      ok: verification.ok,
      checked: verification.checked,
      broken: verification.firstBroken
        ? { seq: verification.firstBroken.seq, id: verification.firstBroken.id, reason: vietnamesePart(verification.firstBroken.reason) }
        : null,
    },
    events: items.map((e) => ({
      id: e.id,
      seq: e.seq,
      at: formatVnDateTime(e.at, true),
      atIso: e.at,
      actor: e.actorLabel,
      action: e.action,
      actionLabel: ACTION_LABELS[e.action] ?? null,
      entity: `${ENTITY_LABELS[e.entityType] ?? e.entityType}${e.entityId ? ` ${e.entityId}` : ''}`,
      unit: e.orgUnitId ? (unitNames.get(e.orgUnitId) ?? e.orgUnitId) : null,
    })),
    limit: EVENTS_SHOWN,
  };
};
