import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lamThaoPlan2024 } from '../../db/src/seed/lam-thao-plan-2024.ts';
import { missingSentences } from '../../db/src/seed/sentences.ts';
import type { ImportLine } from './import-line.ts';
import { linesFromText } from './import-line.ts';
import type { ImportFlag, PlanImport } from './plan-import.ts';
import { draftToText, ImportError, parsePlan } from './plan-import.ts';

const seedMarkdown = readFileSync(new URL('../../db/src/seed/source/ke-hoach-bdg-lam-thao-2024.md', import.meta.url), 'utf8');

// Fixtures are modelled on real plans of communes, provinces and departments; document numbers,
// dates of local documents and people's names are illustrative.
const FIXTURES = {
  commune: 'ke-hoach-xa-ban-nguyen-2025.txt',
  province: 'ke-hoach-tinh-phu-tho-2026.txt',
  department: 'ke-hoach-so-noi-vu-thang-hanh-dong-2025.txt',
  communeOld: 'ke-hoach-xa-son-vi-2024.txt',
} as const;

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

function parseFixture(name: string): PlanImport & { lines: ImportLine[] } {
  const lines = linesFromText(fixture(name));
  return { ...parsePlan(lines, { idPrefix: 't' }), lines };
}

/** Text compared loosely: markdown markers and dash/accent-placement variants removed, lower case. */
function norm(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\*+/g, '')
    .replace(/[–—]/g, '-')
    .replace(/HOÀ/g, 'HÒA')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** One line (or table cell) of the input as it must be found again: no leading '#', bullet or final separator. */
