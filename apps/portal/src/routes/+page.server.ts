// The home page. For everyone: the entry of the public site — the provinces (the old one to
// 30/06/2025 and the merged one from 01/07/2025) with the units under them, their issued plans and
// the periods with approved figures, read from the public API only; and the open data. For
// signed-in staff, below it: the whole tree and every plan they may read (drafts included).
import { todayInVietnam, type OrgUnit } from '@binh-dang/domain';
import { createApi } from '$lib/server/api';
import { administrativeChildren, flattenTree, indexById, predecessorsOf } from '$lib/org-units';
import { createPublicApi } from '$lib/public/api.server';
import { dictionary, formatDate, langOf, periodName } from '$lib/public/i18n';
import { apiHref, planHref, unitHref } from '$lib/public/links';
import type { RequestEvent } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// Server-rendered only, like the rest of the public site: no JavaScript on the home page.
export const csr = false;

type UnitLink = Pick<OrgUnit, 'id' | 'name' | 'validFrom' | 'validTo' | 'provenance'>;

const link = ({ id, name, validFrom, validTo, provenance }: OrgUnit): UnitLink => ({ id, name, validFrom, validTo, provenance });

const ADMINISTRATIVE = new Set(['province', 'district', 'commune']);

async function publicProvinces(event: RequestEvent) {
  const lang = langOf(event.url);
  const t = dictionary(lang);
  const api = createPublicApi(event, lang);
  const roots = await api.provinces();
  const [units, plans] = await Promise.all([Promise.all(roots.map((r) => api.unit(r.id))), Promise.all(roots.map((r) => api.plansBelow(r.id)))]);
  return units.map((u, i) => ({
    id: u.unit.id,
    name: u.unit.name,
    href: unitHref(u.unit.id, lang),
    validity: t.validity(u.unit.validFrom ? formatDate(u.unit.validFrom, lang) : null, u.unit.validTo ? formatDate(u.unit.validTo, lang) : null),
    current: u.unit.validTo === null,
    successor: u.successor ? { name: u.successor.name, href: unitHref(u.successor.id, lang), from: formatDate(u.successor.validFrom, lang) } : null,
    predecessors: u.predecessors.map((p) => ({ id: p.id, name: p.name, href: unitHref(p.id, lang) })),
    at: formatDate(u.at, lang),
    children: u.children.filter((c) => ADMINISTRATIVE.has(c.kind)).map((c) => ({ id: c.id, name: c.name, href: unitHref(c.id, lang) })),
    plans: plans[i]!.length,
    // The newest issued plans anywhere in the province (the API lists them newest year first).
    recentPlans: [...plans[i]!]
      .filter((r) => r.status === 'issued')
      .sort((a, b) => Number(b.year) - Number(a.year))
      .slice(0, 5)
      .map((r) => ({ id: String(r.plan_id), href: planHref(String(r.plan_id), lang), title: String(r.title), unit: String(r.issuing_unit_name), year: Number(r.year), number: r.number === null ? null : String(r.number) })),
    periods: u.periods.map((p) => ({ code: p.period, label: periodName(p.period, lang), href: unitHref(u.unit.id, lang, { period: p.period }) })),
  }));
}

/** What the home page showed before the public site: the tree and the plans, as the reader may see them. */
async function staffView(event: RequestEvent) {
  const api = createApi(event);
  const [tree, plans] = await Promise.all([api.orgTree(), api.plans()]);
  const units = flattenTree(tree.roots);
  const byId = indexById(units);
  const rootOf = (unitId: string) => byId.get(unitId)?.path.split('/').find(Boolean);

  return tree.roots.map((root) => {
    const successor = root.successorId ? byId.get(root.successorId) : undefined;
    return {
      unit: link(root),
      code: root.code,
      successor: successor ? link(successor) : null,
      predecessors: predecessorsOf(root.id, units).map(link),
      subunits: administrativeChildren(root).map((child) => ({
        unit: link(child),
        localKind: child.localKind,
        predecessors: predecessorsOf(child.id, units).map(link),
        subunits: administrativeChildren(child).map(link),
      })),
      plans: plans.items.filter((p) => rootOf(p.issuingUnitId) === root.id),
    };
  });
}

export const load: PageServerLoad = async (event) => {
  const lang = langOf(event.url);
  const [provinces, staff] = await Promise.all([publicProvinces(event), event.locals.me ? staffView(event) : Promise.resolve(null)]);
  return {
    lang,
    publicProvinces: provinces,
    openData: { datapackage: apiHref.datapackage, docs: apiHref.docs, indicators: apiHref.indicators },
    provinces: staff,
    today: todayInVietnam(),
  };
};
