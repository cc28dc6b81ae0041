// The API calls of the duty pages (/viec-cua-toi, /ke-hoach/[id]/nhiem-vu) and of the plan import
// (/ke-hoach/nhap): apps/api/src/routes/duties.ts, plan-import.ts and the draft creation of
// plan-editing.ts. Same typed client and cookie forwarding as $lib/server/api.ts (hc<AppType> over
// event.fetch, through handleFetch). Loads get the body or a SvelteKit error with a Vietnamese
// message; writes get the body or the problem, to show beside the fields. A stale progress update
// (409) keeps the duty as it now is (`current`), to offer a resubmission on its version.
import { fail, type RequestEvent } from '@sveltejs/kit';
import { hc } from 'hono/client';
import type { AppType } from '@binh-dang/api';
import type { PlanContent } from '@binh-dang/domain';
import { attempt as attemptAny, read, type ApiProblem, type Attempt, type ClientAnswer, type OkBody } from '$lib/server/api';
import { isDutyStatus, statusLabels, type DutyItem, type DutyNote, type DutyStatus } from '$lib/components/duties/duties';
import type { UpdateForm } from '$lib/components/duties/update-form';
import { formErrors, type FieldProblem } from '$lib/session';

type ApiEvent = Pick<RequestEvent, 'fetch' | 'url'>;

/** The .docx media type the import takes. */
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** The import's upload limit (the API's DOCX_READ_LIMITS.maxInputBytes). */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/** A problem of a duty update: `current` is the duty as stored when someone updated it first (409). */
export type DutyProblem = ApiProblem<DutyItem>;

export type DutyAttempt<T> = Attempt<T, DutyItem>;

/** A flag of the import: a line to check, a guess, or a part not found. */
export interface ImportFlag {
  line: number;
  text: string;
  kind: 'unrecognised' | 'ambiguous' | 'missing';
  message: string;
  where: string;
}

/** What the import read: the draft's content, its flags, and what still blocks saving it. */
export interface ImportResult {
  year: number;
  content: PlanContent;
  flags: ImportFlag[];
  valid: boolean;
  errors: FieldProblem[];
}

/** The 2xx body or the problem (with the duty as now stored on 409). Never throws. */
function attempt<R extends ClientAnswer>(call: Promise<R>): Promise<DutyAttempt<OkBody<R>>> {
  return attemptAny<R, DutyItem>(call);
}

export function createDutyApi(event: ApiEvent) {
  const client = hc<AppType>(event.url.origin, { fetch: event.fetch });
  const v1 = client.api.v1;

  return {
    /** Duties of a unit and the units below it, soonest due first; optionally of one plan. */
    async unitDuties(unitId: string, planId?: string): Promise<DutyItem[]> {
      const body = await read(v1['org-units'][':unitId'].duties.$get({ param: { unitId }, query: planId ? { planId } : {} }), {
        403: 'Vai trò của bạn không được xem nhiệm vụ của đơn vị này.',
        404: 'Không tìm thấy đơn vị, hoặc đơn vị không thuộc phạm vi của bạn.',
      });
      return body.items;
    },

    /** All duties of a plan (the issuing unit's people). */
    async planDuties(planId: string): Promise<DutyItem[]> {
      const body = await read(v1.plans[':id'].duties.$get({ param: { id: planId } }), {
        400: `Mã kế hoạch “${planId}” không hợp lệ.`,
        403: 'Bạn không có quyền theo dõi nhiệm vụ của kế hoạch này: chỉ cán bộ của đơn vị ban hành kế hoạch được xem.',
        404: `Không tìm thấy kế hoạch “${planId}”, hoặc kế hoạch không thuộc phạm vi của bạn.`,
      });
      return body.items;
    },

    /** One duty and its progress notes, oldest first. */
    async duty(id: string): Promise<{ duty: DutyItem; notes: DutyNote[] }> {
      return read(v1.duties[':id'].$get({ param: { id } }), {
        400: 'Mã nhiệm vụ không hợp lệ.',
        403: 'Vai trò của bạn không được xem nhiệm vụ này.',
        404: 'Không tìm thấy nhiệm vụ này, hoặc nhiệm vụ không thuộc đơn vị của bạn.',
      });
    },

    /** Progress on a duty; `version` is the one the person saw (else 409 with `current`). */
    updateDuty(id: string, body: { version: number; status: DutyStatus; note?: string }) {
      return attempt(v1.duties[':id'].$patch({ param: { id }, json: body }));
    },

    /** Evidence files of a duty. */
    async evidence(id: string): Promise<EvidenceItem[]> {
      const body = await read(v1.duties[':id'].evidence.$get({ param: { id } }), {
        404: 'Không tìm thấy nhiệm vụ này, hoặc nhiệm vụ không thuộc đơn vị của bạn.',
      });
      return body.items;
    },

    /** Attaches a file (checked by content and size by the API). */
    addEvidence(id: string, name: string, bytes: Uint8Array): Promise<DutyAttempt<{ evidence: EvidenceItem }>> {
      return attempt(
        v1.duties[':id'].evidence.$post(
          { param: { id }, query: { name } },
          { headers: { 'content-type': 'application/octet-stream' }, init: { body: new Blob([bytes as Uint8Array<ArrayBuffer>]) } },
        ),
      );
    },

    /** Reads pasted text or a .docx into a draft for review; saves nothing. */
    async importPlan(unitId: string, source: { text: string } | { docx: Uint8Array }): Promise<DutyAttempt<ImportResult>> {
      const [type, body]: [string, BodyInit] =
        'text' in source ? ['text/plain; charset=utf-8', source.text] : [DOCX_TYPE, new Blob([source.docx as Uint8Array<ArrayBuffer>])];
      const answer = await attempt(
        v1['org-units'][':unitId']['plan-imports'].$post({ param: { unitId } }, { headers: { 'content-type': type }, init: { body } }),
      );
      // `content` is typed `unknown` by the route (the draft need not be valid yet): it has the
      // shape of the domain's PlanContent, possibly with empty required parts.
      return answer.ok ? { ok: true, body: answer.body as ImportResult } : answer;
    },

    /** Creates a draft plan of the unit (201 { plan }); 400 with errors[].path when the content is invalid. */
    async createPlan(unitId: string, year: number, content: PlanContent): Promise<DutyAttempt<{ id: string }>> {
      const answer = await attempt(v1['org-units'][':unitId'].plans.$post({ param: { unitId }, json: { year, content } }));
      return answer.ok ? { ok: true, body: { id: answer.body.plan.id } } : answer;
    },
  };
}

