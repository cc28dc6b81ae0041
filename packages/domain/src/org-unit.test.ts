import { describe, expect, it } from 'vitest';
import {
  buildTree,
  checkTree,
  depthOf,
  isActiveOn,
  isWithin,
  orgUnitSchema,
  pathIds,
  pathOf,
  successorOn,
  type OrgTreeNode,
  type OrgUnit,
} from './org-unit.ts';

/** A unit with sensible defaults; the path follows the parent unless given. */
function unit(id: string, over: Partial<OrgUnit> & { parentPath?: string | null } = {}): OrgUnit {
  const { parentPath = null, ...rest } = over;
  return {
    id,
    code: null,
    name: id,
    shortName: id,
    kind: 'commune',
    localKind: 'xã',
    parentId: null,
    path: pathOf(parentPath, id),
    validFrom: null,
    validTo: null,
    successorId: null,
    provenance: 'demo',
    note: null,
    sortOrder: 0,
    ...rest,
  };
}

/** The tree as nested [id, children] pairs, easy to compare. */
type Shape = [string, Shape[]];
function shape(nodes: OrgTreeNode[]): Shape[] {
  return nodes.map((n) => [n.id, shape(n.children)]);
}

describe('materialised paths', () => {
  it('pathOf appends the id below the parent path, or below the root', () => {
    expect(pathOf(null, 'pt')).toBe('/pt/');
    expect(pathOf('/pt/', 'lt')).toBe('/pt/lt/');
    expect(pathOf('/pt/lt/', 'x1')).toBe('/pt/lt/x1/');
  });

  it("pathOf refuses ids containing '/'", () => {
    expect(() => pathOf('/pt/', 'a/b')).toThrow(RangeError);
  });

  it('pathIds lists ids from the root down', () => {
    expect(pathIds('/pt/lt/x1/')).toEqual(['pt', 'lt', 'x1']);
    expect(pathIds('/pt/')).toEqual(['pt']);
    expect(pathIds('/')).toEqual([]);
  });

  it('depthOf counts from 0 at a root', () => {
    expect(depthOf('/pt/')).toBe(0);
    expect(depthOf('/pt/lt/')).toBe(1);
    expect(depthOf('/pt/lt/x1/')).toBe(2);
  });

  it('isWithin includes the scope itself and everything below it', () => {
    expect(isWithin('/a/b/', '/a/b/')).toBe(true);
    expect(isWithin('/a/b/c/', '/a/b/')).toBe(true);
    expect(isWithin('/a/b/c/d/', '/a/b/')).toBe(true);
    expect(isWithin('/a/b/', '/a/')).toBe(true);
  });

  it('isWithin is not fooled by ids sharing a prefix', () => {
    expect(isWithin('/a/b1/', '/a/b/')).toBe(false);
    expect(isWithin('/a/b1/c/', '/a/b/')).toBe(false);
    expect(isWithin('/a/bb/', '/a/b/')).toBe(false);
    expect(isWithin('/ab/', '/a/')).toBe(false);
  });

  it('isWithin is false for ancestors, siblings and the same id elsewhere', () => {
    expect(isWithin('/a/', '/a/b/')).toBe(false);
    expect(isWithin('/a/c/', '/a/b/')).toBe(false);
    expect(isWithin('/x/a/b/', '/a/b/')).toBe(false);
  });
});

describe('isActiveOn', () => {
  const u = { validFrom: '2020-01-01', validTo: '2025-06-30' };

  it('includes both bounds', () => {
    expect(isActiveOn(u, '2019-12-31')).toBe(false);
    expect(isActiveOn(u, '2020-01-01')).toBe(true);
    expect(isActiveOn(u, '2022-05-17')).toBe(true);
    expect(isActiveOn(u, '2025-06-30')).toBe(true);
    expect(isActiveOn(u, '2025-07-01')).toBe(false);
  });

  it('treats null bounds as open', () => {
    expect(isActiveOn({ validFrom: null, validTo: null }, '1900-01-01')).toBe(true);
    expect(isActiveOn({ validFrom: null, validTo: '2025-06-30' }, '1900-01-01')).toBe(true);
    expect(isActiveOn({ validFrom: null, validTo: '2025-06-30' }, '2025-07-01')).toBe(false);
    expect(isActiveOn({ validFrom: '2025-07-01', validTo: null }, '2999-12-31')).toBe(true);
    expect(isActiveOn({ validFrom: '2025-07-01', validTo: null }, '2025-06-30')).toBe(false);
  });
});

