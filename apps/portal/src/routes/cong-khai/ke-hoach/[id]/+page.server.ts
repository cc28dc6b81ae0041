// An issued plan for the public: the official text (as on the staff plan page, from the same
// component), the .docx, who is assigned what, and the progress of its duties (units done, in
// progress, not started, overdue). Drafts are not public: the API answers 404 for them.
import { toLocalDate } from '@binh-dang/domain';
import { assignmentRows } from '$lib/plan-view';
import { createPublicApi } from '$lib/public/api.server';
import { dictionary, formatDate, langOf } from '$lib/public/i18n';
import { apiHref, unitHref } from '$lib/public/links';
import { documentName, planNumber, progressTotals } from '$lib/public/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const lang = langOf(event.url);
  const t = dictionary(lang);
  const api = createPublicApi(event, lang);
  const { plan, units } = await api.plan(event.params.id);
  const [issuer, progress] = await Promise.all([api.unit(plan.issuingUnitId), api.progress(plan.id)]);
  const names = new Map(units.map((u) => [u.id, u.name]));
  const unitName = (id: string) => names.get(id) ?? id;
  const assignments = plan.implementation.assignments;
  const duties = progress?.duties ?? [];
  const { year, month, day } = plan.header.date;

  return {
    lang,
    plan,
    name: documentName(plan),
    number: planNumber({ number: plan.header.number, typeCode: plan.header.typeCode, issuerCode: plan.header.issuerCode }),
    issuedOn: month && day ? formatDate(toLocalDate(year, month, day), lang) : null,
    status: plan.status === 'superseded' ? t.planStatusSuperseded : t.planStatusIssued,
    superseded: plan.status === 'superseded',
    issuer: { id: issuer.unit.id, name: issuer.unit.name, href: unitHref(issuer.unit.id, lang) },
    resultsHref: unitHref(issuer.unit.id, lang, { period: String(plan.year) }),
    breadcrumb: [...issuer.ancestors, issuer.unit].map((u) => ({ id: u.id, name: u.name, href: unitHref(u.id, lang) })),
    rows: assignmentRows(plan, unitName),
    counts: {
      assignments: assignments.length,
      duties: assignments.reduce((n, a) => n + a.duties.length, 0),
      units: new Set(assignments.flatMap((a) => a.units.map((u) => u.orgUnitId))).size,
    },
    progress: {
      asOf: progress ? formatDate(progress.asOf, lang) : null,
      duties: duties.map((d) => ({ ...d, due: d.dueDate ? formatDate(d.dueDate, lang) : null })),
      totals: progressTotals(duties),
    },
    downloads: { docx: apiHref.docx(plan.id), progressCsv: apiHref.progressCsv(plan.id), progressJson: apiHref.progressJson(plan.id) },
  };
};
