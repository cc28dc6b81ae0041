// The plan-writing calls of the API (apps/api/src/routes/plan-editing.ts) for the editor, issue,
// new-plan and plan pages: create, save, issue, amend, cascade. Same typed client and the same
// cookie forwarding as $lib/server/api.ts (hc<AppType> over event.fetch, through handleFetch),
// but a failed save keeps the problem's `current` plan (409 when someone saved first), which the
// editor needs to show what changed. Also: who may do what on a plan, from the signed-in user's
// memberships and the domain's permission table (to show or hide buttons; the API decides).
import { hc } from 'hono/client';
import type { RequestEvent } from '@sveltejs/kit';
import type { AppType } from '@binh-dang/api';
import { decide, type Grant, type Permission, type Plan, type PlanContent } from '@binh-dang/domain';
import { MINIMAL_CONTENT } from '$lib/components/plan-editor/new-plan';
import { attempt, type ApiProblem, type Attempt, type ClientAnswer, type Me } from '$lib/server/api';

type ApiEvent = Pick<RequestEvent, 'fetch' | 'url'>;

/** A problem of a plan write; `current` is the plan as stored when the API sent one (409). */
export type PlanProblem = ApiProblem<Plan>;

export type PlanAttempt<T> = Attempt<T, Plan>;

/** The plan of a write's answer ({ plan }), or the problem. Never throws. */
async function planAttempt(call: Promise<ClientAnswer>): Promise<PlanAttempt<Plan>> {
  const answer = await attempt<ClientAnswer, Plan>(call);
  // Recursive plan items: Hono's client types them as plain JSON; the API answers with the domain's schema.
  return answer.ok ? { ok: true, body: (answer.body as { plan: Plan }).plan } : answer;
}

/** What an author edits of a plan (the API's planContentSchema is strict: nothing else). */
export function contentOf(plan: Plan): PlanContent {
  return {
    header: plan.header,
    documentType: plan.documentType,
    title: plan.title,
    legalBases: plan.legalBases,
    preambleClosing: plan.preambleClosing,
    purposes: plan.purposes,
    tasks: plan.tasks,
    implementation: plan.implementation,
    closing: plan.closing,
    reportDeadline: plan.reportDeadline,
    reportToUnitId: plan.reportToUnitId,
    recipients: plan.recipients,
    signature: plan.signature,
  };
}

/**
 * A version no plan reaches: a write carrying it can never be applied. The API checks who may
 * write before it compares versions, so such a write answers 409 (stale) to someone allowed and
 * 401/403/404 to anyone else, and changes nothing either way.
 */
const NEVER_VERSION = Number.MAX_SAFE_INTEGER;

export type CascadeStatus = 'none' | 'draft' | 'issued' | 'superseded';

export function createPlanApi(event: ApiEvent) {
  const client = hc<AppType>(event.url.origin, { fetch: event.fetch });
  const v1 = client.api.v1;

  return {
    create(unitId: string, year: number, content: PlanContent) {
      return planAttempt(v1['org-units'][':unitId'].plans.$post({ param: { unitId }, json: { year, content } }));
    },

    save(id: string, version: number, content: PlanContent) {
      return planAttempt(v1.plans[':id'].$put({ param: { id }, json: { version, content } }));
    },

    issue(id: string, body: { version: number; number: string; date: string }) {
      return planAttempt(v1.plans[':id'].issue.$post({ param: { id }, json: body }));
    },

    amend(id: string) {
      return planAttempt(v1.plans[':id'].amendments.$post({ param: { id } }, { headers: { 'content-type': 'application/json' } }));
    },

    cascade(id: string, unitId: string) {
      return planAttempt(v1.plans[':id'].cascade.$post({ param: { id }, json: { unitId } }));
    },

    /** Which units the plan addresses have their own plan from it; null when the API cannot say. */
    async cascadeStatus(id: string) {
      try {
        const response = await v1.plans[':id'].cascade.$get({ param: { id } });
        if (!response.ok) return null;
        return (await response.json()).items;
      } catch (_error) {
        return null;
      }
    },

    /**
     * Asks the API whether the signed-in user may save (`plans.edit`) or issue (`plans.issue`)
     * this plan, without changing it (NEVER_VERSION). null: allowed; else the API's refusal.
     * A plan no longer a draft answers 409 without `current`: that is for the caller to show.
     */
    async refusal(plan: Plan, action: 'edit' | 'issue'): Promise<PlanProblem | null> {
      const answer =
        action === 'edit'
          ? await this.save(plan.id, NEVER_VERSION, MINIMAL_CONTENT)
          : await this.issue(plan.id, { version: NEVER_VERSION, number: '1', date: '2000-01-01' });
      if (answer.ok) return null; // Cannot happen (no plan has that version); nothing to refuse.
      const { problem } = answer;
      if (problem.status === 409) return null;
      return problem;
    },
  };
}

export type PlanApi = ReturnType<typeof createPlanApi>;

/** The grants of the user's memberships in force (roles awaiting two-factor set-up do not count). */
export function grantsOf(me: Me | null): Grant[] | null {
  if (!me) return null;
  return me.memberships.filter((m) => m.active).map((m) => ({ role: m.role, path: m.path }));
}

/** Whether the user's roles allow `permission` on the unit at `unitPath` (buttons only: the API decides). */
export function allows(permission: Permission, me: Me | null, unitPath: string | null | undefined): boolean {
  if (!me || !unitPath) return false;
  return decide(permission, grantsOf(me), unitPath) === 'allow';
}
