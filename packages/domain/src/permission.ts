// Who may call an operation. Every API route declares one of these next to its schema, and the
// OpenAPI document shows it as `x-permission`. Role-based permissions arrive with sign-in.
export const permissions = ['public'] as const;
export type Permission = (typeof permissions)[number];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (permissions as readonly string[]).includes(value);
}
