// Editing a draft plan section by section. One form whose field names are the content's paths;
// the `luu` action reads it back into PlanContent and saves it with the version the author
// opened (PUT /api/v1/plans/{id}). Rows are added and removed by the same action (`_op`), so the
// page works without JavaScript and nothing typed is lost. A stale version answers 409 with the
// plan as stored: the page lists what differs and offers to save over it on purpose. An issued
// plan is locked: the page offers an amendment (a new draft copy) instead.
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { planContentSchema } from '@binh-dang/domain';
import { createApi, vietnamesePart } from '$lib/server/api';
import { requireMe } from '$lib/server/guard';
import { allows, contentOf, createPlanApi } from '$lib/server/plan-api';
import { flattenTree, indexById } from '$lib/org-units';
import {
  applyOp,
  baseFingerprints,
  diffContent,
  mergeMessages,
  parseOp,
  readForm,
  sortErrors,
  takePart,
  toContent,
  toForm,
  type DiffRow,
  type FieldMessages,
  type PlanForm,
} from '$lib/components/plan-editor/form';
import { unitChoices } from '$lib/components/plan-editor/units';
import type { Actions, PageServerLoad } from './$types';

/** What the form shows after a post that did not leave the page. */
export interface EditorState {
  values: PlanForm;
  /** The version the author is editing (not the stored one after a conflict). */
  version: number;
  /** Fingerprints of that version's parts (baseFingerprints), to tell who changed what. */
  base: string;
  errors: FieldMessages;
  /** Messages with no field, and the general one. */
  other: string[];
  message: string | null;
  conflict: { version: number; rows: DiffRow[] } | null;
  /** The plan was issued (or superseded) meanwhile. */
  locked: boolean;
  /** The session ran out: offer to sign in again in another tab. */
  signIn: boolean;
}

function editPath(id: string, query = '') {
  return `/ke-hoach/${encodeURIComponent(id)}/sua${query}`;
}

/** The message after arriving from a save, a new plan, an amendment or a cascade. */
function noticeOf(query: URLSearchParams) {
  if (query.has('da-luu')) return 'saved' as const;
  if (query.has('moi')) return 'created' as const;
  if (query.has('sua-doi')) return 'amendment' as const;
  if (query.has('tu')) return 'cascaded' as const;
  return null;
}

async function unitNames(event: RequestEvent) {
  const tree = await createApi(event).orgTree();
  const byId = indexById(flattenTree(tree.roots));
  return { byId, name: (id: string) => byId.get(id)?.name ?? id };
}

export const load: PageServerLoad = async (event) => {
  // After a save whose session had run out, the page is shown again with what was typed (the
  // action says why); any other visit without a session goes to the sign-in page first.
  const me = event.locals.me ?? (event.request.method === 'POST' ? null : requireMe(event));
  const id = event.params.id;
  const api = createApi(event);
  const expired = event.locals.expiredEdit;
  if (!me && expired) {
    // Drafts are not public: without a session the plan cannot be read again, so the page shows
    // what was typed (the action's state) under the summary the form carried.
    const plan = { id, status: 'draft' as const, version: 0, year: expired.year, title: '', documentType: 'KẾ HOẠCH', number: null, typeCode: expired.typeCode, issuerCode: expired.issuerCode, issuedAt: null, amendsPlanId: null, parentPlanId: null, issuingUnitName: expired.issuingUnitName };
    const all = [...(await unitNames(event)).byId.values()];
    return { plan, values: null, base: '', unitGroups: [], unitLabels: Object.fromEntries(all.map((u) => [u.id, u.name])), canAmend: false, notice: null, savedVersion: null };
  }
  const [{ plan }, units] = await Promise.all([api.plan(id), unitNames(event)]);
  const issuing = units.byId.get(plan.issuingUnitId);

  if (plan.status === 'draft' && me) {
    // The API says whether this user may save it (its refusal as it comes), without saving.
    const refusal = await createPlanApi(event).refusal(plan, 'edit');
    if (refusal) {
      // The plan itself is public: "not within your reach" means "not yours to edit".
      const status = refusal.status === 404 ? 403 : refusal.status;
      error(status, `Bạn không sửa được kế hoạch này. ${refusal.message.replace(/\.$/, '')}.`);
    }
  }

  const referenced = [
    ...plan.implementation.assignments.flatMap((a) => a.units.map((u) => u.orgUnitId)),
    ...(plan.reportToUnitId ? [plan.reportToUnitId] : []),
  ];
  const all = [...units.byId.values()];
  const saved = event.url.searchParams.get('da-luu');
  return {
    plan: {
      id: plan.id,
      status: plan.status,
      version: plan.version,
      year: plan.year,
      title: plan.title,
      documentType: plan.documentType,
      number: plan.header.number,
      typeCode: plan.header.typeCode,
      issuerCode: plan.header.issuerCode,
      issuedAt: plan.issuedAt,
      amendsPlanId: plan.amendsPlanId,
      parentPlanId: plan.parentPlanId,
      issuingUnitName: issuing?.name ?? plan.issuingUnitId,
    },
    values: toForm(contentOf(plan)),
    base: baseFingerprints(contentOf(plan)),
    unitGroups: issuing ? unitChoices(all, issuing, plan.year, referenced) : [],
    unitLabels: Object.fromEntries(all.map((u) => [u.id, u.name])),
    canAmend: plan.status === 'issued' && allows('plans.edit', me, issuing?.path),
    notice: noticeOf(event.url.searchParams),
    savedVersion: saved,
  };
};

