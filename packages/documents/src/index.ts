export * from './errors.ts';
export * from './import-line.ts';
export * from './plan-docx.ts';
export * from './docx-read.ts';
export * from './plan-import.ts';
export * from './upload-type.ts';
export * from './report-xlsx.ts';
