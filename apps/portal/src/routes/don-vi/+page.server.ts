import { isValidLocalDate, todayInVietnam, type OrgUnit } from '@binh-dang/domain';
import { createApi } from '$lib/server/api';
import { flattenTree, indexById, predecessorsOf } from '$lib/org-units';
import type { PageServerLoad } from './$types';

export interface UnitLink {
  id: string;
  name: string;
  validFrom: string | null;
  validTo: string | null;
}

const link = ({ id, name, validFrom, validTo }: OrgUnit): UnitLink => ({ id, name, validFrom, validTo });

export const load: PageServerLoad = async (event) => {
  const today = todayInVietnam();
  const raw = event.url.searchParams.get('at')?.trim() ?? '';
  const invalidInput = raw !== '' && !isValidLocalDate(raw) ? raw : null;
  const at = raw === '' || invalidInput ? today : raw;

  const api = createApi(event);
  // The day's tree, and every unit ever, to name what a unit merged into or was formed from.
  const [tree, everything] = await Promise.all([api.orgTree(at), api.orgTree()]);
  const all = flattenTree(everything.roots);
  const byId = indexById(all);

  const history: Record<string, { successor: UnitLink | null; predecessors: UnitLink[] }> = {};
  for (const unit of flattenTree(tree.roots)) {
    const successor = unit.successorId ? byId.get(unit.successorId) : undefined;
    const predecessors = predecessorsOf(unit.id, all);
    if (successor || predecessors.length > 0)
      history[unit.id] = { successor: successor ? link(successor) : null, predecessors: predecessors.map(link) };
  }

  return { at, today, invalidInput, roots: tree.roots, history };
};
