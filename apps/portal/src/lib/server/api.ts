// The one way loads read the API: the typed Hono client (hc<AppType>) over SvelteKit's
// event.fetch, so hooks.server.ts (handleFetch) routes the calls. Failures become SvelteKit
// errors with a Vietnamese message.
import { error, type RequestEvent } from '@sveltejs/kit';
import { hc } from 'hono/client';
import type { AppType } from '@binh-dang/api';
import type { OrgTreeNode, Plan } from '@binh-dang/domain';

type ApiEvent = Pick<RequestEvent, 'fetch' | 'url'>;

interface ProblemBody {
  title?: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

/** Messages for a status that the caller knows better than the API's generic title. */
type Messages = Partial<Record<number, string>>;

/** API texts are "Vietnamese (English)": readers get the Vietnamese part. */
export function vietnamesePart(text: string): string {
  return text.replace(/\s*\([^()]*\)\s*$/, '').trim() || text;
}

async function problemMessage(response: ClientAnswer): Promise<string> {
  let body: ProblemBody = {};
  try {
    body = (await response.json()) as ProblemBody;
  } catch (_error) {
    // Not problem+json (a proxy page, an empty body): fall back to the status alone.
  }
  const parts = [body.title, ...(body.errors ?? []).map((e) => e.message)].filter((p): p is string => !!p);
  if (parts.length === 0) return `Máy chủ dữ liệu trả lời lỗi ${response.status}.`;
  return parts.map(vietnamesePart).join(': ');
}

/** What every typed client answer has, whatever its status. */
interface ClientAnswer {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

/** The JSON body of the successful answers among a typed client call's possible answers. */
type OkBody<R extends ClientAnswer> = Awaited<ReturnType<Extract<R, { ok: true }>['json']>>;

/** Waits for an API call and returns its 2xx body, typed by the route's schema. */
async function read<R extends ClientAnswer>(call: Promise<R>, messages: Messages = {}): Promise<OkBody<R>> {
  let response: R;
  try {
    response = await call;
  } catch (_error) {
    error(503, 'Không kết nối được tới máy chủ dữ liệu. Vui lòng thử lại sau ít phút.');
  }
  if (response.ok) return (await response.json()) as OkBody<R>;
  const status = response.status >= 400 && response.status <= 599 ? response.status : 502;
  error(status, messages[status] ?? (await problemMessage(response)));
}

export function createApi(event: ApiEvent) {
  const client = hc<AppType>(event.url.origin, { fetch: event.fetch });
  const v1 = client.api.v1;

  return {
    /** The org tree; with `at`, only the units in force that day. */
    async orgTree(at?: string) {
      const body = await read(v1['org-units'].$get({ query: at ? { at } : {} }));
      // Hono's client types recursive schemas (tree children, nested plan items) as plain JSON;
      // the API answers with the domain's own zod schemas, so the domain type is the exact shape.
      return { at: body.at, roots: body.roots as OrgTreeNode[] };
    },

    /** Plan summaries, optionally within a unit's subtree and for one year. */
    plans(filter: { unit?: string; year?: number } = {}) {
      const query: { unit?: string; year?: string } = {};
      if (filter.unit) query.unit = filter.unit;
      if (filter.year !== undefined) query.year = String(filter.year);
      const call = v1.plans.$get({ query });
      return read(call);
    },

    /** One plan, whole, with the units it refers to. */
    async plan(id: string) {
      const body = await read(v1.plans[':id'].$get({ param: { id } }), {
        400: `Mã kế hoạch “${id}” không hợp lệ.`,
        404: `Không tìm thấy kế hoạch “${id}”. Kế hoạch có thể đã bị xoá hoặc đường dẫn bị gõ sai.`,
      });
      // Recursive plan items: see orgTree.
      return { plan: body.plan as unknown as Plan, units: body.units };
    },
  };
}

export type Api = ReturnType<typeof createApi>;
