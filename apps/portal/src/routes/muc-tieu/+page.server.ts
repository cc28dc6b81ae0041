// A unit's own targets for a year (GET/PUT /api/v1/org-units/{unitId}/targets): each indicator of
// the catalogue with its national targets (Nghị quyết 28/NQ-CP, 2025 and 2030) and the unit's own
// (comparator and value), all saved in one form. `?unit=` picks a unit within the user's roles,
// `?year=` the year (2021–2030 by default choice). Coordinators and province administrators
// (targets.manage) change them; every other role reads them. The API keeps no version of targets:
// the form sends only the rows that changed and first checks that nobody saved those rows since
// the page was opened; if someone did, the stored targets show beside the rows, the typed ones stay.
import { error, fail, redirect } from '@sveltejs/kit';
import { isActiveOn, isWithin, todayInVietnam, type TargetComparator } from '@binh-dang/domain';
import { createApi } from '$lib/server/api';
import { requireMembership } from '$lib/server/guard';
import { allows } from '$lib/server/plan-api';
import { flattenTree, validityText } from '$lib/org-units';
import { createIndicatorApi } from '$lib/indicator-api.server';
import { catalogueGroups, defaultComparator, formatTarget, nationalTarget } from '$lib/indicator-format';
import { readTargetsForm, rowsOf, sortTargetProblems, storedKey, targetChanges, targetConflicts, type TargetRows } from '$lib/indicator-targets';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const FIRST_YEAR = 2021;
const LAST_YEAR = 2030;

export interface TargetsState {
  rows: TargetRows;
  errors: Record<string, string[]>;
  other: string[];
  message: string | null;
  /** Rows someone else saved meanwhile: the target stored now, as a reader says it. */
  conflicts: Record<string, string>;
  notice: string | null;
}

function yearOf(raw: string | null): number {
  const year = Number(raw);
  if (raw && Number.isInteger(year) && year >= 2000 && year <= 2999) return year;
  const now = Number(todayInVietnam().slice(0, 4));
  return Math.min(LAST_YEAR, Math.max(FIRST_YEAR, now));
}

/**
 * The units the user's roles in force reach that existed during the year, in tree order, and the
 * chosen one. Without `?year=`, the current year, or the last year the chosen unit existed (a
 * district merged away in 2025 opens on 2025).
 */
async function scope(event: RequestEvent, unitParam: string | null, yearParam: string | null) {
  const { me, membership } = requireMembership(event);
  const active = me.memberships.filter((m) => m.active);
  if (active.length === 0) error(403, `Vai trò ${membership.roleLabel} tại ${membership.orgUnitName} chưa có hiệu lực: vai trò Quản trị tỉnh cần bật xác thực hai lớp.`);
  const tree = await createApi(event).orgTree();
  const reachable = flattenTree(tree.roots)
    .filter((u) => active.some((m) => isWithin(u.path, m.path)))
    .sort((a, b) => a.path.localeCompare(b.path));
  const preferred = unitParam ?? (membership.active ? membership.orgUnitId : active[0]?.orgUnitId);
  let year = yearOf(yearParam);
  const last = reachable.find((u) => u.id === preferred)?.validTo;
  if (!yearParam && last && Number(last.slice(0, 4)) < year) year = Number(last.slice(0, 4));
  const existed = (u: (typeof reachable)[number]) => isActiveOn(u, `${year}-12-31`) || isActiveOn(u, `${year}-01-01`);
  const units = reachable.filter(existed);
  const unitId = unitParam ?? (units.some((u) => u.id === preferred) ? preferred : units[0]?.id);
  // A unit asked for by name stays chosen in a year it did not exist: the page says so.
  const unit = reachable.find((u) => u.id === unitId);
  if (!unit) error(404, `Không tìm thấy đơn vị “${unitParam ?? ''}” trong phạm vi vai trò của bạn.`);
  if (!units.includes(unit)) units.push(unit);
  units.sort((a, b) => a.path.localeCompare(b.path));
  const baseDepth = Math.min(...active.map((m) => m.path.split('/').filter(Boolean).length));
  return {
    me,
    unit,
    year,
    inForce: existed(unit),
    options: units.map((u) => {
      const indent = '— '.repeat(Math.max(0, u.path.split('/').filter(Boolean).length - baseDepth));
      const validity = existed(u) ? '' : ` (${validityText(u, 'short') ?? 'không hoạt động năm này'})`;
      return { id: u.id, label: `${indent}${u.name}${validity}` };
    }),
  };
}

