import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { planToText, type Plan } from '@binh-dang/domain';
// Test-only imports from the db package by path: documents does not depend on db at runtime.
import { lamThaoPlan2024 } from '../../db/src/seed/lam-thao-plan-2024.ts';
import { missingSentences } from '../../db/src/seed/sentences.ts';
import { readDocxLines } from './docx-read.ts';
import type { ImportLine } from './import-line.ts';
import { planToDocx } from './plan-docx.ts';

let bytes: Uint8Array;
let parts: Record<string, Uint8Array>;
let documentXml: string;
let lines: ImportLine[];

beforeAll(async () => {
  bytes = await planToDocx(lamThaoPlan2024);
  parts = unzipSync(bytes);
  documentXml = strFromU8(parts['word/document.xml']!);
  lines = readDocxLines(bytes);
});

function part(name: string): string {
  const data = parts[name];
  if (!data) throw new Error(`missing part ${name}`);
  return strFromU8(data);
}

/** Index of the first line at or after `from` whose text is `text`; -1 when there is none. */
function indexOfLine(text: string, from = 0): number {
  return lines.findIndex((line, i) => i >= from && line.text === text);
}

function line(text: string): ImportLine {
  const found = lines.find((l) => l.text === text);
  if (!found) throw new Error(`no line "${text}"`);
  return found;
}

/** The <w:p> elements of the main document whose text contains `text`. */
function paragraphsXml(text: string): string[] {
  return [...documentXml.matchAll(/<w:p>.*?<\/w:p>|<w:p [^>]*>.*?<\/w:p>/g)]
    .map((m) => m[0])
    .filter((p) => p.includes(text));
}

function attr(xml: string, element: string, name: string): number {
  const m = new RegExp(`<${element}\\b[^>]*\\s${name}="(-?\\d+)"`).exec(xml);
  if (!m) throw new Error(`no ${element}/@${name}`);
  return Number(m[1]);
}

describe('planToDocx: package', () => {
  it('is a zip with the parts of a Word document', () => {
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(Object.keys(parts)).toEqual(
      expect.arrayContaining(['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml']),
    );
    // Sniffers (libmagic) recognise a Word file by its first entry.
    expect(Object.keys(parts)[0]).toBe('[Content_Types].xml');
    expect(part('[Content_Types].xml')).toContain('wordprocessingml.document.main+xml');
  });

  it('gives the same bytes for the same plan', async () => {
    const again = await planToDocx(lamThaoPlan2024);
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });

  it('sets the title, creator and fixed dates in the core properties', () => {
    const core = part('docProps/core.xml');
    expect(core).toContain(
      '<dc:title>Kế hoạch thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ huyện Lâm Thao năm 2024</dc:title>',
    );
    expect(core).toContain('<dc:creator>Bình Đẳng</dc:creator>');
    expect(core).toMatch(/<dcterms:created[^>]*>2024-04-15T00:00:00Z<\/dcterms:created>/);
    expect(core).toMatch(/<dcterms:modified[^>]*>2024-04-15T00:00:00Z<\/dcterms:modified>/);
  });
});

