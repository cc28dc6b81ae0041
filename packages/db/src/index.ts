export * from './org-units.ts';
export * from './plans.ts';
export * as schema from './schema.ts';
export type { Db } from './types.ts';
export * from './memberships.ts';
export * from './sign-in-attempts.ts';
export * from './audit.ts';
export * from './duties.ts';
export * from './reports.ts';
