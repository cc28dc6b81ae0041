export * from './dates.ts';
export * from './org-unit.ts';
export * from './period.ts';
export * from './plan.ts';
export * from './permission.ts';
export * from './password.ts';
export * from './ids.ts';
export * from './audit.ts';