// The 2025 reform in miniature: three communes of a district are merged into one new commune,
// districts are abolished, and the old province is merged into a new one.
const OLD_END = '2025-06-30';
const NEW_START = '2025-07-01';
const reform: OrgUnit[] = [
  unit('pt-old', { kind: 'province', localKind: 'tỉnh', name: 'Tỉnh Phú Thọ (cũ)', validTo: OLD_END, successorId: 'pt-new' }),
  unit('lt', { kind: 'district', localKind: 'huyện', name: 'Huyện Lâm Thao', parentId: 'pt-old', parentPath: '/pt-old/', validTo: OLD_END }),
  unit('x-c', { name: 'Xã Cao Xá', parentId: 'lt', parentPath: '/pt-old/lt/', validTo: OLD_END, successorId: 'x-new', sortOrder: 3 }),
  unit('x-a', { name: 'Thị trấn Lâm Thao', localKind: 'thị trấn', parentId: 'lt', parentPath: '/pt-old/lt/', validTo: OLD_END, successorId: 'x-new', sortOrder: 1 }),
  unit('x-b', { name: 'Xã Sơn Vi', parentId: 'lt', parentPath: '/pt-old/lt/', validTo: OLD_END, successorId: 'x-new', sortOrder: 2 }),
  unit('pt-new', { kind: 'province', localKind: 'tỉnh', name: 'Tỉnh Phú Thọ', validFrom: NEW_START }),
  unit('x-new', { name: 'Xã Lâm Thao', parentId: 'pt-new', parentPath: '/pt-new/', validFrom: NEW_START }),
];
const reformById = new Map(reform.map((u) => [u.id, u]));

describe('buildTree', () => {
  it('the fixture is itself a valid tree', () => {
    for (const u of reform) expect(orgUnitSchema.safeParse(u).success, u.id).toBe(true);
    expect(checkTree(reform)).toEqual([]);
  });

  it('reads the tree before the merger (last day of the old units)', () => {
    expect(shape(buildTree(reform, '2025-06-30'))).toEqual([['pt-old', [['lt', [['x-a', []], ['x-b', []], ['x-c', []]]]]]]);
  });

  it('reads the tree after the merger (first day of the new units)', () => {
    expect(shape(buildTree(reform, '2025-07-01'))).toEqual([['pt-new', [['x-new', []]]]]);
  });

  it('without a date, nests every unit ever in force', () => {
    const tree = buildTree(reform, null);
    expect(shape(tree)).toEqual([
      ['pt-new', [['x-new', []]]],
      ['pt-old', [['lt', [['x-a', []], ['x-b', []], ['x-c', []]]]]],
    ]);
  });

  it('orders children by sortOrder, then by name in Vietnamese order', () => {
    const units = [
      unit('p', { kind: 'province' }),
      unit('c3', { name: 'Xã Đào Xá', parentId: 'p', parentPath: '/p/', sortOrder: 1 }),
      unit('c2', { name: 'Xã Dị Nậu', parentId: 'p', parentPath: '/p/', sortOrder: 1 }),
      unit('c1', { name: 'Xã Zeta', parentId: 'p', parentPath: '/p/', sortOrder: 0 }),
    ];
    expect(shape(buildTree(units, '2024-01-01'))).toEqual([['p', [['c1', []], ['c2', []], ['c3', []]]]]);
  });

  it('makes a unit whose parent is not in force that day a root', () => {
    const units = [
      unit('p', { kind: 'province', validTo: '2020-12-31' }),
      unit('c', { parentId: 'p', parentPath: '/p/' }),
    ];
    expect(shape(buildTree(units, '2021-01-01'))).toEqual([['c', []]]);
    expect(shape(buildTree(units, '2020-12-31'))).toEqual([['p', [['c', []]]]]);
  });

  it('does not mutate the input units', () => {
    const copy = JSON.parse(JSON.stringify(reform)) as OrgUnit[];
    buildTree(reform, '2025-06-30');
    expect(reform).toEqual(copy);
  });
});

