// Org-tree files for provisioning (infra/trees/*.json): one nested tree per file, the province at
// its root. Each node names id, name, kind and local kind, and optionally code, shortName,
// validFrom/validTo, successorId, provenance (default "verified"), note and children; paths and
// sort orders are derived. A tree is checked by the domain's `checkTree` (and a few rules of its
// own) before anything is written.
import { readFileSync } from 'node:fs';
import { checkTree, orgUnitSchema, pathOf, type OrgUnit } from '@binh-dang/domain';

export interface TreeNode {
  id: string;
  name: string;
  kind: OrgUnit['kind'];
  localKind: string;
  code?: string | null;
  shortName?: string;
  validFrom?: string | null;
  validTo?: string | null;
  successorId?: string | null;
  provenance?: OrgUnit['provenance'];
  note?: string | null;
  children?: TreeNode[];
}

export interface TreeFile {
  about?: string;
  sources?: string[];
  /** False when the file lists only part of the province (the rest is added later). */
  complete?: boolean;
  /** How many communes the province has, when the file says. */
  expectedCommunes?: number;
  root: TreeNode;
}

export interface LoadedTree {
  file: TreeFile;
  units: OrgUnit[];
  root: OrgUnit;
  /** Units per kind, e.g. { province: 1, commune: 4 }. */
  counts: Record<string, number>;
  /** Everything wrong with the tree; empty when it may be loaded. */
  problems: string[];
  /** Things to know that do not stop loading (an incomplete list). */
  warnings: string[];
}

const LOCAL_PREFIX = /^(Tỉnh|Thành phố|Huyện|Quận|Thị xã|Thị trấn|Xã|Phường|Đặc khu)\s+/u;

export function flattenTree(root: TreeNode): { units: OrgUnit[]; problems: string[] } {
  const units: OrgUnit[] = [];
  const problems: string[] = [];
  const walk = (node: TreeNode, parent: OrgUnit | null, index: number) => {
    let path = '';
    try {
      path = pathOf(parent?.path ?? null, node.id);
    } catch (error) {
      problems.push(`${node.id}: ${(error as Error).message}`);
      return;
    }
    const candidate = {
      id: node.id,
      code: node.code ?? null,
      name: node.name,
      shortName: node.shortName ?? node.name?.replace(LOCAL_PREFIX, ''),
      kind: node.kind,
      localKind: node.localKind,
      parentId: parent?.id ?? null,
      path,
      validFrom: node.validFrom ?? null,
      validTo: node.validTo ?? null,
      successorId: node.successorId ?? null,
      provenance: node.provenance ?? 'verified',
      note: node.note ?? null,
      sortOrder: index + 1,
    };
    const parsed = orgUnitSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${node.id ?? '(no id)'}: ${issue.path.join('.')}: ${issue.message}`);
      return;
    }
    units.push(parsed.data);
    (node.children ?? []).forEach((child, i) => walk(child, parsed.data, i));
  };
  walk(root, null, 0);
  return { units, problems };
}

export function checkProvinceTree(file: TreeFile): LoadedTree {
  const { units, problems } = flattenTree(file.root);
  const seen = new Set<string>();
  for (const u of units) {
    if (seen.has(u.id)) problems.push(`${u.id}: appears twice`);
    seen.add(u.id);
  }
  const root = units[0];
  if (!root) problems.push('the tree is empty');
  else if (root.kind !== 'province') problems.push(`${root.id}: the root must be a province (is ${root.kind})`);
  for (const u of units.slice(1)) if (u.kind === 'province') problems.push(`${u.id}: a province below the root`);
  try {
    problems.push(...checkTree(units));
  } catch (error) {
    problems.push((error as Error).message);
  }
  const counts: Record<string, number> = {};
  for (const u of units) counts[u.kind] = (counts[u.kind] ?? 0) + 1;
  const warnings: string[] = [];
  if (file.complete === false)
    warnings.push(
      `the file lists part of the province only${file.expectedCommunes ? ` (${counts.commune ?? 0} of ${file.expectedCommunes} communes)` : ''}: add the rest from the GSO list before going live`,
    );
  return { file, units, root: root!, counts, problems, warnings };
}

export function loadTreeFile(path: string): LoadedTree {
  let file: TreeFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as TreeFile;
  } catch (error) {
    return { file: { root: {} as TreeNode }, units: [], root: undefined as never, counts: {}, problems: [`${path}: ${(error as Error).message}`], warnings: [] };
  }
  if (!file || typeof file !== 'object' || !file.root) return { file, units: [], root: undefined as never, counts: {}, problems: [`${path}: no "root" unit`], warnings: [] };
  return checkProvinceTree(file);
}

const PLURAL: Record<string, string> = { province: 'provinces', district: 'districts', commune: 'communes', agency: 'agencies' };

/** "1 province, 1 district, 12 communes". */
export function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([kind, n]) => `${n} ${n === 1 ? kind : (PLURAL[kind] ?? kind)}`)
    .join(', ');
}
