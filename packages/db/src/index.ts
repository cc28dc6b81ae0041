export * from './org-units.ts';
export * from './plans.ts';
export * as schema from './schema.ts';
export type { Db } from './types.ts';
