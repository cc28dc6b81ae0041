// A unit's public page: where it sits in the tree (on a day), what it merged into or was formed
// from, its issued plans and their duty progress, and, for a period, its approved figures against
// the Nghị quyết 28 targets with charts, each child's figures, reporting completeness and the
// Action Month. Everything comes from the public API (/api/v1/public), which publishes only issued
// plans and approved figures with small counts suppressed.
import { isValidLocalDate, parsePeriod } from '@binh-dang/domain';
import { createPublicApi, type PublicUnitRef } from '$lib/public/api.server';
import { dictionary, formatDate, formatInstantDay, langOf, periodName, type Lang } from '$lib/public/i18n';
import { apiHref, planHref, unitHref } from '$lib/public/links';
import {
  actionMonth,
  charts,
  childrenTable,
  documentName,
  nq28Groups,
  operationalRows,
  planNumber,
  progressTotals,
} from '$lib/public/view';
import type { PageServerLoad } from './$types';

const ADMINISTRATIVE = new Set(['province', 'district', 'commune']);

function unitLink(u: PublicUnitRef, lang: Lang, options: { period?: string | null; at?: string | null } = {}) {
  return { id: u.id, name: u.name, href: unitHref(u.id, lang, options) };
}

export const load: PageServerLoad = async (event) => {
  const { url, params } = event;
  const lang = langOf(url);
  const t = dictionary(lang);
  const api = createPublicApi(event, lang);

  const rawAt = url.searchParams.get('at')?.trim() ?? '';
  const invalidAt = rawAt !== '' && !isValidLocalDate(rawAt) ? rawAt : null;
  const askedAt = rawAt !== '' && !invalidAt ? rawAt : null;
  const rawPeriod = url.searchParams.get('period')?.trim() ?? '';
  const askedPeriod = rawPeriod !== '' && parsePeriod(rawPeriod) ? rawPeriod : null;

  const unit = await api.unit(params.unitId, askedAt ?? undefined);
  const period = askedPeriod ?? unit.periods[0]?.period ?? null;
  const rootId = unit.ancestors[0]?.id ?? unit.unit.id;

  const [results, catalogue, below, provincePlans, progress] = await Promise.all([
    period ? api.results(unit.unit.id, period) : Promise.resolve(null),
    api.indicators(),
    api.plansBelow(unit.unit.id),
    rootId === unit.unit.id ? Promise.resolve(null) : api.plansBelow(rootId),
    Promise.all(unit.plans.map((p) => api.progress(p.id))),
  ]);

  // Links carry on the period and the day the reader chose (not the defaults).
  const carry = { period: askedPeriod, at: askedAt };
  const ancestorIds = new Set(unit.ancestors.map((a) => a.id));
  const periodYear = period ? parsePeriod(period)!.year : Number(unit.at.slice(0, 4));
  const periodLabel = period ? periodName(period, lang) : null;

  const planRow = (p: { id: string; year: number; status: string; number: string | null; title: string; issuingUnitName: string }) => ({
    id: p.id,
    href: planHref(p.id, lang),
    number: p.number,
    title: p.title,
    year: p.year,
    unitName: p.issuingUnitName,
    superseded: p.status === 'superseded',
  });

  const ownPlans = unit.plans.map((p, i) => {
    const duties = progress[i]?.duties ?? [];
    const totals = progressTotals(duties);
    return {
      ...planRow({ ...p, number: planNumber(p), title: documentName(p) }),
      progress: duties.length ? t.dutyProgressSummary(totals.done, totals.units, totals.overdue) : null,
    };
  });
  const fromRows = (rows: Awaited<ReturnType<typeof api.plansBelow>>) =>
    rows.map((r) =>
      planRow({
        id: String(r.plan_id),
        year: Number(r.year),
        status: String(r.status),
        number: r.number === null ? null : String(r.number),
        title: String(r.title),
        issuingUnitName: String(r.issuing_unit_name),
      }),
    );
  const upperPlans = fromRows((provincePlans ?? []).filter((r) => ancestorIds.has(String(r.issuing_unit_id))));
  const lowerPlans = fromRows(below.filter((r) => r.issuing_unit_id !== unit.unit.id));

  // A period the unit did not exist in: the units that held it then.
  const missingPeriod = period !== null && results === null;
  const p = period ? parsePeriod(period) : null;
  const elsewhere = missingPeriod
    ? [...(unit.successor && p && unit.unit.validTo && p.start > unit.unit.validTo ? [unit.successor] : []), ...(p && unit.unit.validFrom && p.end < unit.unit.validFrom ? unit.predecessors : [])].map((u) =>
        unitLink(u, lang, { period }),
      )
    : [];

  const periods = unit.periods.map((x) => ({ code: x.period, label: periodName(x.period, lang) }));
  if (period && !periods.some((x) => x.code === period)) periods.unshift({ code: period, label: periodName(period, lang) });

  return {
    lang,
    unit: {
      id: unit.unit.id,
      name: unit.unit.name,
      kind: t.kindNames[unit.unit.kind] ?? unit.unit.kind,
      validity: t.validity(unit.unit.validFrom ? formatDate(unit.unit.validFrom, lang) : null, unit.unit.validTo ? formatDate(unit.unit.validTo, lang) : null),
    },
    at: unit.at,
    atText: formatDate(unit.at, lang),
    askedAt,
    invalidAt,
    breadcrumb: unit.ancestors.map((a) => unitLink(a, lang, carry)),
    successor: unit.successor
      ? { ...unitLink(unit.successor, lang, { period: askedPeriod }), from: formatDate(unit.successor.validFrom, lang) }
      : null,
    predecessors: unit.predecessors.map((u) => ({
      ...unitLink(u, lang, { period: askedPeriod }),
      validity: t.validity(u.validFrom ? formatDate(u.validFrom, lang) : null, u.validTo ? formatDate(u.validTo, lang) : null),
    })),
    children: unit.children.filter((c) => ADMINISTRATIVE.has(c.kind)).map((c) => unitLink(c, lang, carry)),
    agencies: unit.children.filter((c) => !ADMINISTRATIVE.has(c.kind)).map((c) => unitLink(c, lang, carry)),
    periods,
    period: period ? { code: period, label: periodLabel! } : null,
    missingPeriod,
    elsewhere,
    ownPlans,
    upperPlans,
    lowerPlans,
    results: results
      ? {
          threshold: results.threshold,
          asOf: results.asOf ? formatInstantDay(results.asOf, lang) : null,
          nq28: nq28Groups(results, catalogue, periodYear, lang),
          operational: operationalRows(results, lang),
          charts: charts(results, lang),
          children: childrenTable(results, lang),
          anySuppressed:
            results.indicators.some((i) => i.cells.total.suppressed || i.cells.female.suppressed || i.cells.male.suppressed) ||
            results.children.some((ch) => Object.values(ch.cells).some((c) => c.suppressed)),
          completeness: results.completeness,
          licencePath: results.licence.path,
        }
      : null,
    // Without a period (no approved figures yet) the targets still show: what was promised.
    targetsOnly: results === null && !missingPeriod ? nq28Groups(null, catalogue, periodYear, lang) : null,
    actionMonth: { year: periodYear, ...actionMonth(periodYear) },
    downloads: {
      results: period && results ? { csv: apiHref.results(unit.unit.id, period, 'csv'), json: apiHref.results(unit.unit.id, period, 'json') } : null,
      plans: { csv: apiHref.plans(unit.unit.id, 'csv'), json: apiHref.plans(unit.unit.id, 'json') },
      datapackage: apiHref.datapackage,
    },
  };
};
