// The API calls of the case register pages (/vu-viec): apps/api/src/routes/cases.ts. The API
// decides what a caller sees: identifying fields arrive only for the case workers of the case's
// own unit, under `identifying`; the pages show whatever is there and nothing else.
import type { RequestEvent } from '@sveltejs/kit';
import { hc } from 'hono/client';
import type { AppType } from '@binh-dang/api';
import type { CaseEventInput, CaseIntake } from '@binh-dang/domain';
import { attempt, read } from '$lib/server/api';
import { sendOnce } from '$lib/server/idempotency';

type ApiEvent = Pick<RequestEvent, 'fetch' | 'url'>;

export function createCaseApi(event: ApiEvent) {
  const v1 = hc<AppType>(event.url.origin, { fetch: event.fetch }).api.v1;
  return {
    async list(unitId: string, query: { status?: 'open' | 'closed' } = {}) {
      return (
        await read(v1['org-units'][':unitId'].cases.$get({ param: { unitId }, query }), {
          403: 'Vai trò của bạn không được xem sổ vụ việc.',
          404: 'Không tìm thấy đơn vị, hoặc đơn vị không thuộc phạm vi của bạn.',
          503: 'Sổ vụ việc chưa sẵn sàng: máy chủ chưa được cấu hình khóa mã hóa.',
        })
      ).items;
    },
    /**
     * With `key` (see $lib/server/idempotency), a resend of the same form opens no second case; the
     * API's replay of it carries the case's id only (no case data is kept with keys).
     */
    create(unitId: string, intake: CaseIntake, key: string | null = null) {
      return attempt(sendOnce(key, (init) => v1['org-units'][':unitId'].cases.$post({ param: { unitId }, json: intake }, init)));
    },
    get(id: string) {
      return read(v1.cases[':id'].$get({ param: { id } }), {
        403: 'Vai trò của bạn không được xem hồ sơ vụ việc này.',
        404: 'Không tìm thấy hồ sơ vụ việc này, hoặc hồ sơ không thuộc đơn vị trong phạm vi của bạn.',
        503: 'Sổ vụ việc chưa sẵn sàng: máy chủ chưa được cấu hình khóa mã hóa.',
      });
    },
    update(id: string, version: number, intake: CaseIntake) {
      return attempt(v1.cases[':id'].$put({ param: { id }, json: { ...intake, version } }));
    },
    addEvent(id: string, version: number, event: CaseEventInput) {
      return attempt(v1.cases[':id'].events.$post({ param: { id }, json: { version, event } }));
    },
  };
}

export type CaseDetail = Awaited<ReturnType<ReturnType<typeof createCaseApi>['get']>>;
