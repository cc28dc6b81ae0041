import { strToU8, zipSync, type Zippable } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { lamThaoPlan2024 } from '../../db/src/seed/lam-thao-plan-2024.ts';
import { decodeEntities, DOCX_READ_LIMITS, parseDocumentXml, readDocxLines } from './docx-read.ts';
import { DocumentError, type DocumentErrorCode } from './errors.ts';
import { planToDocx } from './plan-docx.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

function documentXml(body: string, prefix = 'w'): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<${prefix}:document xmlns:${prefix}="${W}" xmlns:mc="${MC}"><${prefix}:body>${body}</${prefix}:body></${prefix}:document>`
  );
}

/** A minimal .docx: the content types, the package relationship and the main part. */
function docx(body: string, extra: Zippable = {}): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    '_rels/.rels': strToU8('<?xml version="1.0"?><Relationships/>'),
    'word/document.xml': strToU8(documentXml(body)),
    ...extra,
  });
}

function p(inner: string, pPr = ''): string {
  return `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${inner}</w:p>`;
}

function r(text: string, rPr = ''): string {
  return `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`;
}

function errorCode(action: () => unknown): DocumentErrorCode | 'no error' {
  try {
    action();
  } catch (error) {
    if (error instanceof DocumentError) return error.code;
    throw error;
  }
  return 'no error';
}

/** Offset of the central directory record of `name` in a zip written by fflate. */
function centralRecord(zip: Uint8Array, name: string): number {
  const encoded = strToU8(name);
  for (let i = zip.length - 46; i >= 0; i--) {
    if (zip[i] !== 0x50 || zip[i + 1] !== 0x4b || zip[i + 2] !== 0x01 || zip[i + 3] !== 0x02) continue;
    const length = zip[i + 28]! | (zip[i + 29]! << 8);
    if (length === encoded.length && encoded.every((b, k) => zip[i + 46 + k] === b)) return i;
  }
  throw new Error(`no central record for ${name}`);
}

function setU32(zip: Uint8Array, offset: number, value: number): void {
  new DataView(zip.buffer, zip.byteOffset, zip.byteLength).setUint32(offset, value, true);
}

function getU32(zip: Uint8Array, offset: number): number {
  return new DataView(zip.buffer, zip.byteOffset, zip.byteLength).getUint32(offset, true);
}

/** Deterministic pseudo-random bytes. */
function noise(length: number, seed = 42): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('readDocxLines: paragraphs and runs', () => {
  it('gives one line per non-empty paragraph, runs joined, whitespace collapsed', () => {
    const lines = readDocxLines(
      docx(
        p(r('Kế ') + r('hoạch') + '<w:r><w:tab/></w:r>' + r('năm  2024')) +
          p('') +
          p(r('   ')) +
          p(r('Dòng hai')),
      ),
    );
    expect(lines.map((l) => l.text)).toEqual(['Kế hoạch năm 2024', 'Dòng hai']);
  });

  it('decodes predefined, decimal and hexadecimal entities', () => {
    const [line] = readDocxLines(docx(p(r('Sở LĐTB&amp;XH &lt;b/c&gt; &quot;K&apos; k&#7871; ho&#x1EA1;ch &#xE0;'))));
    expect(line!.text).toBe('Sở LĐTB&XH <b/c> "K\' kế hoạch à');
    expect(decodeEntities('&unknown; &#xD800; &#65;')).toBe('&unknown; \uFFFD A');
  });

  it('counts a paragraph as bold or italic only when all its visible text is', () => {
    const lines = readDocxLines(
      docx(
        p(r('Đậm', '<w:b/>') + r(' ') + r('cả dòng', '<w:b w:val="true"/>')) +
          p(r('Nửa', '<w:b/>') + r(' thường')) +
          p(r('Tắt', `<w:b w:val='0'/>`)) +
          p(r('Tắt nữa', '<w:b w:val="false"/><w:i w:val="off"/>')) +
          p(r('Nghiêng', '<w:i/>')) +
          // Bold on the paragraph mark only (pPr/rPr) is not bold text.
          p(r('Dấu đoạn'), '<w:rPr><w:b/></w:rPr>') +
          // Old formatting kept by a tracked change is not the current formatting.
          p(r('Đổi định dạng', '<w:rPrChange w:id="1" w:author="A"><w:rPr><w:b/></w:rPr></w:rPrChange>')),
      ),
    );
    expect(lines.map((l) => [l.text, l.bold, l.italic])).toEqual([
      ['Đậm cả dòng', true, false],
      ['Nửa thường', false, false],
      ['Tắt', false, false],
      ['Tắt nữa', false, false],
      ['Nghiêng', false, true],
      ['Dấu đoạn', false, false],
      ['Đổi định dạng', false, false],
    ]);
  });

  it('reads the alignment from w:jc of the paragraph only', () => {
    const lines = readDocxLines(
      docx(
        p(r('Giữa'), '<w:jc w:val="center"/>') +
          p(r('Đều'), '<w:jc w:val="both"/>') +
          p(r('Phải'), '<w:jc w:val="right"/>') +
          p(r('Trái'), '<w:jc w:val="start"/>') +
          p(r('Mặc định')),
      ),
    );
    expect(lines.map((l) => l.align)).toEqual(['center', 'justify', 'right', 'left', undefined]);
  });

  it('gives table cells their row and column, in document order, nested tables flattened', () => {
    const cell = (content: string): string => `<w:tc><w:tcPr><w:tcW w:w="100"/></w:tcPr>${content}</w:tc>`;
    const nested = `<w:tbl><w:tr>${cell(p(r('Lồng')))}</w:tr></w:tbl>`;
    const lines = readDocxLines(
      docx(
        p(r('Trước bảng')) +
          `<w:tbl><w:tblPr><w:jc w:val="center"/></w:tblPr>` +
          `<w:tr>${cell(p(r('A1')) + p(r('A1b')))}${cell(p(r('B1')))}</w:tr>` +
          `<w:tr>${cell(p(r('A2')))}${cell(nested + p(r('B2')))}</w:tr>` +
          `</w:tbl>` +
          p(r('Sau bảng')) +
          `<w:tbl><w:tr>${cell(p(r('Bảng hai')))}</w:tr></w:tbl>`,
      ),
    );
    expect(lines.map((l) => [l.text, l.cell, l.align])).toEqual([
      ['Trước bảng', undefined, undefined],
      ['A1', { row: 0, column: 0 }, undefined],
      ['A1b', { row: 0, column: 0 }, undefined],
      ['B1', { row: 0, column: 1 }, undefined],
      ['A2', { row: 1, column: 0 }, undefined],
      ['Lồng', { row: 1, column: 1 }, undefined],
      ['B2', { row: 1, column: 1 }, undefined],
      ['Sau bảng', undefined, undefined],
      ['Bảng hai', { row: 0, column: 0 }, undefined],
    ]);
  });

  it('splits a paragraph at manual line breaks and reads page breaks as spaces', () => {
    const lines = readDocxLines(
      docx(
        p(r('UBND TỈNH PHÚ THỌ') + '<w:r><w:br/></w:r>' + r('ỦY BAN NHÂN DÂN', '<w:b/>'), '<w:jc w:val="center"/>') +
          p(r('tăng cường tuyên') + '<w:r><w:br w:type="page"/></w:r>' + r('truyền')),
      ),
    );
    expect(lines).toEqual([
      { text: 'UBND TỈNH PHÚ THỌ', bold: false, italic: false, align: 'center' },
      { text: 'ỦY BAN NHÂN DÂN', bold: true, italic: false, align: 'center' },
      { text: 'tăng cường tuyên truyền', bold: false, italic: false },
    ]);
  });

  it('skips deleted text, hidden text, field codes and the fallback copy of alternate content', () => {
    const lines = readDocxLines(
      docx(
        p(
          r('Giữ') +
            '<w:del w:id="1" w:author="A"><w:r><w:delText>Xóa</w:delText></w:r></w:del>' +
            '<w:ins w:id="2" w:author="A">' + r(' thêm') + '</w:ins>' +
            r(' ẩn', '<w:vanish/>') +
            '<w:r><w:instrText> PAGE </w:instrText></w:r>' +
            '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing/></mc:Choice>' +
            '<mc:Fallback><w:pict><w:p><w:r><w:t>Bản sao</w:t></w:r></w:p></w:pict></mc:Fallback></mc:AlternateContent></w:r>' +
            '<!-- <w:t>chú thích</w:t> -->',
        ),
      ),
    );
    expect(lines.map((l) => l.text)).toEqual(['Giữ thêm']);
  });

  it('reads a text box paragraph as its own line', () => {
    const lines = readDocxLines(
      docx(p(r('Ngoài') + '<w:r><w:txbxContent>' + p(r('Trong hộp')) + '</w:txbxContent></w:r>' + r(' tiếp'))),
    );
    expect(lines.map((l) => l.text)).toEqual(['Trong hộp', 'Ngoài tiếp']);
  });

  it('follows the WordprocessingML namespace, whatever its prefix', () => {
    const xml = documentXml('<x:p><x:r><x:rPr><x:b/></x:rPr><x:t>Tiền tố khác</x:t></x:r></x:p>', 'x');
    expect(parseDocumentXml(xml)).toEqual([{ text: 'Tiền tố khác', bold: true, italic: false }]);
  });

  it('reads CDATA and normalises decomposed Vietnamese to NFC', () => {
    const decomposed = 'Kê\u0301 hoa\u0323ch';
    const lines = readDocxLines(docx(p(`<w:r><w:t><![CDATA[A & B]]></w:t></w:r>`) + p(r(decomposed))));
    expect(lines.map((l) => l.text)).toEqual(['A & B', 'Kế hoạch']);
  });

  it('does not expand a DOCTYPE', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "BOOM">]><w:document xmlns:w="${W}"><w:body>${p(r('a &x; b'))}</w:body></w:document>`;
    expect(parseDocumentXml(xml).map((l) => l.text)).toEqual(['a &x; b']);
  });
});

