// The indicator catalogue (danh mục chỉ tiêu) for any signed-in user: the Nghị quyết 28/NQ-CP
// targets by objective and the operational indicators, each with its unit, roll-up rule, split,
// sensitivity and the national targets of 2025 and 2030. Province administrators (two-factor
// sign-in on) also add indicators of their province (POST …/org-units/{unitId}/indicators) and
// edit their own or confirm the built-in "cần xác nhận" ones (PUT …/indicators/{code}, with the
// version they opened: a stale one answers 409 with the stored indicator, shown beside the form).
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { indicatorUnits, pathIds, type Indicator } from '@binh-dang/domain';
import {
  aggregationText,
  catalogueGroups,
  disaggregationLabels,
  formatVnNumber,
  nationalTarget,
  polarityLabels,
  sensitivityLabels,
} from '$lib/indicator-format';
import {
  EMPTY_INDICATOR,
  changedFields,
  readIndicatorForm,
  sortIndicatorProblems,
  toIndicator,
  toIndicatorForm,
  type IndicatorErrors,
  type IndicatorField,
  type IndicatorFormValues,
} from '$lib/indicator-form';
import { createIndicatorApi, type IndicatorRecord } from '$lib/indicator-api.server';
import { requireMe } from '$lib/server/guard';
import { vietnamesePart } from '$lib/session';
import type { Actions, PageServerLoad } from './$types';

/** What an add or edit form shows after a post that did not leave the page. */
export interface IndicatorFormState {
  values: IndicatorFormValues;
  errors: IndicatorErrors;
  other: string[];
  message: string | null;
  /** Edit only: the version being edited (the stored one after "Lưu đè" is offered). */
  code: string | null;
  version: number | null;
  /** Someone saved first: the stored values and which fields differ from what was typed. */
  conflict: { version: number; stored: IndicatorFormValues; changed: IndicatorField[] } | null;
}

type Admin = { unitId: string; unitName: string; provinceLevel: boolean };

/**
 * The province administrator role the user works with (the current one first), when in force.
 * `pending`: the role exists but waits for two-factor sign-in.
 */
function adminOf(event: Pick<RequestEvent, 'locals'>): { admin: Admin | null; pending: boolean } {
  const { me, membership } = event.locals;
  if (!me) return { admin: null, pending: false };
  const candidates = [membership, ...me.memberships].filter((m) => m?.role === 'province_admin');
  const active = candidates.find((m) => m?.active);
  if (active) return { admin: { unitId: active.orgUnitId, unitName: active.orgUnitName, provinceLevel: pathIds(active.path).length === 1 }, pending: false };
  return { admin: null, pending: candidates.length > 0 };
}

function editable(record: IndicatorRecord, admin: Admin | null): boolean {
  if (!admin) return false;
  if (record.builtin) return record.indicator.verification === 'to-confirm' && admin.provinceLevel;
  return record.ownerUnitId === admin.unitId;
}

const state = (values: IndicatorFormValues, extra: Partial<IndicatorFormState> = {}): IndicatorFormState => ({
  values,
  errors: {},
  other: [],
  message: null,
  code: null,
  version: null,
  conflict: null,
  ...extra,
});

const UNSAVED = 'Chưa lưu: có ô chưa đúng, xem thông báo bên cạnh các ô được đánh dấu.';

export const load: PageServerLoad = async (event) => {
  requireMe(event);
  event.setHeaders({ 'cache-control': 'private, no-store' });
  const records = await createIndicatorApi(event).catalogue();
  const { admin, pending } = adminOf(event);

  const rows = records.map((r) => ({
    code: r.indicator.code,
    nameVi: r.indicator.nameVi,
    nameEn: r.indicator.nameEn,
    unit: r.indicator.unit,
    rule: r.indicator.aggregation.kind === 'ratio' ? `Tỷ lệ × ${formatVnNumber(r.indicator.aggregation.scale)}` : aggregationText(r.indicator.aggregation),
    ratio: r.indicator.aggregation.kind === 'ratio' ? { numerator: r.indicator.aggregation.numerator, denominator: r.indicator.aggregation.denominator } : null,
    disaggregation: disaggregationLabels[r.indicator.disaggregation],
    sex: r.indicator.disaggregation === 'sex',
    sensitivity: sensitivityLabels[r.indicator.sensitivity],
    sensitive: r.indicator.sensitivity === 'sensitive',
    polarity: polarityLabels[r.indicator.polarity],
    target2025: nationalTarget(r.indicator, 2025),
    target2030: nationalTarget(r.indicator, 2030),
    toConfirm: r.indicator.verification === 'to-confirm',
    added: !r.builtin,
    note: r.indicator.note ? vietnamesePart(r.indicator.note) : null,
    editable: editable(r, admin),
    indicator: { objective: r.indicator.objective },
  }));
  const groups = catalogueGroups(rows);

  // The edit form of ?sua=CODE, when the indicator is the administrator's to edit.
  const editCode = event.url.searchParams.get('sua');
  const editRecord = editCode ? records.find((r) => r.indicator.code === editCode) : undefined;
  const edit =
    editRecord && editable(editRecord, admin)
      ? { code: editRecord.indicator.code, version: editRecord.version, builtin: editRecord.builtin, values: toIndicatorForm(editRecord.indicator) }
      : null;

  const sums = records.filter((r) => r.indicator.aggregation.kind === 'sum');
  return {
    groups,
    counts: {
      all: records.length,
      objective: records.filter((r) => r.indicator.objective !== null).length,
      toConfirm: records.filter((r) => r.indicator.verification === 'to-confirm').length,
      added: records.filter((r) => !r.builtin).length,
    },
    admin,
    adminPending: pending,
    edit,
    editRefused: editCode !== null && !edit ? editCode : null,
    empty: EMPTY_INDICATOR,
    unitOptions: indicatorUnits.filter((u) => u !== 'chưa xác định' || edit?.values.unit === u),
    componentOptions: sums.map((r) => ({ value: r.indicator.code, label: `${r.indicator.code} — ${r.indicator.nameVi}`, sex: r.indicator.disaggregation === 'sex' })),
    saved: event.url.searchParams.get('da-luu'),
    added: event.url.searchParams.get('da-them'),
  };
};

