// The units an assignment may name: the issuing unit and the units below it that were in force
// in the middle of the plan year, grouped by level; units the plan already names but which are
// outside that list (another subtree, no longer in force) stay choosable so that nothing is lost.
import { isActiveOn, isWithin, type LocalDate, type OrgUnit, type OrgUnitKind } from '@binh-dang/domain';
import { validityText } from '$lib/org-units';
import type { OptionGroup } from './form';

const GROUPS: { kind: OrgUnitKind; label: string }[] = [
  { kind: 'agency', label: 'Cơ quan, tổ chức' },
  { kind: 'province', label: 'Cấp tỉnh' },
  { kind: 'district', label: 'Cấp huyện' },
  { kind: 'commune', label: 'Cấp xã' },
];

/** The day the unit list is read on: 1 June of the plan year. */
export function unitListDay(year: number): LocalDate {
  return `${year}-06-01`;
}

export function unitChoices(all: readonly OrgUnit[], issuing: OrgUnit, year: number, referenced: readonly string[]): OptionGroup[] {
  const day = unitListDay(year);
  const below = all.filter((u) => u.id !== issuing.id && isWithin(u.path, issuing.path) && isActiveOn(u, day));
  const listed = new Set([issuing.id, ...below.map((u) => u.id)]);
  const groups: OptionGroup[] = [{ label: 'Đơn vị ban hành', options: [{ value: issuing.id, label: issuing.name }] }];
  for (const { kind, label } of GROUPS) {
    const options = below.filter((u) => u.kind === kind).map((u) => ({ value: u.id, label: u.name }));
    if (options.length) groups.push({ label, options });
  }
  const byId = new Map(all.map((u) => [u.id, u]));
  const others = [...new Set(referenced)].filter((id) => id && !listed.has(id));
  if (others.length)
    groups.push({
      label: 'Đơn vị khác',
      options: others.map((id) => {
        const unit = byId.get(id);
        const validity = unit ? validityText(unit, 'short') : null;
        return { value: id, label: unit ? `${unit.name}${validity ? ` (${validity})` : ''}` : id };
      }),
    });
  return groups;
}
