// A unit's own targets for a year (GET/PUT /api/v1/org-units/{unitId}/targets): each indicator of
// the catalogue with its national targets (Nghị quyết 28/NQ-CP, 2025 and 2030) and the unit's own
// (comparator and value), all saved in one form. `?unit=` picks a unit within the user's roles,
// `?year=` the year (2021–2030 by default choice). Coordinators and province administrators
// (targets.manage) change them; every other role reads them. The year's targets have a version
// (0 before the first save): the form sends only the rows that changed, with the version the page
// was opened with; when someone saved first the API refuses it (409) with the targets stored now,
// the conflict shows above the form and beside each row both changed (Vietnamese, English in
// parentheses), what was typed stays, and saving again with the new version saves over on purpose.
import { error, fail, redirect } from '@sveltejs/kit';
import { isActiveOn, isWithin, todayInVietnam, type TargetComparator } from '@binh-dang/domain';
import { createApi } from '$lib/server/api';
import { requireMembership } from '$lib/server/guard';
import { allows } from '$lib/server/plan-api';
import { flattenTree, validityText } from '$lib/org-units';
import { createIndicatorApi } from '$lib/indicator-api.server';
import { catalogueGroups, defaultComparator, formatTarget, nationalTarget, parseVnNumber } from '$lib/indicator-format';
import { readTargetsForm, rebaseTargets, rowsOf, sortTargetProblems, targetChanges, type TargetRows } from '$lib/indicator-targets';
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
  /** After a stale save: the version stored now, what it changed, for the panel above the form. */
  conflict: { version: number; rows: { code: string; name: string; theirs: string; yours: string }[]; taken: string[] } | null;
  notice: string | null;
  /** The version to save with next (the posted one, or after a 409 the one stored now). */
  version: number;
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
  const [records, { items: stored, version }] = await Promise.all([api.catalogue(), inForce ? api.targets(unit.id, year) : Promise.resolve({ items: [], version: 0 })]);
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
    version,
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
    const postedVersion = Number(data.get('version'));
    const version = Number.isInteger(postedVersion) && postedVersion >= 0 ? postedVersion : 0;
    if (!inForce) {
      const none: TargetsState = { rows: {}, errors: {}, other: [], message: `${unit.name} không hoạt động trong năm ${year}.`, conflicts: {}, conflict: null, notice: null, version };
      return fail(400, { targets: none });
    }
    const api = createIndicatorApi(event);
    const records = await api.catalogue();
    const indicators = new Map(records.map((r) => [r.indicator.code, r.indicator]));
    const rows = readTargetsForm(
      data,
      records.map((r) => r.indicator.code),
    );
    const state = (extra: Partial<TargetsState>): TargetsState => ({ rows, errors: {}, other: [], message: null, conflicts: {}, conflict: null, notice: null, version, ...extra });

    const { changes, errors } = targetChanges(rows, indicators);
    if (Object.keys(errors).length) return fail(400, { targets: state({ errors, message: 'Chưa lưu: có ô chưa đúng, xem thông báo bên cạnh các ô được đánh dấu.' }) });
    if (changes.length === 0) return { targets: state({ notice: 'Không có thay đổi nào để lưu.' }) };

    const answer = await api.saveTargets(unit.id, year, version, changes);
    if (answer.ok) redirect(303, `/muc-tieu?unit=${encodeURIComponent(unit.id)}&year=${year}&da-luu=${changes.length}`);
    const { problem } = answer;
    if (problem.status === 409) {
      // Someone saved this year's targets first: nothing of this save was written. Put the form on
      // top of what is stored now (the 409's `current`, or a fresh read), keep what was typed.
      const current = problem.current ?? (await api.targets(unit.id, year).catch(() => null));
      if (!current) return fail(409, { targets: state({ message: `Chưa lưu: ${problem.message}` }) });
      const rebased = rebaseTargets(rows, current.items, indicators);
      const typedText = (code: string) => {
        const row = rebased.rows[code];
        const value = row && row.value !== '' ? parseVnNumber(row.value) : null;
        const unitOf = indicators.get(code)?.unit;
        return row && value !== null && unitOf ? formatTarget({ comparator: row.comparator as TargetComparator, value }, unitOf) : 'không có mục tiêu';
      };
      const conflictRows = Object.entries(rebased.conflicts).map(([code, theirs]) => ({ code, name: indicators.get(code)?.nameVi ?? code, theirs, yours: typedText(code) }));
      const parts = [
        `Chưa lưu: người khác đã lưu mục tiêu năm ${year} của ${unit.name} trong lúc bạn sửa (Not saved: someone saved these targets while you were editing).`,
        conflictRows.length
          ? `${conflictRows.length} chỉ tiêu bạn sửa cũng đã được người đó sửa: mục tiêu họ lưu hiện dưới từng ô, số bạn nhập vẫn còn (what you typed is kept).`
          : 'Những ô bạn sửa không trùng với những gì họ lưu; số bạn nhập vẫn còn (what you typed is kept).',
        rebased.taken.length ? `${rebased.taken.length} chỉ tiêu bạn không sửa đã được cập nhật theo bản họ lưu.` : '',
        'Bấm “Lưu mục tiêu” lần nữa để lưu những gì bạn nhập (Save again to keep yours).',
      ];
      return fail(409, {
        targets: {
          ...state({}),
          rows: rebased.rows,
          conflicts: rebased.conflicts,
          conflict: { version: current.version, rows: conflictRows, taken: rebased.taken.map((code) => indicators.get(code)?.nameVi ?? code) },
          message: parts.filter(Boolean).join(' '),
          version: current.version,
        } satisfies TargetsState,
      });
    }
    if (problem.status === 400) {
      const sorted = sortTargetProblems(problem.errors, changes);
      return fail(400, { targets: state({ ...sorted, message: 'Chưa lưu: có ô chưa đúng, xem thông báo bên cạnh các ô được đánh dấu.' }) });
    }
    return fail(problem.status, { targets: state({ message: `Chưa lưu được: ${problem.message}` }) });
  },
};
