import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OrgTreeNode, OrgUnit, Plan } from '@binh-dang/domain';
import {
  buildTree,
  checkTree,
  isActiveOn,
  orgUnitSchema,
  planSchema,
  planToText,
  preambleText,
  successorOn,
} from '@binh-dang/domain';
import { lamThaoPlan2024 } from './lam-thao-plan-2024.ts';
import { COMMUNES_2024, COMMUNES_2025, demoOrgUnits, UNIT } from './org-units.ts';
import { missingSentences, normaliseText, sentencesOf } from './sentences.ts';

const seedMarkdown = readFileSync(new URL('./source/ke-hoach-bdg-lam-thao-2024.md', import.meta.url), 'utf8');

interface UnitsJson {
  province_before_2025_07_01: { code: string; name: string; validTo: string };
  province_from_2025_07_01: { code: string; name: string; validFrom: string };
  district: { code: string; name: string; validTo: string };
  communes_2024: { code: string; kind: string; name: string }[];
  communes_from_2025_07_01: { code: string; kind: string; name: string; mergedFrom: string[] }[];
}
const unitsJson = JSON.parse(
  readFileSync(new URL('./source/lam-thao-units.json', import.meta.url), 'utf8'),
) as UnitsJson;

const byId = new Map(demoOrgUnits.map((u) => [u.id, u]));
function get(id: string): OrgUnit {
  const u = byId.get(id);
  if (!u) throw new Error(`no org unit ${id}`);
  return u;
}

function flatten(nodes: OrgTreeNode[]): OrgTreeNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

function missingFrom(plan: Plan): string[] {
  return missingSentences(seedMarkdown, planToText(plan));
}

function referencedUnitIds(plan: Plan): string[] {
  return [
    plan.issuingUnitId,
    ...plan.implementation.assignments.flatMap((a) => a.units.map((u) => u.orgUnitId)),
    ...plan.recipients.flatMap((r) => (r.orgUnitId === null ? [] : [r.orgUnitId])),
    ...(plan.reportToUnitId === null ? [] : [plan.reportToUnitId]),
  ];
}

describe('sentence checker', () => {
  it('strips markdown and collapses whitespace', () => {
    expect(normaliseText('### **III. TỔ CHỨC**\n\n- Một  dòng (*nghiêng*)\n  tiếp')).toBe(
      'III. TỔ CHỨC Một dòng (nghiêng) tiếp',
    );
  });

  it('splits on sentence punctuation and lines, keeping labels with their text', () => {
    expect(sentencesOf('1. Một; hai: ba. Bốn\n**TM. ỦY BAN**\nSố: /KH-UBND\nx')).toEqual([
      '1. Một;',
      'hai:',
      'ba.',
      'Bốn',
      'TM. ỦY BAN',
      'Số: /KH-UBND',
    ]);
  });

  it('matches whole words, in order, as many times as the source says', () => {
    expect(missingSentences('Một câu.', 'Một câu. Hai câu.')).toEqual([]);
    expect(missingSentences('Một câu.', 'XMột câu.')).toEqual(['Một câu.']);
    expect(missingSentences('Hai câu. Một câu.', 'Một câu. Hai câu.')).toEqual(['Một câu.']);
    expect(missingSentences('Hai câu. Một câu.', 'Một câu. Hai câu.', { ordered: false })).toEqual([]);
    expect(missingSentences('Lặp.\nLặp.', 'Lặp.')).toEqual(['Lặp.']);
  });
});