export const actions: Actions = {
  // No sign-in check here: with the session run out, the API's 401 is shown beside the form and
  // nothing typed is lost (a redirect to the sign-in page would drop it).
  luu: async (event) => {
    const id = event.params.id;
    const data = await event.request.formData();
    const values = readForm(data);
    const version = Number(data.get('version'));
    const base = String(data.get('_base') ?? '');
    const state = (extra: Partial<EditorState> = {}): EditorState => ({
      values,
      version,
      base,
      errors: {},
      other: [],
      message: null,
      conflict: null,
      locked: false,
      signIn: false,
      ...extra,
    });

    // Adding or removing a row: nothing is saved, the form comes back with the change.
    const op = parseOp(String(data.get('_op') ?? ''));
    if (op?.kind === 'take') {
      // After a conflict: one part taken from the stored version, the conflict listed again.
      const { plan: current } = await createApi(event).plan(id);
      if (current.status !== 'draft') return fail(409, { editor: state({ locked: true, message: 'Kế hoạch không còn là dự thảo.' }) });
      takePart(values, toForm(contentOf(current)), op.key);
      const { name } = await unitNames(event);
      const rows = diffContent(toContent(values).content, contentOf(current), name, base);
      return { editor: state({ conflict: { version: current.version, rows } }) };
    }
    if (op) {
      applyOp(values, op);
      return { editor: state() };
    }

    if (!Number.isInteger(version) || version < 1) return fail(400, { editor: state({ message: 'Thiếu phiên bản của kế hoạch; hãy mở lại trang sửa.' }) });
    const { content, errors } = toContent(values);
    if (Object.keys(errors).length) {
      // Nothing goes to the API with a field the form could not read; the same schema checks the
      // rest here, so that every error shows at once rather than one round after another.
      const check = planContentSchema.safeParse(content);
      const more = check.success
        ? []
        : check.error.issues.map((issue) => ({
            path: ['body', 'content', ...issue.path.map(String)].join('.'),
            message: issue.code === 'too_small' && Number(issue.minimum) === 1 ? 'tối thiểu 1' : 'Giá trị không hợp lệ.',
          }));
      const sorted = sortErrors(more, values);
      const extra = Object.fromEntries(Object.entries(sorted.fields).filter(([name]) => !errors[name]));
      return fail(400, {
        editor: state({ errors: mergeMessages(errors, extra), message: 'Chưa lưu: có ô chưa đúng, xem thông báo bên cạnh các ô được đánh dấu.' }),
      });
    }

    // "Lưu đè" carries the version the author has now seen in the conflict list.
    const overwrite = Number(data.get('_overwrite'));
    const saveVersion = Number.isInteger(overwrite) && overwrite >= 1 ? overwrite : version;
    const answer = await createPlanApi(event).save(id, saveVersion, content);
    if (answer.ok) redirect(303, editPath(id, `?da-luu=${answer.body.version}`));

    const { problem } = answer;
    if (problem.status === 409) {
      const current = problem.current;
      if (current && current.status === 'draft') {
        const { name } = await unitNames(event);
        return fail(409, {
          editor: state({
            conflict: { version: current.version, rows: diffContent(content, contentOf(current), name, base) },
          }),
        });
      }
      return fail(409, { editor: state({ locked: true, message: problem.message }) });
    }
    if (problem.status === 400) {
      const sorted = sortErrors(problem.errors, values, vietnamesePart);
      return fail(400, {
        editor: state({
          errors: mergeMessages({}, sorted.fields),
          other: sorted.other,
          message: 'Chưa lưu: có ô chưa đúng, xem thông báo bên cạnh các ô được đánh dấu.',
        }),
      });
    }
    if (problem.status === 401) {
      event.locals.expiredEdit = {
        id,
        year: Number(data.get('_year')) || new Date().getFullYear(),
        issuingUnitName: String(data.get('_unitName') ?? ''),
        typeCode: values.header?.typeCode ?? 'KH',
        issuerCode: values.header?.issuerCode ?? 'UBND',
      };
      return fail(401, {
        editor: state({
          message:
            'Phiên đăng nhập đã hết nên kế hoạch chưa được lưu. Nội dung bạn nhập vẫn còn trong các ô: hãy đăng nhập lại trong một thẻ mới, rồi quay lại đây bấm Lưu kế hoạch.',
          signIn: true,
        }),
      });
    }
    return fail(problem.status, { editor: state({ message: `Chưa lưu được: ${problem.message}` }) });
  },

  'sua-doi': async (event) => {
    requireMe(event);
    const answer = await createPlanApi(event).amend(event.params.id);
    if (answer.ok) redirect(303, editPath(answer.body.id, '?sua-doi=1'));
    return fail(answer.problem.status, { amend: { message: answer.problem.message } });
  },
};
