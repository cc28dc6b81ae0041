// Import of an existing plan for a unit (?unit=, default the current one): pasted text or a
// .docx is read by POST /api/v1/org-units/{unitId}/plan-imports (`doc`); the review shows the
// reader's flags, the draft's main parts, the units each assignment addresses (guessed from its
// heading, to check) and fields for what blocks saving; `tao` creates the draft with
// POST /api/v1/org-units/{unitId}/plans and opens it. The parsed content travels between the two
// steps in a hidden field (JSON); the API validates it again when the draft is created.
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { decide, todayInVietnam, type OrgUnit, type PlanContent } from '@binh-dang/domain';
import { createApi } from '$lib/server/api';
import { requireMembership } from '$lib/server/guard';
import { createDutyApi, IMPORT_MAX_BYTES, type DutyProblem, type ImportFlag } from '$lib/server/duty-api';
import { flattenTree, formatUiDate, validityText } from '$lib/org-units';
import { vietnamesePart, type FieldProblem } from '$lib/session';
import {
  FIELD_SPECS,
  applyAnswers,
  assignableUnits,
  describePath,
  looksLikeContent,
  missingRequired,
  reviewProblems,
  withSuggestedUnits,
  withUnits,
} from './review';
import type { Actions, PageServerLoad } from './$types';

const MB = 1024 * 1024;

const kindLabels: Record<ImportFlag['kind'], string> = {
  missing: 'Thiếu',
  ambiguous: 'Cần kiểm tra',
  unrecognised: 'Không nhận ra',
};

/** The unit the plan is imported for, and the whole org tree; 403/404 before anything is read. */
async function importContext(event: RequestEvent) {
  const { me, membership } = requireMembership(event);
  const unitId = event.url.searchParams.get('unit') || membership.orgUnitId;
  const all = flattenTree((await createApi(event).orgTree()).roots);
  const unit = all.find((u) => u.id === unitId);
  if (!unit) error(404, `Không tìm thấy đơn vị “${unitId}”.`);
  const grants = me.memberships.filter((m) => m.active).map((m) => ({ role: m.role, path: m.path }));
  const decision = decide('plans.edit', grants, unit.path);
  if (decision === 'hidden') error(404, `Không tìm thấy đơn vị “${unitId}” trong phạm vi của bạn.`);
  if (decision !== 'allow')
    error(403, `Vai trò của bạn không được nhập kế hoạch cho ${unit.name}: cần vai trò Điều phối (cơ quan thường trực) hoặc Quản trị tỉnh.`);
  return { unit, all };
}

interface InputState {
  text: string;
  fileName: string | null;
  errors: { text?: string[]; file?: string[] };
  message: string | null;
}

interface ReviewArgs {
  unit: OrgUnit;
  all: OrgUnit[];
  year: string;
  content: PlanContent;
  flags: ImportFlag[];
  errors: FieldProblem[];
  source: string;
  keep?: string[];
  typed?: Map<string, string>;
  message?: string | null;
}

