// One periodic report: the values form (one row per indicator, Tổng / Nữ / Nam), the narratives
// per duty, the Excel template and upload, the review of the level above, and the history.
//
// Actions (each works without JavaScript; the page enhances them):
// - luu: save the draft (PUT /api/v1/reports/{id}) with the version the reporter opened;
// - gui: save if anything changed, then submit; the checks' errors come back beside their cells;
// - nhapExcel: the filled template's raw bytes to POST /api/v1/reports/{id}/xlsx, every bad cell listed;
// - traLai / pheDuyet / huyPheDuyet / khoa: the review moves (the API decides who may).
// Nothing typed is lost: a refused post answers with the typed text, and a stale version (409)
// with the cells that differ from what is now stored and the version to save over it with.
import { fail } from '@sveltejs/kit';
import { decide, pathIds } from '@binh-dang/domain';
import { requireMe } from '$lib/server/guard';
import { allows, grantsOf } from '$lib/server/plan-api';
import { createReportApi, XLSX_MAX_BYTES, type ReportBody, type ReportProblem, type ReviewAction } from '$lib/server/report-api';
import {
  cellKey,
  changedCells,
  checkMessages,
  excelCellError,
  formValuesOf,
  narrativeFields,
  overridesOf,
  readReportForm,
  sameAsStored,
  sortReportErrors,
  toPayload,
  type ReportFormState,
  type ReportFormValues,
  type ReportPayload,
  type ReportSaved,
} from '$lib/report-form';
import {
  formatVnDate,
  formatVnInput,
  formatVnNumber,
  formatVnTime,
  historyLines,
  isEditableStatus,
  periodLabel,
  planLabel,
  reportStateLabels,
} from '$lib/report-format';
import { formatVnDateTime, vietnamesePart } from '$lib/session';
import { formKeyOf, newFormKey, requestKey } from '$lib/server/idempotency';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The path of a unit's parent ("/a/b/c/" → "/a/b/"); null at the root. */
function parentPath(path: string): string | null {
  const ids = pathIds(path);
  return ids.length > 1 ? `/${ids.slice(0, -1).join('/')}/` : null;
}

