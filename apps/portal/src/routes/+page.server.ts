import { todayInVietnam, type OrgUnit } from '@binh-dang/domain';
import { createApi } from '$lib/server/api';
import { administrativeChildren, flattenTree, indexById, predecessorsOf } from '$lib/org-units';
import type { PageServerLoad } from './$types';

type UnitLink = Pick<OrgUnit, 'id' | 'name' | 'validFrom' | 'validTo' | 'provenance'>;

const link = ({ id, name, validFrom, validTo, provenance }: OrgUnit): UnitLink => ({ id, name, validFrom, validTo, provenance });

export const load: PageServerLoad = async (event) => {
  const api = createApi(event);
  const [tree, plans] = await Promise.all([api.orgTree(), api.plans()]);
  const units = flattenTree(tree.roots);
  const byId = indexById(units);
  const rootOf = (unitId: string) => byId.get(unitId)?.path.split('/').find(Boolean);

  const provinces = tree.roots.map((root) => {
    const successor = root.successorId ? byId.get(root.successorId) : undefined;
    return {
      unit: link(root),
      code: root.code,
      successor: successor ? link(successor) : null,
      predecessors: predecessorsOf(root.id, units).map(link),
      subunits: administrativeChildren(root).map((child) => ({
        unit: link(child),
        localKind: child.localKind,
        predecessors: predecessorsOf(child.id, units).map(link),
        subunits: administrativeChildren(child).map(link),
      })),
      plans: plans.items.filter((p) => rootOf(p.issuingUnitId) === root.id),
    };
  });

  return { provinces, today: todayInVietnam() };
};