/** What the review shows and posts back. */
function buildReview(args: ReviewArgs) {
  const { unit, all, content, flags, errors } = args;
  const year = Number(args.year);
  const candidates = assignableUnits(all, unit, Number.isInteger(year) && year >= 2000 && year <= 2999 ? year : Number(todayInVietnam().slice(0, 4)));
  const problems = reviewProblems(content, errors, flags.map((f) => f.where), args.keep, args.typed);
  const byId = new Map(all.map((u) => [u.id, u]));
  const listed = new Set(candidates.map((u) => u.id));
  const referenced = [...new Set(content.implementation.assignments.flatMap((a) => a.units.map((u) => u.orgUnitId)))].filter((id) => !listed.has(id));
  const group = (label: string, units: OrgUnit[]) => ({ label, options: units.map((u) => ({ id: u.id, name: u.name })) });
  const unitGroups = [
    group('Cơ quan, tổ chức', candidates.filter((u) => u.kind === 'agency')),
    group('Cấp huyện', candidates.filter((u) => u.kind === 'district')),
    group('Cấp xã', candidates.filter((u) => u.kind === 'commune')),
    {
      label: 'Đơn vị khác',
      options: referenced.map((id) => {
        const u = byId.get(id);
        const validity = u ? validityText(u, 'short') : null;
        return { id, name: u ? `${u.name}${validity ? ` (${validity})` : ''}` : id };
      }),
    },
  ].filter((g) => g.options.length > 0);
  const nameOf = (id: string) => byId.get(id)?.name ?? id;
  const signature = content.signature;

  return {
    unitId: unit.id,
    source: args.source,
    year: args.year,
    yearErrors: problems.year,
    /** The reader found no year and took the current one. */
    yearGuessed: flags.some((f) => f.where === 'year'),
    contentJson: JSON.stringify(content),
    flagsJson: JSON.stringify(flags),
    shownJson: JSON.stringify(problems.fields.map((f) => f.path)),
    message: args.message ?? null,
    blocking: errors.length,
    summary: {
      title: content.title,
      legalBases: content.legalBases.length,
      purposes: content.purposes.items.length,
      tasks: content.tasks.items.length,
      assignments: content.implementation.assignments.length,
      duties: content.implementation.assignments.reduce((n, a) => n + a.duties.length, 0),
      reportDeadline: content.reportDeadline ? formatUiDate(content.reportDeadline) : null,
      recipients: content.recipients.length,
      signature: signature ? [...signature.authority.map((a) => `${a.prefix} ${a.text}`), signature.title, signature.name].filter(Boolean).join(' · ') : null,
    },
    flags: flags.map((f, i) => ({
      key: `${i}`,
      /** The review's field for this part, when it has one (a link to it). */
      field: problems.fields.find((x) => x.path === f.where || (f.where === 'signature' && x.path === 'signature.title'))?.path ?? null,
      kind: f.kind,
      kindLabel: kindLabels[f.kind] ?? f.kind,
      message: vietnamesePart(f.message),
      where: f.where ? describePath(f.where) : null,
      line: f.line >= 0 ? f.line + 1 : null,
      text: f.text,
    })),
    fields: problems.fields,
    other: problems.other,
    unitGroups,
    assignments: content.implementation.assignments.map((a, i) => ({
      index: i,
      label: a.label,
      heading: a.heading,
      duties: a.duties.length,
      units: a.units.map((u) => u.orgUnitId),
      unitNames: a.units.map((u) => nameOf(u.orgUnitId)),
    })),
  };
}

function parseFlags(value: unknown): ImportFlag[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (f): f is ImportFlag =>
      !!f && typeof f === 'object' && typeof f.where === 'string' && typeof f.message === 'string' && typeof f.text === 'string' && typeof f.line === 'number' && typeof f.kind === 'string',
  );
}

/** The detail of an import problem, for beside the field it is about. */
function detailOf(problem: DutyProblem): string {
  const first = problem.errors[0]?.message;
  return first ? vietnamesePart(first).replace(/\.?$/, '.') : problem.message;
}

export const load: PageServerLoad = async (event) => {
  const { unit } = await importContext(event);
  return { unit: { id: unit.id, name: unit.name }, maxMb: IMPORT_MAX_BYTES / MB };
};

