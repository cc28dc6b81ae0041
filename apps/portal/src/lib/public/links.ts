// Addresses within the public site, with the language carried on (i18n.ts withLang), and of the
// public API's downloads (full page loads, not SvelteKit routes).
import { resolve } from '$app/paths';
import { withLang, type Lang } from './i18n';

export function homeHref(lang: Lang): string {
  return withLang(resolve('/'), lang);
}

/** A unit's public page; `period` and `at` carry on what the reader chose. */
export function unitHref(unitId: string, lang: Lang, options: { period?: string | null; at?: string | null } = {}): string {
  const params = new URLSearchParams();
  if (options.period) params.set('period', options.period);
  if (options.at) params.set('at', options.at);
  const query = params.toString();
  return withLang(`${resolve('/cong-khai/[unitId]', { unitId })}${query ? `?${query}` : ''}`, lang);
}

export function planHref(planId: string, lang: Lang): string {
  return withLang(resolve('/cong-khai/ke-hoach/[id]', { id: planId }), lang);
}

const enc = encodeURIComponent;

/** The public API's files and documents (the API answers them itself). */
export const apiHref = {
  results: (unitId: string, period: string, format: 'csv' | 'json') => `/api/v1/public/units/${enc(unitId)}/results.${format}?period=${enc(period)}`,
  plans: (unitId: string, format: 'csv' | 'json') => `/api/v1/public/units/${enc(unitId)}/plans.${format}`,
  docx: (planId: string) => `/api/v1/public/plans/${enc(planId)}/docx`,
  progressCsv: (planId: string) => `/api/v1/public/plans/${enc(planId)}/progress.csv`,
  progressJson: (planId: string) => `/api/v1/public/plans/${enc(planId)}/progress`,
  datapackage: '/api/v1/public/datapackage.json',
  indicators: '/api/v1/indicators',
  docs: '/api/docs',
};