/** The catalogue, and the administrator the action acts as; a 403 form message otherwise. */
async function context(event: RequestEvent) {
  requireMe(event);
  const { admin } = adminOf(event);
  const records = await createIndicatorApi(event).catalogue();
  return { admin, records };
}

const NOT_ADMIN = 'Chỉ quản trị tỉnh (đã bật xác thực hai lớp) được thêm hoặc sửa chỉ tiêu.';

export const actions: Actions = {
  them: async (event) => {
    const { admin, records } = await context(event);
    const values = readIndicatorForm(await event.request.formData());
    values.verification = 'verified';
    if (!admin) return fail(403, { add: state(values, { message: NOT_ADMIN }) });

    const check = toIndicator(
      values,
      records.map((r) => r.indicator),
    );
    if (values.code && records.some((r) => r.indicator.code === values.code)) {
      check.errors.code = [`Mã ${values.code} đã có trong danh mục: chọn mã khác.`];
      check.indicator = null;
    }
    if (!check.indicator) return fail(400, { add: state(values, { errors: check.errors, other: check.other, message: UNSAVED }) });

    const answer = await createIndicatorApi(event).addIndicator(admin.unitId, check.indicator);
    if (answer.ok) redirect(303, `/quan-tri/chi-tieu?da-them=${encodeURIComponent(answer.body.indicator.code)}#chi-tieu-${answer.body.indicator.code}`);
    const { problem } = answer;
    const sorted = sortIndicatorProblems(problem.errors, values);
    const message = problem.status === 400 ? UNSAVED : `Chưa lưu được: ${problem.message}`;
    return fail(problem.status, { add: state(values, { ...sorted, message }) });
  },

  sua: async (event) => {
    const { admin, records } = await context(event);
    const data = await event.request.formData();
    const code = String(data.get('_code') ?? '');
    const values = readIndicatorForm(data);
    values.code = code;
    const version = Number(data.get('version'));
    const overwrite = Number(data.get('_overwrite'));
    const editing = (extra: Partial<IndicatorFormState>) => state(values, { code, version, ...extra });
    if (!admin) return fail(403, { edit: editing({ message: NOT_ADMIN }) });
    const record = records.find((r) => r.indicator.code === code);
    if (!record) return fail(404, { edit: editing({ message: `Không có chỉ tiêu ${code} trong danh mục.` }) });

    const check = toIndicator(
      values,
      records.map((r) => r.indicator),
      record.indicator,
    );
    if (!check.indicator) return fail(400, { edit: editing({ errors: check.errors, other: check.other, message: UNSAVED }) });

    // "Lưu đè" carries the stored version the author has now seen.
    const saveVersion = Number.isInteger(overwrite) && overwrite >= 1 ? overwrite : version;
    const answer = await createIndicatorApi(event).saveIndicator(admin.unitId, code, saveVersion, check.indicator);
    if (answer.ok) redirect(303, `/quan-tri/chi-tieu?da-luu=${encodeURIComponent(code)}#chi-tieu-${code}`);

    const { problem } = answer;
    if (problem.status === 409 && problem.current) {
      const stored = toIndicatorForm(problem.current.indicator as Indicator);
      return fail(409, {
        edit: editing({
          conflict: { version: problem.current.version, stored, changed: changedFields(values, stored) },
          message: null,
        }),
      });
    }
    const sorted = sortIndicatorProblems(problem.errors, values);
    const message = problem.status === 400 ? UNSAVED : `Chưa lưu được: ${problem.message}`;
    return fail(problem.status, { edit: editing({ ...sorted, message }) });
  },
};