export const actions: Actions = {
  doc: async (event) => {
    const { unit, all } = await importContext(event);
    const data = await event.request.formData();
    const text = String(data.get('text') ?? '');
    const file = data.get('file');
    const upload = file instanceof File && file.size > 0 ? file : null;
    const input: InputState = { text, fileName: upload?.name ?? null, errors: {}, message: null };

    let source: { text: string } | { docx: Uint8Array };
    if (upload) {
      if (upload.size > IMPORT_MAX_BYTES) {
        input.errors.file = [
          `Tệp “${upload.name}” nặng ${(upload.size / MB).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB, vượt giới hạn ${IMPORT_MAX_BYTES / MB} MB. Hãy bỏ bớt hình ảnh trong tệp, hoặc dán nội dung văn bản vào ô bên trên.`,
        ];
        return fail(413, { input });
      }
      if (/\.doc$/i.test(upload.name)) {
        input.errors.file = ['Tệp .doc (Word 97–2003) chưa đọc được: hãy mở tệp bằng Word, chọn “Lưu thành” định dạng .docx rồi chọn lại.'];
        return fail(415, { input });
      }
      source = { docx: new Uint8Array(await upload.arrayBuffer()) };
    } else if (!text.trim()) {
      input.errors.text = ['Vui lòng dán nội dung kế hoạch vào ô này, hoặc chọn một tệp .docx.'];
      return fail(400, { input });
    } else source = { text };

    const answer = await createDutyApi(event).importPlan(unit.id, source);
    if (!answer.ok) {
      const { problem } = answer;
      if ([400, 413, 415, 422].includes(problem.status)) {
        const detail = detailOf(problem);
        if (upload) input.errors.file = [problem.status === 415 ? `${detail} Hãy chọn tệp Word .docx, hoặc dán nội dung vào ô bên trên.` : detail];
        else input.errors.text = [detail];
      } else input.message = problem.message;
      return fail(problem.status, { input });
    }
    const { year, content, flags, errors } = answer.body;
    const suggested = withSuggestedUnits(content, assignableUnits(all, unit, year), unit);
    return {
      review: buildReview({ unit, all, year: String(year), content: suggested, flags, errors, source: upload ? `tệp “${upload.name}”` : 'nội dung dán vào' }),
    };
  },

  tao: async (event) => {
    const { unit, all } = await importContext(event);
    const data = await event.request.formData();
    const source = String(data.get('source') ?? 'nội dung đã nhập');
    let parsed: unknown;
    let flags: ImportFlag[] = [];
    let keep: string[] = [];
    try {
      parsed = JSON.parse(String(data.get('content') ?? ''));
      flags = parseFlags(JSON.parse(String(data.get('flags') ?? '[]')));
      const shown: unknown = JSON.parse(String(data.get('shown') ?? '[]'));
      keep = Array.isArray(shown) ? shown.filter((p): p is string => typeof p === 'string') : [];
    } catch (_error) {
      parsed = null;
    }
    if (!looksLikeContent(parsed)) {
      const input: InputState = { text: '', fileName: null, errors: {}, message: 'Không đọc được bản xem trước (dữ liệu gửi lên bị hỏng). Vui lòng nhập lại nội dung kế hoạch.' };
      return fail(400, { input });
    }

    const typed = new Map<string, string>();
    for (const spec of FIELD_SPECS) {
      const value = data.get(`f.${spec.path}`);
      if (typeof value === 'string') typed.set(spec.path, value);
    }
    const chosen = parsed.implementation.assignments.map((_a, i) => data.getAll(`units.${i}`).map(String));
    const { content, errors: local } = applyAnswers(withUnits(parsed, chosen), typed);
    const yearText = String(data.get('year') ?? '').trim();
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText) || year < 2000 || year > 2999) local.push({ path: 'body.year', message: 'Năm kế hoạch gồm 4 chữ số, ví dụ 2024.' });
    // A field's own mistake found here: say every empty required field with it, not one at a time.
    if (local.length) local.push(...missingRequired(content));
    const review = (errors: FieldProblem[], message: string | null = null) =>
      buildReview({ unit, all, year: yearText, content, flags, errors, source, keep, typed, message });
    if (local.length) return fail(400, { review: review(local) });

    const answer = await createDutyApi(event).createPlan(unit.id, year, content);
    if (answer.ok) redirect(303, `/ke-hoach/${encodeURIComponent(answer.body.id)}`);
    const { problem } = answer;
    if (problem.status === 400 && problem.errors.length) return fail(400, { review: review(problem.errors) });
    return fail(problem.status, { review: review([], problem.message) });
  },
};
