// "Vụ việc": the case register of the unit the user works in and of the units below it —
// non-identifying fields only (type, context, sex, age group, steps, support). Names never appear
// here, for anyone: the case's own page opens them for the case workers of its commune.
import { caseAccess } from '@binh-dang/domain';
import { requireMembership } from '$lib/server/guard';
import { createCaseApi } from '$lib/case-api.server';
import { caseLabel } from '$lib/case-format';
import { formatVnDate } from '$lib/report-format';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { membership } = requireMembership(event);
  const status = event.url.searchParams.get('trang-thai');
  const items = await createCaseApi(event).list(membership.orgUnitId, status === 'open' || status === 'closed' ? { status } : {});
  return {
    unit: { id: membership.orgUnitId, name: membership.orgUnitName },
    status,
    canRecord: membership.active && caseAccess([{ role: membership.role, path: membership.path }], membership.path) === 'identifying',
    showUnit: items.some((c) => c.orgUnitId !== membership.orgUnitId),
    items: items.map((c) => ({
      id: c.id,
      intakeDate: formatVnDate(c.intakeDate),
      type: caseLabel.type(c.type),
      contexts: c.contexts.map(caseLabel.context).join('; '),
      victim: `${caseLabel.sex(c.victimSex)}, ${caseLabel.age(c.victimAgeGroup)}`,
      steps: c.steps.map(caseLabel.step).join(', '),
      supported: c.supportCount > 0,
      status: caseLabel.status(c.status),
      closed: c.status === 'closed',
      nextFollowUp: c.nextFollowUp ? formatVnDate(c.nextFollowUp) : null,
      unitName: c.orgUnitName,
    })),
  };
};
