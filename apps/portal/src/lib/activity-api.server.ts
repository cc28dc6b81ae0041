// The API calls of the activity pages (/hoat-dong): apps/api/src/routes/activities.ts. Same typed
// client and cookie forwarding as $lib/server/api.ts; loads get the body or a SvelteKit error,
// writes the body or the problem (field errors to show beside the inputs).
import type { RequestEvent } from '@sveltejs/kit';
import { hc } from 'hono/client';
import type { AppType } from '@binh-dang/api';
import type { ActivityInput } from '@binh-dang/domain';
import { attempt, read } from '$lib/server/api';
import { sendOnce } from '$lib/server/idempotency';

type ApiEvent = Pick<RequestEvent, 'fetch' | 'url'>;

export function createActivityApi(event: ApiEvent) {
  const v1 = hc<AppType>(event.url.origin, { fetch: event.fetch }).api.v1;
  return {
    /** Activities of a unit and the units below it, newest first. */
    async list(unitId: string, query: { from?: string; to?: string; kind?: ActivityInput['kind'] } = {}) {
      const body = await read(v1['org-units'][':unitId'].activities.$get({ param: { unitId }, query }), {
        403: 'Vai trò của bạn không được xem hoạt động của đơn vị này.',
        404: 'Không tìm thấy đơn vị, hoặc đơn vị không thuộc phạm vi của bạn.',
      });
      return body.items;
    },
    /** With `key` (see $lib/server/idempotency), a resend of the same form creates nothing more. */
    create(unitId: string, input: ActivityInput, key: string | null = null) {
      return attempt(sendOnce(key, (init) => v1['org-units'][':unitId'].activities.$post({ param: { unitId }, json: input }, init)));
    },
    async get(id: string) {
      return (await read(v1.activities[':id'].$get({ param: { id } }), { 404: 'Không tìm thấy hoạt động này.' })).activity;
    },
    update(id: string, version: number, input: ActivityInput) {
      return attempt(v1.activities[':id'].$put({ param: { id }, json: { version, activity: input } }));
    },
    async evidence(id: string) {
      return (await read(v1.activities[':id'].evidence.$get({ param: { id } }))).items;
    },
    addEvidence(id: string, name: string, bytes: Uint8Array) {
      return attempt(
        v1.activities[':id'].evidence.$post(
          { param: { id }, query: { name } },
          { headers: { 'content-type': 'application/octet-stream' }, init: { body: new Blob([bytes as Uint8Array<ArrayBuffer>]) } },
        ),
      );
    },
  };
}

export type ActivityItem = Awaited<ReturnType<ReturnType<typeof createActivityApi>['list']>>[number];