export const load: PageServerLoad = async (event) => {
  const me = requireMe(event);
  const body = await createReportApi(event).report(event.params.id);
  const { report, unit } = body;
  const canEdit = allows('reports.edit', me, unit.path);
  const above = parentPath(unit.path);
  // Buttons only: the API decides (reviews are checked at the level above the unit).
  const canReview = above !== null && decide('reports.review', grantsOf(me), above) === 'allow';
  const lastReturn = [...body.history].reverse().find((h) => h.action === 'return' || h.action === 'unapprove');
  // Values computed from the unit's records (activities, cases, budget) for the period: the form
  // starts from them unless a reason to differ was given, and says where each comes from.
  // One reason per indicator in the form (named after its total cell).
  const reasons = Object.fromEntries(body.overrides.map((o) => [cellKey(o.indicator, 'total'), o.reason]));
  const explained = new Set(body.overrides.map((o) => cellKey(o.indicator, o.category)));
  const form = formValuesOf(body.values, body.narratives);
  const prefilled = new Set<string>();
  for (const c of body.computed) {
    const key = cellKey(c.indicator, c.category);
    if (explained.has(key)) continue;
    form.cells[key] = formatVnInput(c.value);
    prefilled.add(key);
  }
  if (Object.keys(reasons).length) form.reasons = reasons;
  const names = new Map(body.indicators.map((i) => [i.code, i.nameVi]));
  const sourceKinds = { activity: 'Hoạt động', case: 'Hồ sơ vụ việc', allocation: 'Kinh phí giao', expense: 'Khoản chi' } as const;
  // One row per indicator: its computed cells and the records they count.
  const computed: {
    code: string;
    name: string;
    values: Partial<Record<'total' | 'female' | 'male', string>>;
    sources: { id: string; kind: string; kindLabel: string; title: string; date: string }[];
  }[] = [];
  for (const c of body.computed) {
    let row = computed.find((r) => r.code === c.indicator);
    if (!row) {
      row = {
        code: c.indicator,
        name: names.get(c.indicator) ?? c.indicator,
        values: {},
        sources: c.sources.map((s) => ({ id: s.id, kind: s.kind, kindLabel: sourceKinds[s.kind], title: s.title, date: formatVnDate(s.date) })),
      };
      computed.push(row);
    }
    row.values[c.category] = formatVnNumber(c.value, 2);
  }
  // A stored value the records no longer give is flagged by the API; a cell the form has just
  // filled from the records is put right by the next save, so its flag would only be noise.
  const validation = {
    errors: body.validation.errors.filter((e) => !/^values\./.test(e.path) || !prefilled.has(e.path.slice('values.'.length)) || !/hồ sơ/.test(e.message)),
    warnings: body.validation.warnings,
  };
  return {
    report: {
      id: report.id,
      status: report.status,
      statusLabel: reportStateLabels[report.status],
      version: report.version,
      period: report.period,
      periodLabel: periodLabel(report.period),
      returnComment: report.returnComment,
      updatedAt: formatVnDateTime(report.updatedAt),
      savedAt: formatVnTime(report.updatedAt),
    },
    returned:
      report.status === 'returned' && report.returnComment
        ? { comment: report.returnComment, by: lastReturn?.actorLabel ?? null, at: lastReturn ? formatVnDateTime(lastReturn.at) : null, withdrawn: lastReturn?.action === 'unapprove' }
        : null,
    unit: { id: unit.id, name: unit.name },
    plan: { id: body.plan.id, label: planLabel(body.plan), title: body.plan.title },
    deadline: formatVnDate(body.deadline),
    overdue: body.overdue,
    indicators: body.indicators,
    duties: body.narratives.map((n) => ({ trackingId: n.trackingId, duty: n.duty, role: n.role })),
    stored: body.values,
    storedNarratives: body.narratives,
    form,
    computed,
    checks: checkMessages(validation),
    history: historyLines(
      body.history.map((h) => ({
        id: h.id,
        at: formatVnDateTime(h.at),
        actor: h.actorLabel,
        action: h.action,
        label: vietnamesePart(h.actionLabel),
        // A save's reasons for values that differ from those computed from the records.
        comment:
          h.comment ??
          (h.overrides.length
            ? `Khác số liệu tính từ hồ sơ: ${h.overrides.map((o) => `${names.get(o.indicator) ?? o.indicator} (${formatVnNumber(o.computed)} → ${formatVnNumber(o.value)}): ${o.reason}`).join('; ')}`
            : null),
      })),
    ),
    editable: canEdit && isEditableStatus(report.status),
    /** Sent back with the report form: a double click on "Gửi báo cáo" saves and submits once. */
    formKey: newFormKey(),
    canEdit,
    canReview,
  };
};

function savedOf(body: ReportBody, submitted: boolean, unchanged = false): ReportSaved {
  return { version: body.report.version, at: formatVnTime(body.report.updatedAt), checks: checkMessages(body.validation), submitted, unchanged };
}

function stateOf(values: ReportFormValues, version: number, extra: Partial<ReportFormState> = {}): ReportFormState {
  return { values, version, errors: {}, other: [], message: null, conflict: null, checks: null, ...extra };
}

/** The report as now stored, or null when it cannot be read. */
async function currentReport(event: RequestEvent): Promise<ReportBody | null> {
  try {
    return await createReportApi(event).report(event.params.id);
  } catch (_error) {
    return null;
  }
}

/**
 * A refused save or submission, as the form shows it: 409 lists the cells that differ from the
 * stored report and carries its version; 400 puts each error beside its cell.
 */
