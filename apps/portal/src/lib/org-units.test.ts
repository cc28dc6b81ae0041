import { describe, expect, it } from 'vitest';
import type { OrgTreeNode, OrgUnit } from '@binh-dang/domain';
import { dayInForce, flattenTree, formatUiDate, predecessorsOf, validityText } from './org-units.ts';

function unit(id: string, extra: Partial<OrgUnit> = {}): OrgUnit {
  return {
    id,
    code: null,
    name: id,
    shortName: id,
    kind: 'commune',
    localKind: 'xã',
    parentId: null,
    path: `/${id}/`,
    validFrom: null,
    validTo: null,
    successorId: null,
    provenance: 'verified',
    note: null,
    sortOrder: 0,
    ...extra,
  };
}

describe('formatUiDate and validityText', () => {
  it('writes dates as dd/mm/yyyy with leading zeros', () => {
    expect(formatUiDate('2025-07-01')).toBe('01/07/2025');
  });

  it('describes open and closed validity', () => {
    expect(validityText({ validFrom: null, validTo: '2025-06-30' })).toBe('đến 30/06/2025');
    expect(validityText({ validFrom: '2025-07-01', validTo: null })).toBe('từ 01/07/2025');
    expect(validityText({ validFrom: '1997-01-01', validTo: '2025-06-30' })).toBe('01/01/1997 – 30/06/2025');
    expect(validityText({ validFrom: '1997-01-01', validTo: '2025-06-30' }, 'short')).toBe('đến 30/06/2025');
    expect(validityText({ validFrom: null, validTo: null })).toBeNull();
  });
});

describe('dayInForce', () => {
  const old = { validFrom: null, validTo: '2025-06-30' };
  const merged = { validFrom: '2025-07-01', validTo: null };

  it('keeps the preferred day while the unit is in force, else the nearest day it was', () => {
    expect(dayInForce(old, '2024-06-01')).toBe('2024-06-01');
    expect(dayInForce(old, '2026-01-01')).toBe('2025-06-30');
    expect(dayInForce(merged, '2024-06-01')).toBe('2025-07-01');
  });
});

describe('flattenTree and predecessorsOf', () => {
  it('lists parents before children without the nesting, and finds the merged units', () => {
    const tree: OrgTreeNode[] = [
      { ...unit('tinh', { kind: 'province' }), children: [{ ...unit('xa-a', { successorId: 'xa-moi' }), children: [] }] },
      { ...unit('xa-moi'), children: [] },
    ];
    const flat = flattenTree(tree);
    expect(flat.map((u) => u.id)).toEqual(['tinh', 'xa-a', 'xa-moi']);
    expect(flat[0]).not.toHaveProperty('children');
    expect(predecessorsOf('xa-moi', flat).map((u) => u.id)).toEqual(['xa-a']);
  });
});
