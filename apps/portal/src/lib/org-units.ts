// Reading the org tree for people: names, levels, validity and mergers in Vietnamese.
// Pure functions over the API's data, shared by the home page, the tree page and the plan page.
import { isActiveOn, type LocalDate, type OrgTreeNode, type OrgUnit, type OrgUnitKind } from '@binh-dang/domain';

/** "30/06/2025": the date form of the portal's own text (documents keep formatShortVnDate). */
export function formatUiDate(date: LocalDate): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

export const kindLabels: Record<OrgUnitKind, string> = {
  province: 'cấp tỉnh',
  district: 'cấp huyện',
  commune: 'cấp xã',
  agency: 'cơ quan, tổ chức',
};

/** Every unit of the nested tree, parents before children, without the nesting. */
export function flattenTree(nodes: readonly OrgTreeNode[]): OrgUnit[] {
  return nodes.flatMap(({ children, ...unit }) => [unit, ...flattenTree(children)]);
}

export function indexById<U extends { id: string }>(units: readonly U[]): Map<string, U> {
  return new Map(units.map((u) => [u.id, u]));
}

/** "đến 30/06/2025", "từ 01/07/2025", "01/01/1997 – 30/06/2025"; null when nothing is known. */
export function validityText(unit: Pick<OrgUnit, 'validFrom' | 'validTo'>, style: 'short' | 'full' = 'full'): string | null {
  const { validFrom, validTo } = unit;
  if (validTo && validFrom && style === 'full') return `${formatUiDate(validFrom)} – ${formatUiDate(validTo)}`;
  if (validTo) return `đến ${formatUiDate(validTo)}`;
  if (validFrom) return `từ ${formatUiDate(validFrom)}`;
  return null;
}

/** A day on which the unit was in force, as close to `preferred` as possible (for ?at= links). */
export function dayInForce(unit: Pick<OrgUnit, 'validFrom' | 'validTo'>, preferred: LocalDate): LocalDate {
  if (isActiveOn(unit, preferred)) return preferred;
  if (unit.validTo && preferred > unit.validTo) return unit.validTo;
  return unit.validFrom ?? preferred;
}

/** Units whose history continues in `unitId` (their successorId), in tree order. */
export function predecessorsOf(unitId: string, units: readonly OrgUnit[]): OrgUnit[] {
  return units.filter((u) => u.successorId === unitId);
}

/** The administrative units (not agencies) below a node, nested as in the tree. */
export function administrativeChildren(node: OrgTreeNode): OrgTreeNode[] {
  return node.children.filter((c) => c.kind !== 'agency');
}