async function refused(event: RequestEvent, problem: ReportProblem, values: ReportFormValues, version: number, sent: ReportPayload | null, what: 'save' | 'submit') {
  if (problem.status === 409) {
    const current = problem.current ?? (await currentReport(event));
    if (!current) return fail(409, { report: stateOf(values, version, { message: problem.message }) });
    const editable = isEditableStatus(current.report.status);
    const storedTexts = new Map(current.narratives.map((n) => [n.trackingId, n]));
    const narratives = Object.entries(values.narratives).some(([key, text]) => {
      const [trackingId = '', field = ''] = key.split('.');
      const stored = storedTexts.get(trackingId)?.[field as (typeof narrativeFields)[number]] ?? '';
      return (stored ?? '').trim() !== text.trim();
    });
    return fail(409, {
      report: stateOf(values, current.report.version, {
        conflict: {
          version: current.report.version,
          statusLabel: reportStateLabels[current.report.status],
          editable,
          at: formatVnTime(current.report.updatedAt),
          cells: changedCells(values, current.indicators, current.values),
          narratives,
        },
        message: editable
          ? 'Người khác vừa lưu báo cáo này trước bạn. Những gì bạn vừa nhập vẫn được giữ nguyên bên dưới.'
          : `Báo cáo đã chuyển sang trạng thái “${reportStateLabels[current.report.status]}” nên không sửa được nữa. Những gì bạn vừa nhập chưa được lưu.`,
      }),
    });
  }
  if (problem.status === 401)
    return fail(401, { report: stateOf(values, version, { message: 'Phiên đăng nhập đã hết. Hãy đăng nhập lại ở một thẻ khác rồi bấm lưu lại: những gì bạn nhập vẫn còn đây.' }) });
  const sorted = sortReportErrors(problem.errors, sent ?? undefined);
  const message =
    what === 'submit'
      ? 'Chưa gửi được: báo cáo còn lỗi, xem thông báo bên cạnh các ô được đánh dấu. Số liệu đã được lưu nháp.'
      : Object.keys(sorted.fields).length
        ? 'Chưa lưu: có ô chưa đúng, xem thông báo bên cạnh các ô được đánh dấu.'
        : problem.message;
  return fail(problem.status, { report: stateOf(values, version, { errors: sorted.fields, other: sorted.other, message }) });
}

/** Reads the posted form: the typed text, the version, and what would be sent. */
async function posted(event: RequestEvent) {
  const data = await event.request.formData();
  const values = readReportForm(data);
  const version = Number(data.get('version'));
  return { values, version, formKey: formKeyOf(data) };
}

async function saveAction(event: RequestEvent, submit: boolean) {
  requireMe(event);
  const { values, version, formKey } = await posted(event);
  if (!Number.isInteger(version) || version < 1)
    return fail(400, { report: stateOf(values, 1, { message: 'Biểu mẫu thiếu phiên bản của báo cáo. Vui lòng tải lại trang.' }) });
  const api = createReportApi(event);
  const current = await currentReport(event);
  if (!current) return fail(404, { report: stateOf(values, version, { message: 'Không đọc được báo cáo này. Vui lòng tải lại trang.' }) });
  const { payload: typedPayload, errors } = toPayload(values, current.indicators, current.narratives.map((n) => n.trackingId));
  // Reasons go with every save: a value that differs from the computed one needs its reason.
  const payload = { ...typedPayload, overrides: overridesOf(values) };
  if (Object.keys(errors).length)
    return fail(400, {
      report: stateOf(values, version, {
        errors,
        message: `Chưa ${submit ? 'gửi' : 'lưu'}: có ô chưa đúng, xem thông báo bên cạnh các ô được đánh dấu.`,
      }),
    });

  // Nothing changed since the version the reporter opened: no new version (and no history line).
  let saved: ReportBody = current;
  const storedReasons = new Map(current.overrides.map((o) => [cellKey(o.indicator, o.category), o.reason]));
  const sameReasons =
    payload.overrides.length === storedReasons.size && payload.overrides.every((o) => storedReasons.get(cellKey(o.indicator, o.category)) === o.reason);
  const unchanged = current.report.version === version && sameReasons && sameAsStored(payload, current.values, current.narratives);
  if (!unchanged) {
    const answer = await api.save(event.params.id, version, payload, await requestKey(formKey, { version, payload }));
    if (!answer.ok) return refused(event, answer.problem, values, version, payload, 'save');
    saved = answer.body;
  }
  if (!submit) return { saved: savedOf(saved, false, unchanged) };

  const answer = await api.submit(event.params.id, saved.report.version, await requestKey(formKey, { submit: saved.report.version }));
  if (answer.ok) return { saved: savedOf(answer.body, true) };
  const state = await refused(event, answer.problem, values, saved.report.version, null, 'submit');
  // The save went through: the checks of what is stored now come with the refusal.
  if (answer.problem.status === 400) state.data.report.checks = checkMessages(saved.validation);
  return state;
}

const REVIEW_LABELS: Record<ReviewAction, string> = {
  return: 'Đã trả lại báo cáo cho đơn vị.',
  approve: 'Đã phê duyệt báo cáo: số liệu được cộng vào tổng hợp.',
  unapprove: 'Đã hủy phê duyệt: báo cáo được trả lại đơn vị, số liệu ra khỏi tổng hợp.',
  lock: 'Đã khóa số liệu: báo cáo không thay đổi được nữa.',
};