describe('successorOn', () => {
  const chain = new Map(
    [
      unit('a', { validFrom: '2000-01-01', validTo: '2019-12-31', successorId: 'b' }),
      unit('b', { validFrom: '2020-01-01', validTo: '2025-06-30', successorId: 'c' }),
      unit('c', { validFrom: '2025-07-01' }),
      unit('gone', { validTo: '2020-12-31' }),
      unit('loop1', { validTo: '2010-12-31', successorId: 'loop2' }),
      unit('loop2', { validTo: '2010-12-31', successorId: 'loop1' }),
      unit('dangling', { validTo: '2010-12-31', successorId: 'nowhere' }),
    ].map((u) => [u.id, u]),
  );

  it('returns the unit itself while it is in force', () => {
    expect(successorOn('a', '2019-12-31', chain)?.id).toBe('a');
    expect(successorOn('b', '2020-01-01', chain)?.id).toBe('b');
  });

  it('follows a two-step chain', () => {
    expect(successorOn('a', '2020-01-01', chain)?.id).toBe('b');
    expect(successorOn('a', '2025-06-30', chain)?.id).toBe('b');
    expect(successorOn('a', '2025-07-01', chain)?.id).toBe('c');
    expect(successorOn('b', '2030-01-01', chain)?.id).toBe('c');
  });

  it('follows the 2025 merger', () => {
    for (const id of ['x-a', 'x-b', 'x-c']) expect(successorOn(id, '2025-07-01', reformById)?.id).toBe('x-new');
    expect(successorOn('pt-old', '2025-07-01', reformById)?.id).toBe('pt-new');
  });

  it('returns null for a unit abolished without successor', () => {
    expect(successorOn('gone', '2021-01-01', chain)).toBeNull();
    expect(successorOn('lt', '2025-07-01', reformById)).toBeNull();
  });

  it('returns null for a loop instead of spinning', () => {
    expect(successorOn('loop1', '2020-01-01', chain)).toBeNull();
    expect(successorOn('loop2', '2020-01-01', chain)).toBeNull();
  });

  it('returns null for unknown units and missing successors', () => {
    expect(successorOn('nobody', '2020-01-01', chain)).toBeNull();
    expect(successorOn('dangling', '2020-01-01', chain)).toBeNull();
  });

  it('returns null before a unit existed (successors only go forward)', () => {
    expect(successorOn('c', '2020-01-01', chain)).toBeNull();
  });
});

describe('checkTree', () => {
  const p = unit('p', { kind: 'province', validFrom: '2000-01-01', validTo: '2025-06-30' });

  it('accepts a consistent tree', () => {
    expect(checkTree([p, unit('c', { parentId: 'p', parentPath: '/p/', validFrom: '2000-01-01', validTo: '2025-06-30' })])).toEqual([]);
  });

  it('finds a missing parent', () => {
    const problems = checkTree([unit('c', { parentId: 'x', path: '/x/c/' })]);
    expect(problems).toContain('c: parent x is missing');
  });

  it('finds a wrong path', () => {
    const problems = checkTree([p, unit('c', { parentId: 'p', path: '/q/c/', validTo: '2025-06-30' })]);
    expect(problems).toEqual(['c: path /q/c/ should be /p/c/']);
    expect(checkTree([unit('r', { path: '/r' })])).toEqual(['r: path /r should be /r/']);
  });

  it('finds a successor starting before its predecessor ends', () => {
    const problems = checkTree([
      unit('old', { validTo: '2025-06-30', successorId: 'new' }),
      unit('new', { validFrom: '2025-06-30' }),
    ]);
    expect(problems).toEqual(['old: successor new starts before old ends']);
    // Starting the day after is fine.
    expect(checkTree([unit('old', { validTo: '2025-06-30', successorId: 'new' }), unit('new', { validFrom: '2025-07-01' })])).toEqual([]);
  });

  it('finds a child outliving its parent', () => {
    expect(checkTree([p, unit('c', { parentId: 'p', parentPath: '/p/', validFrom: '2000-01-01', validTo: '2025-07-01' })])).toEqual([
      'c: outlives its parent p',
    ]);
    expect(checkTree([p, unit('c', { parentId: 'p', parentPath: '/p/', validFrom: '2000-01-01' })])).toEqual(['c: outlives its parent p']);
  });

  it('finds a child in force before its parent', () => {
    expect(checkTree([p, unit('c', { parentId: 'p', parentPath: '/p/', validFrom: '1999-12-31', validTo: '2025-06-30' })])).toEqual([
      'c: in force before its parent p',
    ]);
  });

  it('finds inverted validity dates', () => {
    expect(checkTree([unit('u', { validFrom: '2025-01-02', validTo: '2025-01-01' })])).toEqual(['u: validFrom after validTo']);
  });

  it('finds a missing successor and a successor without an end date', () => {
    expect(checkTree([unit('u', { validTo: '2025-01-01', successorId: 'v' })])).toEqual(['u: successor v is missing']);
    expect(checkTree([unit('u', { successorId: 'v' }), unit('v')])).toEqual(['u: has a successor but no end date']);
  });
});