export const load: PageServerLoad = async (event) => {
  const { me, unit, year, inForce, options } = await scope(event, event.url.searchParams.get('unit'), event.url.searchParams.get('year'));
  event.setHeaders({ 'cache-control': 'private, no-store' });
  const api = createIndicatorApi(event);
  const [records, stored] = await Promise.all([api.catalogue(), inForce ? api.targets(unit.id, year) : Promise.resolve([])]);
  const byCode = new Map(records.map((r) => [r.indicator.code, r.indicator]));
  const rows = records.map((r) => ({
    code: r.indicator.code,
    name: r.indicator.nameVi,
    unit: r.indicator.unit,
    boolean: r.indicator.unit === 'có/không',
    national2025: nationalTarget(r.indicator, 2025),
    national2030: nationalTarget(r.indicator, 2030),
    nationalThisYear: year === 2025 || year === 2030 ? null : nationalTarget(r.indicator, year),
    toConfirm: r.indicator.verification === 'to-confirm',
    indicator: { objective: r.indicator.objective },
  }));
  const saved = event.url.searchParams.get('da-luu');
  return {
    year,
    years: Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i).concat(year < FIRST_YEAR || year > LAST_YEAR ? [year] : []),
    unit: { id: unit.id, name: unit.name },
    notInForce: inForce ? null : `${unit.name} không hoạt động trong năm ${year}${validityText(unit) ? ` (hoạt động ${validityText(unit)})` : ''}: chọn năm khác hoặc đơn vị khác.`,
    unitOptions: options,
    canEdit: allows('targets.manage', me, unit.path),
    groups: catalogueGroups(rows),
    rows: rowsOf(
      records.map((r) => r.indicator.code),
      stored,
      (code) => {
        const ind = byCode.get(code);
        return ind ? defaultComparator(ind) : '>=';
      },
    ),
    storedCount: stored.length,
    storedText: Object.fromEntries(
      stored.flatMap((t) => {
        const ind = byCode.get(t.indicatorCode);
        return ind ? [[t.indicatorCode, formatTarget({ comparator: t.comparator as TargetComparator, value: t.value }, ind.unit)]] : [];
      }),
    ) as Record<string, string>,
    saved: saved === null ? null : Number(saved) || 0,
  };
};

export const actions: Actions = {
  luu: async (event) => {
    const data = await event.request.formData();
    const { unit, year, inForce } = await scope(event, String(data.get('unit') ?? '') || null, String(data.get('year') ?? '') || null);
    if (!inForce) {
      const none: TargetsState = { rows: {}, errors: {}, other: [], message: `${unit.name} không hoạt động trong năm ${year}.`, conflicts: {}, notice: null };
      return fail(400, { targets: none });
    }
    const api = createIndicatorApi(event);
    const records = await api.catalogue();
    const indicators = new Map(records.map((r) => [r.indicator.code, r.indicator]));
    const rows = readTargetsForm(
      data,
      records.map((r) => r.indicator.code),
    );
    const state = (extra: Partial<TargetsState>): TargetsState => ({ rows, errors: {}, other: [], message: null, conflicts: {}, notice: null, ...extra });

    const { changes, errors } = targetChanges(rows, indicators);
    if (Object.keys(errors).length) return fail(400, { targets: state({ errors, message: 'Chưa lưu: có ô chưa đúng, xem thông báo bên cạnh các ô được đánh dấu.' }) });
    if (changes.length === 0) return { targets: state({ notice: 'Không có thay đổi nào để lưu.' }) };

    // Someone saved these rows since the page was opened: show theirs, keep the typed ones, and
    // take the stored ones as the new starting point (saving again saves over them on purpose).
    const stored = await api.targets(unit.id, year);
    const conflicts = targetConflicts(changes, rows, stored, indicators);
    if (Object.keys(conflicts).length) {
      const byCode = new Map(stored.map((t) => [t.indicatorCode, t]));
      for (const code of Object.keys(conflicts)) {
        const row = rows[code];
        if (row) row.was = storedKey(byCode.get(code));
      }
      return fail(409, {
        targets: state({
          conflicts,
          message: `Người khác đã lưu mục tiêu của ${Object.keys(conflicts).length} chỉ tiêu trong lúc bạn sửa. Mục tiêu đã lưu hiện dưới từng ô; số bạn nhập vẫn còn. Bấm “Lưu mục tiêu” lần nữa để lưu đè, hoặc sửa lại các ô đó.`,
        }),
      });
    }

    const answer = await api.saveTargets(unit.id, year, changes);
    if (answer.ok) redirect(303, `/muc-tieu?unit=${encodeURIComponent(unit.id)}&year=${year}&da-luu=${changes.length}`);
    const { problem } = answer;
    if (problem.status === 400) {
      const sorted = sortTargetProblems(problem.errors, changes);
      return fail(400, { targets: state({ ...sorted, message: 'Chưa lưu: có ô chưa đúng, xem thông báo bên cạnh các ô được đánh dấu.' }) });
    }
    return fail(problem.status, { targets: state({ message: `Chưa lưu được: ${problem.message}` }) });
  },
};