async function reviewAction(event: RequestEvent, action: ReviewAction) {
  requireMe(event);
  const data = await event.request.formData();
  const version = Number(data.get('version'));
  const comment = String(data.get('comment') ?? '');
  const needsComment = action === 'return' || action === 'unapprove';
  const review = (status: number, message: string | null, errors: { comment?: string[] } = {}) =>
    fail(status, { review: { action, message, errors, comment } });
  if (!Number.isInteger(version) || version < 1) return review(400, 'Biểu mẫu thiếu phiên bản của báo cáo. Vui lòng tải lại trang.');
  if (needsComment && !comment.trim())
    return review(400, null, { comment: [action === 'return' ? 'Vui lòng ghi rõ lý do trả lại để đơn vị sửa.' : 'Vui lòng ghi rõ lý do hủy phê duyệt.'] });
  const answer = await createReportApi(event).review(event.params.id, action, version, needsComment ? comment.trim() : undefined);
  if (answer.ok) return { reviewed: { action, message: REVIEW_LABELS[action] } };
  const { problem } = answer;
  if (problem.status === 404)
    return review(404, 'Bạn không duyệt được báo cáo này: chỉ cán bộ điều phối, phê duyệt của cấp trên trực tiếp của đơn vị mới được duyệt.');
  if (problem.status === 409) {
    const current = problem.current ?? (await currentReport(event));
    const now = current ? `Báo cáo hiện ở trạng thái “${reportStateLabels[current.report.status]}” (phiên bản ${current.report.version}).` : '';
    return review(409, `Báo cáo vừa được người khác thay đổi nên thao tác chưa được thực hiện. ${now} Trang đã hiện bản mới nhất; xem lại rồi thao tác lại nếu vẫn cần.`);
  }
  const comments = problem.errors.filter((e) => e.path === 'body.comment').map((e) => vietnamesePart(e.message));
  return review(problem.status, comments.length ? null : problem.message, comments.length ? { comment: comments } : {});
}

export const actions: Actions = {
  luu: (event) => saveAction(event, false),
  gui: (event) => saveAction(event, true),
  nhapExcel: async (event) => {
    requireMe(event);
    const data = await event.request.formData();
    const file = data.get('file');
    const version = Number(data.get('version'));
    const excel = (status: number, message: string, cells: ReturnType<typeof excelCellError>[] = []) => fail(status, { excel: { message, cells } });
    if (!(file instanceof File) || file.size === 0) return excel(400, 'Vui lòng chọn tệp Excel (.xlsx) đã điền.');
    if (file.size > XLSX_MAX_BYTES) return excel(413, 'Tệp quá lớn: tối đa 5 MB.');
    if (!Number.isInteger(version) || version < 1) return excel(400, 'Biểu mẫu thiếu phiên bản của báo cáo. Vui lòng tải lại trang.');
    const answer = await createReportApi(event).uploadXlsx(event.params.id, version, new Uint8Array(await file.arrayBuffer()));
    if (answer.ok) {
      const count = answer.body.values.filter((v) => v.value !== null).length;
      return {
        imported: {
          fileName: file.name,
          count,
          saved: savedOf(answer.body, false),
          values: formValuesOf(answer.body.values, answer.body.narratives),
        },
      };
    }
    const { problem } = answer;
    if (problem.status === 409) {
      const current = problem.current ?? (await currentReport(event));
      const editable = current ? isEditableStatus(current.report.status) : true;
      return excel(
        409,
        editable
          ? 'Báo cáo vừa được lưu ở nơi khác nên tệp chưa được nhập. Trang đã hiện bản mới nhất; hãy chọn lại tệp và bấm “Nhập từ Excel”.'
          : `Báo cáo đang ở trạng thái “${current ? reportStateLabels[current.report.status] : ''}” nên không nhập số liệu được nữa.`,
      );
    }
    const cells = problem.errors.map(excelCellError);
    return excel(problem.status, cells.length ? `Tệp chưa được nhập: ${cells.length} ô có lỗi. Số liệu trong báo cáo không thay đổi.` : `Tệp chưa được nhập: ${problem.message}`, cells);
  },
  traLai: (event) => reviewAction(event, 'return'),
  pheDuyet: (event) => reviewAction(event, 'approve'),
  huyPheDuyet: (event) => reviewAction(event, 'unapprove'),
  khoa: (event) => reviewAction(event, 'lock'),
};