describe('Lâm Thao 2024 plan', () => {
  it('contains every sentence of the seed', () => {
    const sentences = sentencesOf(seedMarkdown);
    expect(sentences.length).toBeGreaterThan(80);
    const missing = missingFrom(lamThaoPlan2024);
    expect(missing, `sentences of the seed missing from planToText():\n${missing.join('\n')}`).toEqual([]);
  });

  it('reproduces the preamble paragraph exactly', () => {
    const paragraph = seedMarkdown.split('\n').find((line) => line.startsWith('Thực hiện Văn bản'));
    expect(paragraph).toBeDefined();
    expect(preambleText(lamThaoPlan2024)).toBe(paragraph);
  });

  it('has teeth: a dropped duty is reported missing', () => {
    const plan = structuredClone(lamThaoPlan2024);
    const a1 = plan.implementation.assignments.find((a) => a.id === 'lt24-a1');
    const removed = a1?.duties.splice(2, 1)[0];
    expect(removed?.id).toBe('lt24-a1-d3');
    expect(missingFrom(plan)).toEqual(sentencesOf(removed?.text ?? ''));
    // The original is untouched.
    expect(missingFrom(lamThaoPlan2024)).toEqual([]);
  });

  it('has teeth: a duty written twice in the seed must be kept twice', () => {
    const plan = structuredClone(lamThaoPlan2024);
    const a6 = plan.implementation.assignments.find((a) => a.id === 'lt24-a6');
    const removed = a6?.duties.shift();
    expect(removed?.id).toBe('lt24-a6-d1');
    // The same text is still the Công an huyện duty, yet the second occurrence is missed.
    expect(planToText(plan)).toContain(removed?.text);
    const missing = missingFrom(plan);
    expect(missing.length).toBeGreaterThan(0);
    expect(missing).toEqual(sentencesOf(removed?.text ?? ''));
  });

  it('has teeth: an altered word, a dropped recipient or a changed label is reported', () => {
    const altered = structuredClone(lamThaoPlan2024);
    const item = altered.tasks.items[2];
    expect(item?.paragraphs[0]).toContain('năm 2023');
    if (item) item.paragraphs[0] = (item.paragraphs[0] ?? '').replace('năm 2023', 'năm 2024');
    expect(missingFrom(altered)).toEqual([
      'Triển khai Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2023 hiệu quả, sáng tạo, thích ứng với điều kiện, tình hình cụ thể.',
    ]);

    const noRecipient = structuredClone(lamThaoPlan2024);
    noRecipient.recipients = noRecipient.recipients.filter((r) => r.text !== 'CVP HĐND&UBND huyện;');
    expect(missingFrom(noRecipient)).toEqual(['CVP HĐND&UBND huyện;']);

    const relabelled = structuredClone(lamThaoPlan2024);
    const a2 = relabelled.implementation.assignments[1];
    if (a2) a2.label = '2a.';
    expect(missingFrom(relabelled)).toEqual(['2. Phòng Tài chính - Kế hoạch huyện']);
  });

  it('parses with planSchema', () => {
    const result = planSchema.safeParse(lamThaoPlan2024);
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
    expect(result.data).toEqual(lamThaoPlan2024);
  });

  it('is the unissued district plan of 2024, reporting to Phòng LĐTB&XH by 15/11/2024', () => {
    expect(lamThaoPlan2024).toMatchObject({
      issuingUnitId: UNIT.district,
      year: 2024,
      status: 'draft',
      header: { number: null, date: { year: 2024, month: 4, day: null } },
      reportDeadline: '2024-11-15',
      reportToUnitId: UNIT.phongLdtbxh,
    });
    expect(lamThaoPlan2024.implementation.assignments.map((a) => a.label)).toEqual(
      ['1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.'],
    );
    expect(lamThaoPlan2024.implementation.assignments.filter((a) => a.isRequest).map((a) => a.label)).toEqual(['7.']);
    expect(lamThaoPlan2024.recipients).toHaveLength(9);
  });

  it('gives duties unique ids and the support role exactly to "Phối hợp …" lines', () => {
    const duties = lamThaoPlan2024.implementation.assignments.flatMap((a) => a.duties);
    expect(duties).toHaveLength(17);
    expect(new Set(duties.map((d) => d.id)).size).toBe(duties.length);
    for (const d of duties) expect(d.role).toBe(d.text.startsWith('Phối hợp') ? 'support' : 'lead');
  });

  it('refers only to org units in force on 2024-04-15', () => {
    const ids = referencedUnitIds(lamThaoPlan2024);
    const unknown = ids.filter((id) => !byId.has(id));
    expect(unknown).toEqual([]);
    const inactive = ids.filter((id) => !isActiveOn(get(id), '2024-04-15'));
    expect(inactive).toEqual([]);
    const a8 = lamThaoPlan2024.implementation.assignments.find((a) => a.label === '8.');
    expect(a8?.units.map((u) => u.orgUnitId)).toEqual([...COMMUNES_2024]);
  });
});

