export * from './dates.ts';
export * from './org-unit.ts';
export * from './period.ts';
export * from './plan.ts';
export * from './permission.ts';