export type DutyApi = ReturnType<typeof createDutyApi>;

export interface EvidenceItem {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

/** Largest evidence file the API accepts. */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

/** The API's limit of a progress note. */
export const NOTE_MAX_CHARS = 4000;

/**
 * The progress form of a duty (status, note, the version it was shown at), posted to a page's
 * `capNhat` action: the update, or the form back with its errors and the typed values. A stale
 * version answers with the duty as it now is, and the form then carries that version, so that
 * sending it again applies the same status and note on top of the other person's update.
 */
export async function updateDutyFromForm(event: Pick<RequestEvent, 'fetch' | 'url' | 'request'>) {
  const data = await event.request.formData();
  const dutyId = String(data.get('dutyId') ?? '');
  const status = String(data.get('status') ?? '');
  const note = String(data.get('note') ?? '');
  const version = Number(data.get('version'));
  const shownStatus = String(data.get('shownStatus') ?? '');
  const form: UpdateForm = { dutyId, values: { status, note }, errors: {}, message: null, conflict: null };
  if (!dutyId || !Number.isInteger(version) || version < 1) {
    form.message = 'Biểu mẫu thiếu thông tin của nhiệm vụ. Vui lòng tải lại trang rồi gửi lại.';
    return fail(400, { update: form });
  }
  if (!isDutyStatus(status)) form.errors.status = ['Vui lòng chọn trạng thái.'];
  if (note.trim().length > NOTE_MAX_CHARS) form.errors.note = [`Ghi chú tối đa 4.000 ký tự (hiện có ${note.trim().length.toLocaleString('vi-VN')}).`];
  if (!isDutyStatus(status) || Object.keys(form.errors).length) return fail(400, { update: form });

  const trimmed = note.trim();
  const answer = await createDutyApi(event).updateDuty(dutyId, { version, status, ...(trimmed ? { note: trimmed } : {}) });
  if (answer.ok) {
    const { duty } = answer.body;
    return { updated: { dutyId, statusLabel: statusLabels[duty.status], withNote: !!trimmed } };
  }
  const { problem } = answer;
  if (problem.status === 409 && problem.current) {
    const current = problem.current;
    // A status left as it was shown follows the other person's update; a changed one is kept.
    const keptStatus = status !== shownStatus;
    if (!keptStatus) form.values.status = current.status;
    form.conflict = { status: current.status, state: current.state, statusLabel: statusLabels[current.status], version: current.version, keptStatus };
    return fail(409, { update: form });
  }
  const sorted = formErrors<'status' | 'note'>(problem.errors, ['status', 'note']);
  form.errors = sorted.fields;
  form.message = sorted.other.length || !Object.keys(sorted.fields).length ? problem.message : null;
  return fail(problem.status, { update: form });
}