describe('demo org units', () => {
  it('are valid units with unique ids and a sound tree', () => {
    for (const u of demoOrgUnits) expect(orgUnitSchema.parse(u)).toEqual(u);
    expect(new Set(demoOrgUnits.map((u) => u.id)).size).toBe(demoOrgUnits.length);
    expect(checkTree(demoOrgUnits)).toEqual([]);
  });

  it('list parents before children', () => {
    const seen = new Set<string>();
    for (const u of demoOrgUnits) {
      if (u.parentId !== null) expect(seen.has(u.parentId), u.id).toBe(true);
      seen.add(u.id);
    }
  });

  it('mark as verified only the units whose name and code come from the JSON; demo units say why', () => {
    const json = unitsJson;
    const verified = [
      { id: UNIT.province2024, ...json.province_before_2025_07_01 },
      { id: UNIT.province2025, ...json.province_from_2025_07_01 },
      { id: UNIT.district, ...json.district },
      ...json.communes_2024.map((c, i) => ({
        id: COMMUNES_2024[i] ?? '',
        code: c.code,
        name: `${c.kind === 'xã' ? 'Xã' : 'Thị trấn'} ${c.name}`,
      })),
      ...json.communes_from_2025_07_01.map((c, i) => ({ id: COMMUNES_2025[i] ?? '', code: c.code, name: `Xã ${c.name}` })),
    ];
    for (const v of verified) {
      const u = get(v.id);
      expect({ code: u.code, name: u.name, provenance: u.provenance }).toEqual({
        code: v.code,
        name: v.name,
        provenance: 'verified',
      });
    }
    const verifiedIds = new Set(verified.map((v) => v.id));
    for (const u of demoOrgUnits.filter((x) => !verifiedIds.has(x.id))) {
      expect(u.provenance, u.id).toBe('demo');
      expect(u.note?.length ?? 0, u.id).toBeGreaterThan(20);
    }
  });

  it('hold the 12 communes of 2024 with the kinds and order of the JSON', () => {
    const communes = COMMUNES_2024.map(get);
    expect(communes.map((c) => [c.code, c.localKind, c.shortName])).toEqual(
      unitsJson.communes_2024.map((c) => [c.code, c.kind, c.name]),
    );
    for (const c of communes) {
      expect(c).toMatchObject({ kind: 'commune', parentId: UNIT.district, validTo: '2025-06-30' });
    }
  });

  it('link each 2024 commune to the 2025 commune it merged into', () => {
    const old = COMMUNES_2024.map(get);
    const covered: string[] = [];
    for (const target of unitsJson.communes_from_2025_07_01) {
      const successors = demoOrgUnits.filter(
        (u) => u.kind === 'commune' && u.code === target.code && isActiveOn(u, '2025-07-01'),
      );
      expect(successors).toHaveLength(1);
      const successor = successors[0];
      expect(successor?.name).toBe(`Xã ${target.name}`);
      for (const entry of target.mergedFrom) {
        const match = /^(\d+) (.+)$/.exec(entry);
        expect(match, entry).not.toBeNull();
        // Within one snapshot a code identifies a unit; across the reform it does not.
        const source = old.filter((u) => u.code === match?.[1] && u.shortName === match?.[2]);
        expect(source, entry).toHaveLength(1);
        expect(source[0]?.successorId, entry).toBe(successor?.id);
        covered.push(source[0]?.id ?? '');
      }
    }
    expect([...covered].sort()).toEqual([...COMMUNES_2024].sort());
    for (const c of old) {
      const s = get(c.successorId ?? '');
      expect(isActiveOn(s, '2025-07-01'), c.id).toBe(true);
      expect(s.validFrom).toBe('2025-07-01');
      expect(successorOn(c.id, '2025-07-01', byId)?.id).toBe(s.id);
    }
  });

  it('reuse codes across the reform, so a code does not identify a unit', () => {
    // New xã Bản Nguyên carries 08527, the code of the old xã Cao Xá.
    const withCode = demoOrgUnits.filter((u) => u.code === '08527').map((u) => u.id);
    expect(withCode.sort()).toEqual(['xa-ban-nguyen-2025', 'xa-cao-xa-2024']);
    expect(get('xa-cao-xa-2024').successorId).toBe('xa-ban-nguyen-2025');
    expect(get('xa-ban-nguyen-2024').successorId).toBe('xa-ban-nguyen-2025');
  });

  it('roll the abolished district up to the province', () => {
    const district = get(UNIT.district);
    expect(district).toMatchObject({ successorId: null, validTo: '2025-06-30' });
    expect(successorOn(UNIT.district, '2025-07-01', byId)).toBeNull();
    expect(successorOn(UNIT.province2024, '2025-07-01', byId)?.id).toBe(UNIT.province2025);
  });

  it('form the 2024 tree: the old province with Lâm Thao and its 12 communes', () => {
    const roots = buildTree(demoOrgUnits, '2024-06-01');
    expect(roots.map((r) => r.id)).toEqual([UNIT.province2024]);
    const province = roots[0];
    const district = province?.children.find((c) => c.id === UNIT.district);
    expect(district).toBeDefined();
    expect(province?.children.map((c) => c.id)).toContain(UNIT.soLdtbxh);
    const communes = district?.children.filter((c) => c.kind === 'commune') ?? [];
    expect(communes.map((c) => c.id)).toEqual([...COMMUNES_2024]);
    const agencies = district?.children.filter((c) => c.kind === 'agency') ?? [];
    expect(agencies.map((a) => a.id)).toEqual(
      expect.arrayContaining([UNIT.phongLdtbxh, UNIT.banVstbpn, UNIT.ubmttq, UNIT.hoiLhpn, UNIT.congAn]),
    );
    expect(agencies).toHaveLength(12);
  });

  it('form the 2025 tree: the new province with 4 communes and no district', () => {
    const roots = buildTree(demoOrgUnits, '2025-07-01');
    expect(roots.map((r) => r.id)).toEqual([UNIT.province2025]);
    const all = flatten(roots);
    expect(all.filter((u) => u.kind === 'district')).toEqual([]);
    const communes = roots[0]?.children.filter((c) => c.kind === 'commune') ?? [];
    expect(communes.map((c) => c.id)).toEqual([...COMMUNES_2025]);
    for (const c of communes) {
      expect(c.children.map((a) => a.shortName)).toEqual(['Phòng VH-XH']);
    }
    expect(roots[0]?.children.map((c) => c.id)).toContain(UNIT.soNoiVu);
  });
});