describe('planToDocx: page setup (Nghị định 30/2020)', () => {
  it('is A4 portrait', () => {
    expect(documentXml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(documentXml).not.toMatch(/w:orient="landscape"/);
  });

  it('has margins of 20 mm top and bottom, 30 mm left, 15 mm right', () => {
    const margins = /<w:pgMar [^>]*\/>/.exec(documentXml)![0];
    expect(Math.abs(attr(margins, 'w:pgMar', 'w:top') - 1134)).toBeLessThanOrEqual(2);
    expect(Math.abs(attr(margins, 'w:pgMar', 'w:bottom') - 1134)).toBeLessThanOrEqual(2);
    expect(Math.abs(attr(margins, 'w:pgMar', 'w:left') - 1701)).toBeLessThanOrEqual(2);
    expect(Math.abs(attr(margins, 'w:pgMar', 'w:right') - 850)).toBeLessThanOrEqual(2);
  });

  it('sets Times New Roman, black, 14 pt as the document default and in the theme', () => {
    const styles = part('word/styles.xml');
    const defaults = /<w:docDefaults>.*<\/w:docDefaults>/.exec(styles)![0];
    expect(defaults).toMatch(/<w:rFonts [^>]*w:ascii="Times New Roman"[^>]*w:hAnsi="Times New Roman"|<w:rFonts [^>]*w:hAnsi="Times New Roman"[^>]*w:ascii="Times New Roman"/);
    expect(defaults).toContain('<w:color w:val="000000"/>');
    expect(defaults).toContain('<w:sz w:val="28"/>');
    expect(part('word/theme/theme1.xml')).toContain('typeface="Times New Roman"');
    // No run picks another font.
    const fonts = new Set([...documentXml.matchAll(/w:ascii="([^"]+)"/g)].map((m) => m[1]));
    expect([...fonts].filter((f) => f !== 'Times New Roman')).toEqual([]);
  });

  it('numbers pages in the header from page 2: titlePg, a PAGE field in the default header, none on the first', () => {
    expect(documentXml).toContain('<w:titlePg/>');
    const rels = part('word/_rels/document.xml.rels');
    const target = (type: string): string => {
      const id = new RegExp(`<w:headerReference w:type="${type}" r:id="([^"]+)"`).exec(documentXml)![1]!;
      return new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1]!;
    };
    const defaultHeader = part(`word/${target('default')}`);
    const firstHeader = part(`word/${target('first')}`);
    expect(defaultHeader).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    expect(defaultHeader).toContain('<w:jc w:val="center"/>');
    expect(firstHeader).not.toContain('PAGE');
  });

  it('writes body paragraphs justified, 14 pt, with a 1 cm first-line indent, ≥ 6 pt after and 1.15–1.5 line spacing', () => {
    const item = paragraphsXml('1. Tiếp tục triển khai thực hiện Luật Bình đẳng giới')[0]!;
    expect(item).toContain('<w:jc w:val="both"/>');
    expect(Math.abs(attr(item, 'w:ind', 'w:firstLine') - 567)).toBeLessThanOrEqual(2);
    expect(attr(item, 'w:spacing', 'w:after')).toBeGreaterThanOrEqual(120);
    const lineSpacing = attr(item, 'w:spacing', 'w:line');
    expect(lineSpacing).toBeGreaterThanOrEqual(276);
    expect(lineSpacing).toBeLessThanOrEqual(360);
    expect(item).toContain('<w:sz w:val="28"/>');
  });

  it('puts the header and the signature in borderless two-column tables', () => {
    const tables = [...documentXml.matchAll(/<w:tbl>.*?<\/w:tbl>/g)].map((m) => m[0]);
    expect(tables).toHaveLength(2);
    for (const table of tables) {
      expect(table.match(/<w:gridCol /g)).toHaveLength(2);
      const borders = /<w:tblBorders>(.*?)<\/w:tblBorders>/.exec(table)![1]!;
      expect(borders.match(/w:val="none"/g)).toHaveLength(6);
    }
    expect(tables[0]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(tables[1]).toContain('Nơi nhận:');
    expect(tables[1]).toContain('Ngô Đức Sáu');
  });

  it('sizes and styles the header lines as the decree says', () => {
    const national = paragraphsXml('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')[0]!;
    expect(national).toContain('<w:b/>');
    expect(attr(national, 'w:sz', 'w:val')).toBeGreaterThanOrEqual(24);
    expect(attr(national, 'w:sz', 'w:val')).toBeLessThanOrEqual(26);
    const motto = paragraphsXml('Độc lập - Tự do - Hạnh phúc')[0]!;
    expect(motto).toContain('<w:u w:val="single"');
    expect(attr(motto, 'w:sz', 'w:val')).toBeGreaterThanOrEqual(26);
    const parent = paragraphsXml('UBND TỈNH PHÚ THỌ')[0]!;
    expect(parent).not.toContain('<w:b/>');
    expect(attr(parent, 'w:sz', 'w:val')).toBe(26);
    // The issuing body is followed by a short rule: an empty paragraph with a bottom border.
    expect(documentXml).toMatch(/ỦY.BAN.NHÂN.DÂN.HUYỆN.LÂM.THAO<\/w:t><\/w:r><\/w:p><w:p><w:pPr>[^]*?<w:pBdr><w:bottom w:val="single"/u);
  });

  it('sets "trước ngày 15/11/2024" in bold in the closing paragraph', () => {
    const closing = paragraphsXml('Trên đây là Kế hoạch')[0]!;
    expect(closing).toMatch(/<w:r><w:rPr><w:b\/>(?:(?!<\/w:r>).)*<w:t[^>]*>trước ngày 15\/11\/2024<\/w:t><\/w:r>/);
    expect(closing).toMatch(/<w:r><w:rPr>(?:(?!<w:b\/>|<\/w:r>).)*<w:t[^>]*>Trên đây là Kế hoạch/);
  });
});

describe('planToDocx: read back with readDocxLines', () => {
  it('gives the header, title, sections, assignments and signature in reading order', () => {
    const expected = [
      'UBND TỈNH PHÚ THỌ',
      'ỦY BAN NHÂN DÂN HUYỆN LÂM THAO',
      'Số: /KH-UBND',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Lâm Thao, ngày tháng 4 năm 2024',
      'KẾ HOẠCH',
      'Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ huyện Lâm Thao năm 2024',
      'I. MỤC ĐÍCH, YÊU CẦU',
      'II. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU',
      'III. TỔ CHỨC THỰC HIỆN',
      '4. Phòng Nội vụ huyện',
      'Nơi nhận:',
      '- Lưu: VT, LĐTBXH.(C.15b)',
      'TM. ỦY BAN NHÂN DÂN',
      'KT. CHỦ TỊCH',
      'PHÓ CHỦ TỊCH',
      'Ngô Đức Sáu',
    ];
    let from = 0;
    for (const text of expected) {
      const at = indexOfLine(text, from);
      expect(at, text).toBeGreaterThanOrEqual(from);
      from = at + 1;
    }
  });

  it('keeps the formatting: bold headings, italic date, centred title', () => {
    expect(line('ỦY BAN NHÂN DÂN HUYỆN LÂM THAO').bold).toBe(true);
    expect(line('UBND TỈNH PHÚ THỌ').bold).toBe(false);
    expect(line('Lâm Thao, ngày tháng 4 năm 2024').italic).toBe(true);
    expect(line('KẾ HOẠCH')).toMatchObject({ bold: true, align: 'center' });
    for (const heading of ['I. MỤC ĐÍCH, YÊU CẦU', 'II. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU', 'III. TỔ CHỨC THỰC HIỆN']) {
      expect(line(heading).bold, heading).toBe(true);
    }
    expect(line('4. Phòng Nội vụ huyện').bold).toBe(true);
    expect(line('Nơi nhận:')).toMatchObject({ bold: true, italic: true });
    expect(line('Ngô Đức Sáu')).toMatchObject({ bold: true, align: 'center' });
    const closing = lines.find((l) => l.text.startsWith('Trên đây là Kế hoạch'))!;
    expect(closing.bold).toBe(false);
    expect(closing.align).toBe('justify');
  });

  it('places the header and the signature in table cells', () => {
    expect(line('ỦY BAN NHÂN DÂN HUYỆN LÂM THAO').cell).toEqual({ row: 0, column: 0 });
    expect(line('Số: /KH-UBND').cell).toEqual({ row: 0, column: 0 });
    expect(line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM').cell).toEqual({ row: 0, column: 1 });
    expect(line('Nơi nhận:').cell).toEqual({ row: 0, column: 0 });
    expect(line('Ngô Đức Sáu').cell).toEqual({ row: 0, column: 1 });
    expect(line('KẾ HOẠCH').cell).toBeUndefined();
  });

  it('writes every duty, "- " lines for bullet assignments and plain paragraphs otherwise', () => {
    for (const assignment of lamThaoPlan2024.implementation.assignments) {
      for (const duty of assignment.duties) {
        const text = assignment.style === 'bullets' ? `- ${duty.text}` : duty.text;
        expect(indexOfLine(text), duty.id).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('holds every sentence of planToText, in order', () => {
    const read = lines.map((l) => l.text).join('\n');
    expect(missingSentences(planToText(lamThaoPlan2024), read)).toEqual([]);
  });
});

describe('planToDocx: other plans', () => {
  const issued: Plan = {
    ...lamThaoPlan2024,
    header: {
      ...lamThaoPlan2024.header,
      parentBody: null,
      issuingBody: 'ỦY BAN NHÂN DÂN XÃ BẢN NGUYÊN',
      number: '12',
      place: 'Bản Nguyên',
      date: { year: 2025, month: 2, day: 5 },
    },
    closing: 'Trên đây là Kế hoạch của xã./.',
    reportDeadline: '2025-11-15',
    recipients: [],
    signature: { authority: [{ prefix: 'TM.', text: 'Ủy ban nhân dân' }], title: 'Chủ tịch', name: 'Nguyễn Văn A' },
    purposes: {
      heading: 'MỤC ĐÍCH, YÊU CẦU',
      items: [
        {
          label: '1.',
          paragraphs: ['Mục đích thứ nhất.', 'Đoạn thứ hai của mục một.'],
          children: [{ label: 'a)', paragraphs: ['Ý nhỏ a.'], children: [] }],
        },
      ],
    },
    updatedAt: '2025-02-05T08:30:00.000Z',
  };

  it('writes an issued number, a full date, a header without a parent body and a signature without recipients', async () => {
    const docx = await planToDocx(issued);
    const read = readDocxLines(docx);
    const xml = strFromU8(unzipSync(docx)['word/document.xml']!);
    const texts = read.map((l) => l.text);
    expect(texts.slice(0, 5)).toEqual([
      'ỦY BAN NHÂN DÂN XÃ BẢN NGUYÊN',
      'Số: 12/KH-UBND',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Bản Nguyên, ngày 05 tháng 02 năm 2025',
    ]);
    // Authority and title shown in capitals (w:caps) but kept as written, the name as written.
    expect(texts.slice(-3)).toEqual(['TM. Ủy ban nhân dân', 'Chủ tịch', 'Nguyễn Văn A']);
    expect(xml).toMatch(/<w:caps\/>(?:(?!<\/w:r>).)*<w:t[^>]*>Chủ tịch<\/w:t>/);
    expect(xml).not.toMatch(/<w:caps\/>(?:(?!<\/w:r>).)*<w:t[^>]*>Nguyễn Văn A<\/w:t>/);
    expect(read.at(-1)!.cell).toEqual({ row: 0, column: 1 });
    expect(texts).not.toContain('Nơi nhận:');
    expect(texts).toEqual(
      expect.arrayContaining(['1. Mục đích thứ nhất.', 'Đoạn thứ hai của mục một.', 'a) Ý nhỏ a.']),
    );
    expect(missingSentences(planToText(issued), texts.join('\n'), { ordered: false })).toEqual([]);
  });

  it('leaves the closing unbolded when it does not name the deadline', async () => {
    const xml = strFromU8(unzipSync(await planToDocx(issued))['word/document.xml']!);
    const closing = [...xml.matchAll(/<w:p>.*?<\/w:p>/g)].map((m) => m[0]).find((p) => p.includes('Trên đây'))!;
    expect(closing).not.toContain('<w:b/>');
  });

  it('stamps the package with the plan’s last change', async () => {
    const core = strFromU8(unzipSync(await planToDocx(issued))['docProps/core.xml']!);
    expect(core).toMatch(/<dcterms:modified[^>]*>2025-02-05T08:30:00Z</);
  });
});
