export * from './import-line.ts';