function lineKey(text: string): string {
  return norm(text.replace(/^\s*#+\s*/, ''))
    .replace(/^[-+•]\s*/, '')
    .replace(/(?<!\.)[;.,]$/, '')
    .trim();
}

/** Input lines (cells split on tabs) whose text is neither in the draft's text nor in a flag. */
function dropped(lines: ImportLine[], result: PlanImport): string[] {
  const rendered = norm(draftToText(result.draft));
  const flagged = result.flags.map((f) => norm(f.text));
  const lost: string[] = [];
  for (const line of lines) {
    for (const cell of line.text.split('\t')) {
      const key = lineKey(cell);
      if (!/[\p{L}\p{N}]/u.test(key)) continue;
      if (!rendered.includes(key) && !flagged.some((f) => f.includes(key))) lost.push(cell);
    }
  }
  return lost;
}

/** Random reorderings, truncations and excerpts of `source`: parsePlan must not throw nor lose a line. */
function fuzz(source: ImportLine[], runs: number, seed: number): void {
  // mulberry32: a small deterministic generator, so that a failure can be replayed.
  let state = seed;
  const random = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (n: number): number => Math.floor(random() * n);
  const shuffle = <T,>(items: T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = pick(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  for (let run = 0; run < runs; run++) {
    let lines: ImportLine[];
    switch (run % 4) {
      case 0:
        lines = shuffle(source);
        break;
      case 1:
        lines = source.slice(0, pick(source.length) + 1);
        break;
      case 2: {
        const from = pick(source.length);
        lines = source.slice(from, from + 1 + pick(source.length - from));
        break;
      }
      default:
        lines = shuffle(source.filter(() => random() < 0.6)).slice(0, 1 + pick(source.length));
    }
    if (lines.length === 0) continue;
    let result: PlanImport | undefined;
    expect(() => {
      result = parsePlan(lines);
    }, `run ${run}`).not.toThrow();
    if (result) expect(dropped(lines, result), `run ${run}`).toEqual([]);
  }
}

function flagSummary(flags: ImportFlag[]): [ImportFlag['kind'], string, string][] {
  return flags.map((f) => [f.kind, f.where, f.text]);
}

describe('parsePlan on the seed plan (Lâm Thao 2024)', () => {
  const result = parsePlan(linesFromText(seedMarkdown), { idPrefix: 'lt24' });
  const { draft, flags } = result;
  const seed = lamThaoPlan2024;

  it('reads the header it has; the bodies lost with the header table are flagged missing', () => {
    expect(draft.header).toEqual({ ...seed.header, parentBody: null, issuingBody: '' });
    expect(flags).toHaveLength(2);
    expect(flags.map((f) => [f.kind, f.where, f.line, f.text])).toEqual([
      ['missing', 'header.parentBody', -1, ''],
      ['missing', 'header.issuingBody', -1, ''],
    ]);
    for (const flag of flags) expect(flag.message).toMatch(/^[^()]+ \([A-Za-z][^()]*\)$/);
    expect(draft.year).toBe(2024);
    expect(draft.status).toBe('draft');
  });

  it('reads the title and the legal bases with number, date, issuer and summary', () => {
    expect(draft.documentType).toBe(seed.documentType);
    expect(draft.title).toBe(seed.title);
    expect(draft.legalBases).toEqual(seed.legalBases);
    expect(draft.preambleClosing).toBe(seed.preambleClosing);
  });

  it('reads purposes and tasks, joining the paragraph split by a page break ("tuyên / truyền")', () => {
    expect(draft.purposes).toEqual(seed.purposes);
    expect(draft.tasks).toEqual(seed.tasks);
    expect(draft.tasks.items[1]?.paragraphs[0]).toContain('tăng cường tuyên truyền, giới thiệu');
  });

  it('reads the eight assignments with label, heading, request, style and duties (units left to matching)', () => {
    expect(draft.implementation.heading).toBe(seed.implementation.heading);
    expect(draft.implementation.assignments).toEqual(seed.implementation.assignments.map((a) => ({ ...a, units: [] })));
    expect(draft.implementation.assignments.map((a) => a.style)).toEqual([
      'bullets', 'paragraph', 'bullets', 'paragraph', 'paragraph', 'bullets', 'paragraph', 'paragraph',
    ]);
    expect(draft.implementation.assignments.filter((a) => a.isRequest).map((a) => a.label)).toEqual(['7.']);
    expect(draft.implementation.assignments.flatMap((a) => a.duties.filter((d) => d.role === 'support').map((d) => d.id))).toEqual([
      'lt24-a1-d4',
      'lt24-a3-d1',
    ]);
  });

  it('reads the closing with its deadline, the recipients and the signature', () => {
    expect(draft.closing).toBe(seed.closing);
    expect(draft.reportDeadline).toBe('2024-11-15');
    expect(draft.reportToUnitId).toBeNull();
    expect(draft.recipients).toEqual(seed.recipients.map((r) => ({ text: r.text, orgUnitId: null })));
    expect(draft.signature).toEqual(seed.signature);
  });

  it('keeps every sentence of the seed, in order', () => {
    expect(missingSentences(seedMarkdown, draftToText(draft))).toEqual([]);
    expect(dropped(linesFromText(seedMarkdown), result)).toEqual([]);
  });

  it('names assignments and duties "import-…" without a prefix', () => {
    const plain = parsePlan(linesFromText(seedMarkdown)).draft.implementation.assignments;
    expect(plain[0]?.id).toBe('import-a1');
    expect(plain[0]?.duties.map((d) => d.id)).toEqual(['import-a1-d1', 'import-a1-d2', 'import-a1-d3', 'import-a1-d4']);
  });

  it('reads the same plan from .docx-like lines: header table cells, bold and italic', () => {
    const body = linesFromText(seedMarkdown).slice(2);
    const left = { row: 0, column: 0 };
    const right = { row: 0, column: 1 };
    const lines: ImportLine[] = [
      { text: 'UBND TỈNH PHÚ THỌ', cell: left, align: 'center' },
      { text: 'ỦY BAN NHÂN DÂN HUYỆN LÂM THAO', bold: true, cell: left, align: 'center' },
      { text: 'Số: 12/KH-UBND', cell: left, align: 'center' },
      { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true, cell: right, align: 'center' },
      { text: 'Độc lập - Tự do - Hạnh phúc', bold: true, cell: right, align: 'center' },
      { text: 'Lâm Thao, ngày 05 tháng 4 năm 2024', italic: true, cell: right, align: 'right' },
      ...body,
    ];
    const { draft: fromDocx, flags: docxFlags } = parsePlan(lines, { idPrefix: 'lt24' });
    expect(docxFlags).toEqual([]);
    expect(fromDocx.header).toEqual({ ...seed.header, number: '12', date: { year: 2024, month: 4, day: 5 } });
    expect(fromDocx.implementation.assignments).toEqual(draft.implementation.assignments);
    expect(fromDocx.signature).toEqual(seed.signature);
  });
});

describe('parsePlan on other plans', () => {
  it('commune plan (xã Bản Nguyên 2025): one-line header, "Phần thứ …" sections, a)/b) and "+" items, a KINH PHÍ section', () => {
    const result = parseFixture(FIXTURES.commune);
    const { draft, flags } = result;
    expect(draft.header).toEqual({
      parentBody: null,
      issuingBody: 'UBND XÃ BẢN NGUYÊN',
      number: '86',
      typeCode: 'KH',
      issuerCode: 'UBND',
      place: 'Bản Nguyên',
      date: { year: 2025, month: 10, day: 20 },
    });
    expect(draft.year).toBe(2025);
    expect(draft.title).toBe(
      'Tổ chức Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2025',
    );
    expect(draft.legalBases).toHaveLength(1);
    expect(draft.legalBases[0]).toMatchObject({
      verb: 'Căn cứ',
      documentKind: 'Kế hoạch',
      number: '512/KH-UBND',
      issuedOn: '2025-10-08',
      issuer: 'UBND tỉnh Phú Thọ',
    });
    expect(draft.preambleClosing).toBe('Ủy ban nhân dân xã Bản Nguyên xây dựng Kế hoạch triển khai trên địa bàn xã như sau:');

    expect(draft.purposes.heading).toBe('MỤC ĐÍCH, YÊU CẦU');
    expect(draft.purposes.items.map((i) => [i.label, i.paragraphs[0], i.children.map((c) => c.label)])).toEqual([
      ['1.', 'Mục đích', ['a)', 'b)']],
      ['2.', 'Yêu cầu', ['a)', 'b)']],
    ]);
    expect(draft.tasks.heading).toBe('NHIỆM VỤ VÀ GIẢI PHÁP');
    expect(draft.tasks.items).toHaveLength(3);
    const communication = draft.tasks.items[0]?.children[0];
    expect(communication?.label).toBe('a)');
    expect(communication?.children.map((c) => c.label)).toEqual(['+', '+', '+']);
    expect(communication?.children[1]?.paragraphs).toEqual(['Treo băng rôn, khẩu hiệu tại trụ sở Ủy ban nhân dân xã, nhà văn hóa các thôn;']);
    // The extra section is kept as the last task item, its heading as the paragraph.
    const budget = draft.tasks.items[2];
    expect(budget?.label).toBeNull();
    expect(budget?.paragraphs).toEqual(['Phần thứ ba: KINH PHÍ THỰC HIỆN']);
    expect(budget?.children.map((c) => c.label)).toEqual(['1.', '2.']);

    const assignments = draft.implementation.assignments;
    expect(assignments.map((a) => [a.id, a.label, a.heading, a.isRequest, a.style, a.duties.length])).toEqual([
      ['t-a1', '1.', 'Phòng Văn hóa - Xã hội', false, 'bullets', 3],
      ['t-a2', '2.', 'Công an xã', false, 'paragraph', 1],
      ['t-a3', '3.', 'Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã và các tổ chức chính trị - xã hội xã', true, 'paragraph', 1],
      ['t-a4', '4.', 'Các thôn, khu dân cư', false, 'paragraph', 1],
    ]);
    expect(assignments[0]?.duties.map((d) => d.role)).toEqual(['lead', 'support', 'lead']);
    expect(assignments[2]?.duties[0]?.role).toBe('support');
    expect(assignments[3]?.duties[0]?.dueDate).toBe('2025-12-18');
    expect(draft.reportDeadline).toBe('2025-12-22');
    expect(draft.recipients.map((r) => r.text)).toEqual([
      'Sở Nội vụ tỉnh Phú Thọ (b/c);',
      'TT Đảng ủy, HĐND xã;',
      'CT, các PCT UBND xã;',
      'UBMTTQ và các đoàn thể xã;',
      'Các thôn, khu dân cư;',
      'Lưu: VT, VHXH.',
    ]);
    expect(draft.signature).toEqual({
      authority: [{ prefix: 'TM.', text: 'ỦY BAN NHÂN DÂN' }],
      title: 'CHỦ TỊCH',
      name: 'Nguyễn Văn Thành',
    });
    expect(flagSummary(flags)).toEqual([
      ['ambiguous', 'purposes', 'Phần thứ nhất'],
      ['ambiguous', 'tasks', 'Phần thứ hai: NHIỆM VỤ VÀ GIẢI PHÁP'],
      ['unrecognised', 'tasks.items.2', 'Phần thứ ba: KINH PHÍ THỰC HIỆN'],
      ['ambiguous', 'implementation', 'Phần thứ tư: TỔ CHỨC THỰC HIỆN'],
    ]);
    expect(flags[2]?.message).toContain('(section outside the three sections of the plan model');
    expect(flags[2]?.line).toBe(result.lines.findIndex((l) => l.text === 'Phần thứ ba: KINH PHÍ THỰC HIỆN'));
  });

  it('province plan (Phú Thọ 2026): multi-line header, "Căn cứ" lines with laws and decrees, plain headings', () => {
    const { draft, flags } = parseFixture(FIXTURES.province);
    expect(flags).toEqual([]);
    expect(draft.header).toEqual({
      parentBody: null,
      issuingBody: 'ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ',
      number: '45',
      typeCode: 'KH',
      issuerCode: 'UBND',
      place: 'Phú Thọ',
      date: { year: 2026, month: 2, day: 5 },
    });
    expect(draft.title).toBe('Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ tỉnh Phú Thọ năm 2026');
    expect(draft.year).toBe(2026);
    expect(
      draft.legalBases.map((b) => [b.verb, b.documentKind, b.number, b.issuedOn, b.issuer, b.summary]),
    ).toEqual([
      ['Căn cứ', 'Luật', 'Luật Tổ chức chính quyền địa phương', '2025-06-16', 'Quốc hội', null],
      ['Căn cứ', 'Luật', 'Luật Bình đẳng giới', '2006-11-29', 'Quốc hội', null],
      ['Căn cứ', 'Luật', '13/2022/QH15', '2022-11-14', 'Quốc hội', null],
      ['Căn cứ', 'Nghị định', '48/2009/NĐ-CP', '2009-05-19', 'Chính phủ', 'quy định về các biện pháp bảo đảm bình đẳng giới'],
      ['Căn cứ', 'Nghị quyết', '28/NQ-CP', '2021-03-03', 'Chính phủ', 'ban hành Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030'],
      ['Căn cứ', 'Quyết định', '1790/QĐ-TTg', '2021-10-23', 'Thủ tướng Chính phủ', 'phê duyệt Chương trình truyền thông về bình đẳng giới đến năm 2030'],
      ['Theo', 'Tờ trình', '38/TTr-SNV', '2026-01-20', 'Giám đốc Sở Nội vụ', null],
    ]);
    expect(draft.legalBases[1]?.text).toBe('Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006');
    expect(draft.preambleClosing).toMatch(/^Ủy ban nhân dân tỉnh ban hành Kế hoạch .* như sau:$/);

    expect(draft.purposes.items.map((i) => [i.label, i.paragraphs, i.children.length])).toEqual([
      ['1.', ['Mục đích'], 2],
      ['2.', ['Yêu cầu'], 2],
    ]);
    expect(draft.purposes.items[0]?.children[0]?.label).toBe('-');
    expect(draft.tasks.heading).toBe('NHIỆM VỤ, GIẢI PHÁP');
    expect(draft.tasks.items.map((i) => i.label)).toEqual(['1.', '2.', '3.', '4.']);
    // A line wrapped after "của" continues with a capital ("Nhà nước"): joined.
    expect(draft.tasks.items[1]?.paragraphs).toHaveLength(1);
    expect(draft.tasks.items[1]?.paragraphs[0]).toContain('pháp luật của Nhà nước về bình đẳng giới');
    expect(draft.tasks.items[2]?.children.map((c) => c.label)).toEqual(['a)', 'b)']);

    const assignments = draft.implementation.assignments;
    expect(assignments.map((a) => [a.label, a.heading, a.isRequest, a.style, a.duties.map((d) => d.role)])).toEqual([
      ['1.', 'Sở Nội vụ', false, 'bullets', ['lead', 'support', 'lead']],
      ['2.', 'Sở Tài chính:', false, 'paragraph', ['lead']],
      ['3.', 'Sở Văn hóa, Thể thao và Du lịch', false, 'bullets', ['lead', 'lead']],
      ['4.', 'Công an tỉnh', false, 'paragraph', ['lead']],
      ['5.', 'Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh', true, 'paragraph', ['lead']],
      ['6.', 'Ủy ban nhân dân các xã, phường', false, 'paragraph', ['lead']],
    ]);
    // "2. Sở Tài chính: Chủ trì, …": the unit and its duty on one line are split at the colon.
    expect(assignments[1]?.duties[0]?.text).toMatch(/^Chủ trì, tham mưu Ủy ban nhân dân tỉnh bố trí kinh phí/);
    expect(assignments[2]?.duties[1]?.dueDate).toBe('2026-11-30');
    expect(draft.closing).toMatch(/^Trên đây là Kế hoạch .*\.\/\.$/);
    expect(draft.reportDeadline).toBe('2026-12-10');
    expect(draft.recipients).toHaveLength(6);
    expect(draft.recipients[5]).toEqual({ text: 'Lưu: VT, KGVX.', orgUnitId: null });
    expect(draft.signature).toEqual({
      authority: [
        { prefix: 'TM.', text: 'ỦY BAN NHÂN DÂN' },
        { prefix: 'KT.', text: 'CHỦ TỊCH' },
      ],
      title: 'PHÓ CHỦ TỊCH',
      name: 'Trần Thị Minh Hằng',
    });
  });

  it('department plan (Sở Nội vụ, markdown): deadline "trước ngày 20 tháng 12 năm 2025", a TL. signature, sections out of the model', () => {
    const { draft, flags } = parseFixture(FIXTURES.department);
    expect(draft.header).toEqual({
      parentBody: 'UBND TỈNH PHÚ THỌ',
      issuingBody: 'SỞ NỘI VỤ',
      number: '112',
      typeCode: 'KH',
      issuerCode: 'SNV',
      place: 'Phú Thọ',
      date: { year: 2025, month: 10, day: 28 },
    });
    expect(draft.title).toBe(
      'Tổ chức các hoạt động hưởng ứng Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2025',
    );
    expect(draft.legalBases.map((b) => [b.verb, b.documentKind, b.number, b.issuedOn, b.issuer])).toEqual([
      ['Thực hiện', 'Kế hoạch', '512/KH-UBND', '2025-10-08', 'Ủy ban nhân dân tỉnh Phú Thọ'],
      ['Căn cứ', 'Quyết định', '15/QĐ-UBND', '2025-03-05', 'Ủy ban nhân dân tỉnh Phú Thọ'],
    ]);
    expect(draft.legalBases[1]?.summary).toBe('quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Nội vụ');
    expect(draft.purposes.items.map((i) => i.label)).toEqual(['1.', '2.']);
    // "NỘI DUNG HOẠT ĐỘNG" stands in for the missing NHIỆM VỤ section; "THỜI GIAN, CHỦ ĐỀ" is an extra item.
    expect(draft.tasks.heading).toBe('NỘI DUNG HOẠT ĐỘNG');
    expect(draft.tasks.items.map((i) => [i.label, i.paragraphs[0]])).toEqual([
      [null, 'II. THỜI GIAN, CHỦ ĐỀ'],
      ['1.', 'Truyền thông'],
      ['2.', 'Tập huấn, hướng dẫn nghiệp vụ'],
    ]);
    // Markdown "* " bullets stay bullets.
    expect(draft.tasks.items[1]?.children.map((c) => c.label)).toEqual(['-', '-']);
    expect(draft.implementation.assignments.map((a) => [a.heading, a.isRequest, a.style, a.duties.map((d) => d.role)])).toEqual([
      ['Phòng Bình đẳng giới và Gia đình', false, 'bullets', ['lead', 'lead']],
      ['Văn phòng Sở', false, 'paragraph', ['support']],
      ['Đề nghị Hội Liên hiệp phụ nữ tỉnh', true, 'paragraph', ['support']],
    ]);
    expect(draft.closing).toContain('trước ngày 20 tháng 12 năm 2025 để tổng hợp');
    expect(draft.closing).not.toContain('*');
    expect(draft.reportDeadline).toBe('2025-12-20');
    expect(draft.recipients.map((r) => r.text)).toContain('Lưu: VT, BĐG&GĐ.');
    expect(draft.signature).toEqual({
      authority: [{ prefix: 'TL.', text: 'GIÁM ĐỐC' }],
      title: 'CHÁNH VĂN PHÒNG',
      name: 'Lê Văn Dũng',
    });
    expect(flagSummary(flags)).toEqual([
      ['unrecognised', 'tasks.items.0', 'II. THỜI GIAN, CHỦ ĐỀ'],
      ['ambiguous', 'tasks', 'III. NỘI DUNG HOẠT ĐỘNG'],
      ['ambiguous', 'tasks', 'III. NỘI DUNG HOẠT ĐỘNG'],
      ['ambiguous', 'implementation', 'IV. TỔ CHỨC THỰC HIỆN'],
    ]);
  });

  it('old commune plan (xã Sơn Vi 2024): a "CĂN CỨ" section, blank number and day, no "Trên đây là", a Q. signature', () => {
    const { draft, flags } = parseFixture(FIXTURES.communeOld);
    expect(draft.header).toEqual({
      parentBody: 'UBND HUYỆN LÂM THAO',
      issuingBody: 'UBND XÃ SƠN VI',
      number: null,
      typeCode: 'KH',
      issuerCode: 'UBND',
      place: 'Sơn Vi',
      date: { year: 2024, month: 5, day: null },
    });
    expect(draft.legalBases.map((b) => [b.verb, b.documentKind, b.number, b.issuer])).toEqual([
      ['Căn cứ', 'Luật', 'Luật Bình đẳng giới', 'Quốc hội'],
      ['Thực hiện', 'Kế hoạch', '1520/KH-UBND', 'UBND huyện Lâm Thao'],
    ]);
    expect(draft.preambleClosing).toBeNull();
    expect(draft.tasks.heading).toBe('NHIỆM VỤ');
    expect(draft.implementation.assignments.map((a) => a.duties.length)).toEqual([2, 1, 1]);
    expect(draft.closing).toMatch(/^Yêu cầu các ban, ngành/);
    expect(draft.reportDeadline).toBe('2024-11-05');
    // A recipient wrapped onto a second line is joined.
    expect(draft.recipients.map((r) => r.text)).toEqual([
      'UBND huyện (b/c);',
      'Phòng Lao động - Thương binh và Xã hội huyện;',
      'TT Đảng ủy, HĐND xã;',
      'Lưu: VT.',
    ]);
    expect(draft.signature?.authority.map((a) => a.prefix)).toEqual(['TM.', 'Q.']);
    expect(draft.signature?.title).toBe('PHÓ CHỦ TỊCH');
    expect(flagSummary(flags).map(([kind, where]) => [kind, where])).toEqual([
      ['ambiguous', 'legalBases'],
      ['ambiguous', 'purposes'],
      ['ambiguous', 'tasks'],
      ['ambiguous', 'implementation'],
      ['ambiguous', 'closing'],
    ]);
  });

  it('reads a header pasted as one line without separators', () => {
    const { draft, flags } = parsePlan(
      linesFromText(
        [
          'UBND XÃ TIÊN KIÊN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: 25/KH-UBND Tiên Kiên, ngày 12 tháng 3 năm 2025',
          'KẾ HOẠCH Thực hiện công tác bình đẳng giới năm 2025',
        ].join('\n'),
      ),
    );
    expect(draft.header).toMatchObject({
      issuingBody: 'UBND XÃ TIÊN KIÊN',
      number: '25',
      place: 'Tiên Kiên',
      date: { year: 2025, month: 3, day: 12 },
    });
    expect(draft.title).toBe('Thực hiện công tác bình đẳng giới năm 2025');
    expect(flags.some((f) => f.where.startsWith('header'))).toBe(false);
  });

  it('reads a title in capitals even when it holds section words', () => {
    const { draft } = parsePlan(
      linesFromText(
        [
          'KẾ HOẠCH',
          'TỔ CHỨC CÁC HOẠT ĐỘNG HƯỞNG ỨNG THÁNG HÀNH ĐỘNG',
          'VÌ BÌNH ĐẲNG GIỚI NĂM 2025',
          'I. MỤC ĐÍCH, YÊU CẦU',
          '1. Nâng cao nhận thức về bình đẳng giới.',
        ].join('\n'),
      ),
    );
    expect(draft.title).toBe('TỔ CHỨC CÁC HOẠT ĐỘNG HƯỞNG ỨNG THÁNG HÀNH ĐỘNG VÌ BÌNH ĐẲNG GIỚI NĂM 2025');
    expect(draft.year).toBe(2025);
    expect(draft.purposes.items).toEqual([{ label: '1.', paragraphs: ['Nâng cao nhận thức về bình đẳng giới.'], children: [] }]);
  });

  it('flags a date line that will be printed differently', () => {
    const { draft, flags } = parsePlan(linesFromText('UBND XÃ CAO XÁ\nCao Xá, ngày 5 tháng 4 năm 2024\nKẾ HOẠCH\nCông tác năm 2024'));
    expect(draft.header.date).toEqual({ year: 2024, month: 4, day: 5 });
    expect(flags.find((f) => f.where === 'header.date')).toMatchObject({ kind: 'ambiguous', line: 1 });
  });

  it('keeps every line of every fixture in the draft text or in a flag', () => {
    for (const name of Object.values(FIXTURES)) {
      const result = parseFixture(name);
      expect(dropped(result.lines, result), name).toEqual([]);
    }
  });
});

describe('parsePlan on bad input', () => {
  it('refuses empty input with a Vietnamese message', () => {
    for (const input of [[], linesFromText(' \n\t \n'), [{ text: '   ' }], [{ text: '***' }, { text: '-----' }]]) {
      expect(() => parsePlan(input)).toThrow(ImportError);
      expect(() => parsePlan(input)).toThrow('Không có nội dung để nhập (Nothing to import)');
    }
  });

  it('reads a poem as a draft full of "missing" flags, keeping its lines', () => {
    const poem = [
      'Công cha như núi Thái Sơn,',
      'Nghĩa mẹ như nước trong nguồn chảy ra.',
      'Một lòng thờ mẹ kính cha,',
      'Cho tròn chữ hiếu mới là đạo con.',
      'Trong đầm gì đẹp bằng sen',
      'Lá xanh bông trắng lại chen nhị vàng',
      'Nhị vàng bông trắng lá xanh',
      'Gần bùn mà chẳng hôi tanh mùi bùn',
    ].join('\n');
    const lines = linesFromText(poem);
    const result = parsePlan(lines);
    const missing = result.flags.filter((f) => f.kind === 'missing').map((f) => f.where);
    expect(missing).toEqual(
      expect.arrayContaining([
        'header.parentBody',
        'header.issuingBody',
        'header.number',
        'header.date',
        'documentType',
        'title',
        'legalBases',
        'purposes',
        'tasks',
        'implementation',
        'closing',
        'reportDeadline',
        'recipients',
        'signature',
      ]),
    );
    expect(result.draft.legalBases).toEqual([]);
    expect(result.draft.implementation.assignments).toEqual([]);
    expect(result.draft.signature).toBeNull();
    expect(result.draft.preambleClosing).toContain('Gần bùn mà chẳng hôi tanh mùi bùn');
    expect(Number.isInteger(result.draft.year)).toBe(true);
    expect(dropped(lines, result)).toEqual([]);
  });

  it('never throws and never drops a line on 200 shuffles and truncations of the seed', () => {
    fuzz(linesFromText(seedMarkdown), 200, 20240405);
  });

  it('never throws and never drops a line on 50 shuffles and truncations of each fixture', () => {
    for (const [n, name] of Object.values(FIXTURES).entries()) fuzz(linesFromText(fixture(name)), 50, 7 + n);
  });
});
