// The public pages read the read-only public API (/api/v1/public/…) and nothing else: what it
// answers is, by construction, what may be published (issued plans, approved and suppressed
// figures). The typed Hono client over event.fetch (hooks.server.ts routes it to the API); each
// answer's ETag is remembered for the page's own ETag (cache.ts).
import { error, type RequestEvent } from '@sveltejs/kit';
import { hc } from 'hono/client';
import type { AppType } from '@binh-dang/api';
import type { Plan } from '@binh-dang/domain';
import { recordEtag } from './cache';
import { dictionary, type Lang } from './i18n';

type PublicEvent = Pick<RequestEvent, 'fetch' | 'url' | 'locals'>;

interface Answer {
  ok: boolean;
  status: number;
  headers: Headers;
  json(): Promise<unknown>;
}

type OkBody<R extends Answer> = Awaited<ReturnType<Extract<R, { ok: true }>['json']>>;

export function createPublicApi(event: PublicEvent, lang: Lang) {
  const v1 = hc<AppType>(event.url.origin, { fetch: event.fetch }).api.v1;
  const t = dictionary(lang);

  /** The 200 body, or null for a 404 (the caller says what is missing); other failures are errors. */
  async function get<R extends Answer>(call: Promise<R>): Promise<OkBody<R> | null> {
    let response: R;
    try {
      response = await call;
    } catch (_error) {
      error(503, t.unavailable);
    }
    if (response.ok) {
      recordEtag(event.locals, response.headers.get('etag'));
      return (await response.json()) as OkBody<R>;
    }
    if (response.status === 404) return null;
    error(response.status >= 500 ? 503 : response.status, response.status >= 500 ? t.unavailable : `${t.errorHeading} (${response.status}).`);
  }

  return {
    /** The provinces (old and merged): where the public site starts. */
    async provinces() {
      const body = await get(v1.public.units.$get());
      return body?.items ?? [];
    },

    /** A unit with its place in the tree on a day; 404 → an error page naming the id. */
    async unit(unitId: string, at?: string) {
      const body = await get(v1.public.units[':unitId'].$get({ param: { unitId }, query: at ? { at } : {} }));
      if (!body) error(404, t.unitNotFound(unitId));
      return body;
    },

    /** Approved, suppressed results for a period; null when the unit did not exist in it. */
    results(unitId: string, period: string) {
      return get(v1.public.units[':unitId'].results.$get({ param: { unitId }, query: { period } }));
    },

    /** Issued plans of the unit and every unit under it (the open-data rows). */
    async plansBelow(unitId: string) {
      const body = await get(v1.public.units[':unitId']['plans.json'].$get({ param: { unitId }, query: {} }));
      return body?.rows ?? [];
    },

    /** An issued (or superseded) plan, whole; 404 for drafts and unknown ids. */
    async plan(id: string) {
      const body = await get(v1.public.plans[':id'].$get({ param: { id } }));
      if (!body) error(404, t.planNotFound(id));
      // Recursive plan items are typed as plain JSON by the client; the API answers with the domain's schema.
      return { plan: body.plan as unknown as Plan, units: body.units };
    },

    /** Per duty of an issued plan: how many units are done, in progress, not started, overdue. */
    progress(id: string) {
      return get(v1.public.plans[':id'].progress.$get({ param: { id } }));
    },

    /** The indicator catalogue (NQ28 objectives and national targets). */
    async indicators() {
      const body = await get(v1.indicators.$get());
      return body?.items ?? [];
    },
  };
}

export type PublicApi = ReturnType<typeof createPublicApi>;
export type PublicUnit = NonNullable<Awaited<ReturnType<PublicApi['unit']>>>;
export type PublicResults = NonNullable<Awaited<ReturnType<PublicApi['results']>>>;
export type PublicProgress = NonNullable<Awaited<ReturnType<PublicApi['progress']>>>;
export type PublicUnitRef = PublicUnit['unit'];
export type CatalogueEntry = Awaited<ReturnType<PublicApi['indicators']>>[number];