describe('readDocxLines: refuses what is not a safe .docx', () => {
  let seed: Uint8Array;
  beforeAll(async () => {
    seed = await planToDocx(lamThaoPlan2024);
  });

  it('reads the exported seed plan', () => {
    expect(readDocxLines(seed).length).toBeGreaterThan(40);
  });

  it('answers not-docx (or corrupt) for random bytes, and not-docx for other file types', () => {
    expect(['not-docx', 'corrupt']).toContain(errorCode(() => readDocxLines(noise(4096))));
    expect(errorCode(() => readDocxLines(new Uint8Array(0)))).toBe('not-docx');
    expect(errorCode(() => readDocxLines(strToU8('%PDF-1.7\n…')))).toBe('not-docx');
    // A .doc, or a password-protected .docx: an OLE compound file.
    const ole = new Uint8Array(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(errorCode(() => readDocxLines(ole))).toBe('not-docx');
  });

  it('answers corrupt for random bytes behind a zip signature', () => {
    const bytes = noise(4096, 7);
    bytes.set([0x50, 0x4b, 0x03, 0x04]);
    expect(errorCode(() => readDocxLines(bytes))).toBe('corrupt');
  });

  it('answers not-docx for a zip without word/document.xml, e.g. an .xlsx', () => {
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') });
    expect(errorCode(() => readDocxLines(xlsx))).toBe('not-docx');
    expect(errorCode(() => readDocxLines(zipSync({})))).toBe('not-docx');
  });

  it('answers corrupt for a truncated .docx', () => {
    expect(errorCode(() => readDocxLines(seed.subarray(0, Math.floor(seed.length / 2))))).toBe('corrupt');
    expect(errorCode(() => readDocxLines(seed.subarray(0, seed.length - 10)))).toBe('corrupt');
  });

  it('answers corrupt for damaged compressed data', () => {
    const damaged = seed.slice();
    const record = centralRecord(damaged, 'word/document.xml');
    const local = getU32(damaged, record + 42);
    const start = local + 30 + (damaged[local + 26]! | (damaged[local + 27]! << 8));
    damaged.fill(0xff, start + 20, start + 200);
    expect(errorCode(() => readDocxLines(damaged))).toBe('corrupt');
  });

  it('answers too-large above 20 MB, before looking inside', () => {
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    big.set(seed);
    let error: unknown;
    try {
      readDocxLines(big);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).code).toBe('too-large');
    expect((error as DocumentError).message).toMatch(/^Tệp lớn hơn 20 MB/);
    expect((error as DocumentError).status).toBe(413);
    expect(errorCode(() => readDocxLines(seed, { maxInputBytes: 1024 }))).toBe('too-large');
  });

  it('answers zip-bomb when the directory claims a huge uncompressed size', () => {
    const zip = docx(p(r('Nội dung')), { 'word/media/image1.png': new Uint8Array(1000) });
    // Claim about 4 GB for the image: a bomb that would only show when inflated.
    setU32(zip, centralRecord(zip, 'word/media/image1.png') + 24, 0xf0000000);
    let error: unknown;
    try {
      readDocxLines(zip);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).code).toBe('zip-bomb');
    expect((error as DocumentError).message).toMatch(/^Tệp nén bất thường/);
  });

  it('answers zip-bomb for a highly compressible entry above the uncompressed cap', () => {
    // 12 MB of zeros compress to a few kB; the cap is lowered to keep the test light.
    const zip = docx(p(r('Nội dung')), { 'word/media/zeros.bin': new Uint8Array(12 * 1024 * 1024) });
    expect(zip.length).toBeLessThan(100_000);
    expect(errorCode(() => readDocxLines(zip, { maxUncompressedBytes: 10 * 1024 * 1024 }))).toBe('zip-bomb');
    expect(readDocxLines(zip).map((l) => l.text)).toEqual(['Nội dung']);
  });

  it('answers zip-bomb for too many entries', () => {
    const extra: Zippable = {};
    for (let i = 0; i <= DOCX_READ_LIMITS.maxEntries; i++) extra[`customXml/item${i}.xml`] = new Uint8Array(0);
    expect(errorCode(() => readDocxLines(docx(p(r('x')), extra)))).toBe('zip-bomb');
  });

  it('stops inflating word/document.xml when it grows past the size the directory gives', () => {
    const zip = docx(p(r('x'.repeat(50_000))));
    const record = centralRecord(zip, 'word/document.xml');
    const claimed = getU32(zip, record + 24);
    setU32(zip, record + 24, claimed - 1000);
    expect(errorCode(() => readDocxLines(zip))).toBe('zip-bomb');
    setU32(zip, record + 24, claimed + 1000);
    expect(errorCode(() => readDocxLines(zip))).toBe('corrupt');
  });
});
