// Who may call an operation. Every API route declares one permission next to its schema; the
// OpenAPI document shows it as `x-permission`, and the permission-matrix test checks every
// operation against this table. A role held at an org unit reaches that unit's subtree only.
import { isWithin } from './org-unit.ts';

export const roles = ['province_admin', 'coordinator', 'reporter', 'approver', 'case_worker', 'viewer', 'finance'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, { vi: string; en: string }> = {
  province_admin: { vi: 'Quản trị tỉnh', en: 'Province administrator' },
  coordinator: { vi: 'Điều phối (cơ quan thường trực)', en: 'Coordinator' },
  reporter: { vi: 'Người nhập báo cáo', en: 'Reporter' },
  approver: { vi: 'Người phê duyệt', en: 'Approver' },
  case_worker: { vi: 'Cán bộ quản lý vụ việc', en: 'Case worker' },
  viewer: { vi: 'Người xem', en: 'Viewer' },
  finance: { vi: 'Kế toán / tài chính', en: 'Finance office' },
};

/**
 * The permission table. `public`: anyone, signed in or not. `signed-in`: any signed-in user,
 * on their own data. Every other permission lists the roles that hold it within their subtree.
 */
export const permissionTable = {
  public: 'anyone',
  'signed-in': 'signed-in',
  'memberships.read': ['province_admin', 'coordinator'],
  'memberships.manage': ['province_admin', 'coordinator'],
  'audit.read': ['province_admin'],
  'plans.edit': ['province_admin', 'coordinator'],
  'plans.issue': ['province_admin', 'approver'],
  'duties.read': ['province_admin', 'coordinator', 'reporter', 'approver', 'case_worker', 'viewer', 'finance'],
  'duties.update': ['province_admin', 'coordinator', 'reporter', 'approver'],
  'reports.read': ['province_admin', 'coordinator', 'reporter', 'approver', 'case_worker', 'viewer', 'finance'],
  'reports.edit': ['province_admin', 'coordinator', 'reporter'],
  /** Checked at the level above the report's unit: a unit never approves its own report. */
  'reports.review': ['province_admin', 'coordinator', 'approver'],
  'targets.manage': ['province_admin', 'coordinator'],
  'indicators.manage': ['province_admin'],
  /** Activities (communication, training, prevention models, inspections): the records the operational indicators count. */
  'activities.read': ['province_admin', 'coordinator', 'reporter', 'approver', 'case_worker', 'viewer', 'finance'],
  'activities.manage': ['province_admin', 'coordinator', 'reporter'],
  /** Budget allocations and expenses, in VND; entered by the finance office. */
  'budget.read': ['province_admin', 'coordinator', 'reporter', 'approver', 'viewer', 'finance'],
  'budget.manage': ['province_admin', 'finance'],
  /**
   * Cases, non-identifying fields only (type, context, sex, age group, steps, dates). Identifying
   * fields and every write need more than this: a role named in CASE_IDENTIFYING_POLICY (case.ts),
   * held at exactly the case's unit — the route checks it after this subtree check.
   */
  'cases.read': ['province_admin', 'coordinator', 'approver', 'case_worker'],
  'cases.manage': ['case_worker'],
  /** Send the due deadline reminders of a subtree now (the daily job sends them anyway; idempotent). */
  'reminders.run': ['province_admin', 'coordinator'],
} as const satisfies Record<string, 'anyone' | 'signed-in' | readonly Role[]>;

export type Permission = keyof typeof permissionTable;
export const permissions = Object.keys(permissionTable) as Permission[];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && Object.hasOwn(permissionTable, value);
}

/** Roles that hold a unit-scoped permission; null for `public` and `signed-in`. */
export function rolesFor(permission: Permission): readonly Role[] | null {
  const rule = permissionTable[permission];
  return typeof rule === 'string' ? null : rule;
}

export interface Grant {
  role: Role;
  /** Path of the org unit the role is held at. */
  path: string;
}

export type AccessDecision = 'allow' | 'unauthenticated' | 'hidden' | 'forbidden';

/**
 * The decision for a caller with `grants` (null when not signed in) on a target unit.
 * Outside every grant's subtree the target is `hidden` (answered 404 so existence does not
 * leak); inside a subtree but without a role that holds the permission it is `forbidden` (403).
 */
export function decide(permission: Permission, grants: readonly Grant[] | null, targetPath: string | null): AccessDecision {
  const rule = permissionTable[permission];
  if (rule === 'anyone') return 'allow';
  if (grants === null) return 'unauthenticated';
  if (rule === 'signed-in') return 'allow';
  if (targetPath === null) return grants.some((g) => rule.includes(g.role as never)) ? 'allow' : 'forbidden';
  const reaching = grants.filter((g) => isWithin(targetPath, g.path));
  if (reaching.length === 0) return 'hidden';
  return reaching.some((g) => rule.includes(g.role as never)) ? 'allow' : 'forbidden';
}

/** Roles a holder of `role` may grant to others (always within its own subtree). */
export function grantableRoles(role: Role): readonly Role[] {
  switch (role) {
    case 'province_admin':
      return roles;
    case 'coordinator':
      return ['coordinator', 'reporter', 'approver', 'case_worker', 'viewer', 'finance'];
    default:
      return [];
  }
}

/** Roles that must sign in with a second factor (TOTP). */
export const rolesRequiringTwoFactor: readonly Role[] = ['province_admin'];

/** Administrative permissions that need a recent sign-in (security checklist), and how recent. */
export const permissionsNeedingRecentSignIn: readonly Permission[] = ['memberships.manage'];
export const RECENT_SIGN_IN_MINUTES = 60;
