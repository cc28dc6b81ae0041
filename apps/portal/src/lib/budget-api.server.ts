// The API calls of the budget pages (/ngan-sach): apps/api/src/routes/budget.ts.
import type { RequestEvent } from '@sveltejs/kit';
import { hc } from 'hono/client';
import type { AppType } from '@binh-dang/api';
import type { AllocationInput, ExpenseInput } from '@binh-dang/domain';
import { attempt, read } from '$lib/server/api';
import { sendOnce } from '$lib/server/idempotency';

type ApiEvent = Pick<RequestEvent, 'fetch' | 'url'>;

export function createBudgetApi(event: ApiEvent) {
  const v1 = hc<AppType>(event.url.origin, { fetch: event.fetch }).api.v1;
  return {
    budget(unitId: string, planId?: string) {
      return read(v1['org-units'][':unitId'].budget.$get({ param: { unitId }, query: planId ? { planId } : {} }), {
        403: 'Vai trò của bạn không được xem kinh phí của đơn vị này.',
        404: 'Không tìm thấy đơn vị, hoặc đơn vị không thuộc phạm vi của bạn.',
      });
    },
    allocate(unitId: string, input: AllocationInput) {
      return attempt(v1['org-units'][':unitId'].budget.allocations.$post({ param: { unitId }, json: input }));
    },
    allocation(id: string) {
      return read(v1.budget.allocations[':id'].$get({ param: { id } }), { 404: 'Không tìm thấy khoản kinh phí này.' });
    },
    /** With `key` (see $lib/server/idempotency), a resend of the same form records nothing more. */
    addExpense(id: string, input: ExpenseInput, key: string | null = null) {
      return attempt(sendOnce(key, (init) => v1.budget.allocations[':id'].expenses.$post({ param: { id }, json: input }, init)));
    },
  };
}
