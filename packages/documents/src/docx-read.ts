// Reading an uploaded .docx into ImportLine[]: the hardened zip reader of zip-guard.ts (size,
// entry-count and ratio checks from the central directory before anything is inflated; only
// word/document.xml is inflated, with a bound on its output) and a small XML tokenizer for the
// WordprocessingML that matters to plan import — paragraphs, runs, bold/italic, alignment and
// table cells.
import { DocumentError, type DocumentErrorCode } from './errors.ts';
import type { ImportLine } from './import-line.ts';
import { extractZipEntry, readZipDirectory, ZipProblem, type ZipProblemKind } from './zip-guard.ts';

export interface DocxReadLimits {
  /** Largest upload accepted, in bytes (20 MB). */
  maxInputBytes: number;
  /** Cap on the sum of the uncompressed sizes of all entries, as the zip directory gives them. */
  maxUncompressedBytes: number;
  /** Cap on the number of entries in the zip directory. */
  maxEntries: number;
}

export const DOCX_READ_LIMITS: Readonly<DocxReadLimits> = Object.freeze({
  maxInputBytes: 20 * 1024 * 1024,
  maxUncompressedBytes: 100 * 1024 * 1024,
  maxEntries: 2000,
});

/**
 * The paragraphs of a .docx's main body in reading order, one ImportLine each (a paragraph with
 * manual line breaks gives one line per break). Empty paragraphs are left out. `cell` holds the
 * 0-based row and column of the table cell a paragraph is in (nested tables report the cell of the
 * outermost table). Headers, footers, footnotes and comments are not read.
 *
 * Throws DocumentError: 'too-large', 'not-docx', 'zip-bomb' or 'corrupt'.
 */
export function readDocxLines(bytes: Uint8Array, limits: Partial<DocxReadLimits> = {}): ImportLine[] {
  const xml = readDocumentXml(bytes, { ...DOCX_READ_LIMITS, ...limits });
  try {
    return parseDocumentXml(xml);
  } catch (error) {
    if (error instanceof DocumentError) throw error;
    throw new DocumentError('corrupt', undefined, { cause: error });
  }
}

// ---------------------------------------------------------------------------------------------
// Zip

const DOCUMENT_PART = 'word/document.xml';

const utf8 = new TextDecoder('utf-8');

function megabytes(bytes: number): string {
  return String(Math.round((bytes / (1024 * 1024)) * 10) / 10);
}

/** What each problem of the zip is called here: an encrypted entry or another file type is not a .docx. */
const ZIP_PROBLEMS: Readonly<Record<ZipProblemKind, DocumentErrorCode>> = {
  'not-zip': 'not-docx',
  encrypted: 'not-docx',
  'zip-bomb': 'zip-bomb',
  corrupt: 'corrupt',
};

function readDocumentXml(bytes: Uint8Array, limits: DocxReadLimits): string {
  if (bytes.length > limits.maxInputBytes) {
    const mb = megabytes(limits.maxInputBytes);
    throw new DocumentError('too-large', `Tệp lớn hơn ${mb} MB (File larger than ${mb} MB)`);
  }
  try {
    // Anything that does not start like a zip is not a .docx at all; a zip that breaks later is a
    // damaged one. Only word/document.xml is inflated.
    const entries = readZipDirectory(bytes, limits);
    const entry = entries.find((e) => e.name.toLowerCase() === DOCUMENT_PART);
    if (!entry) throw new DocumentError('not-docx');
    return decodeXml(extractZipEntry(bytes, entry));
  } catch (error) {
    if (!(error instanceof ZipProblem)) throw error;
    const code = ZIP_PROBLEMS[error.kind];
    throw error.cause === undefined ? new DocumentError(code) : new DocumentError(code, undefined, { cause: error.cause });
  }
}

function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return utf8.decode(bytes); // drops a UTF-8 BOM
}

// ---------------------------------------------------------------------------------------------
// XML

const WML_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);
const MC_NAMESPACE = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

/**
 * Subtrees whose text is not the document's current text: the fallback copy of alternate
 * content (text boxes appear twice), moved-away and deleted revisions, and old formatting kept by
 * tracked changes.
 */
const SKIPPED = new Set(['mc:Fallback', 'moveFrom', 'del', 'rPrChange', 'pPrChange']);

const ALIGN: Record<string, ImportLine['align']> = {
  left: 'left',
  start: 'left',
  center: 'center',
  right: 'right',
  end: 'right',
  both: 'justify',
  distribute: 'justify',
  lowKashida: 'justify',
  mediumKashida: 'justify',
  highKashida: 'justify',
  thaiDistribute: 'justify',
};

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character and predefined entity references; unknown ones are left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.charCodeAt(0) !== 35 /* # */) return NAMED_ENTITIES[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    if (!Number.isFinite(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
    return String.fromCodePoint(code);
  });
}

interface Segment {
  text: string;
  bold: boolean;
  italic: boolean;
}

interface ParagraphState {
  /** Text runs, with `null` for a manual line break. */
  segments: (Segment | null)[];
  align: ImportLine['align'];
  cell: ImportLine['cell'];
  run: { bold: boolean; italic: boolean; hidden: boolean } | null;
}

interface TableState {
  row: number;
  column: number;
}

/** A toggle property (w:b, w:i, w:vanish) is on unless its w:val says otherwise. */
function isOn(val: string | undefined): boolean {
  return val === undefined || !(val === '0' || val === 'false' || val === 'off');
}

/** The end of the tag starting at `lt`: the first '>' outside a quoted attribute value. */
function tagEnd(xml: string, lt: number): number {
  let quote = 0;
  for (let i = lt + 1; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) {
      quote = c;
    } else if (c === 62) {
      return i;
    }
  }
  return -1;
}

const ATTRIBUTE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributes(tag: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const m of tag.matchAll(ATTRIBUTE)) result.set(m[1]!, decodeEntities(m[2] ?? m[3] ?? ''));
  return result;
}

/**
 * Parses the main document part (word/document.xml) into ImportLine[]. A lenient tokenizer, not a
 * validating parser: unknown elements are walked through, mismatched end tags close what they
 * match, entities other than the XML ones are never expanded (no DTD is read).
 */
export function parseDocumentXml(xml: string): ImportLine[] {
  const lines: ImportLine[] = [];
  const wml = new Set<string>();
  const mc = new Set<string>();
  /** Keys of the open elements: a WML element by local name, 'mc:…' for markup compatibility. */
  const stack: string[] = [];
  const paragraphs: ParagraphState[] = [];
  const tables: TableState[] = [];
  let skipDepth = -1;
  let inText = false;

  const paragraph = (): ParagraphState | undefined => paragraphs[paragraphs.length - 1];

  const addText = (text: string): void => {
    const p = paragraph();
    if (!p || !p.run || p.run.hidden || text === '') return;
    p.segments.push({ text, bold: p.run.bold, italic: p.run.italic });
  };

  const open = (key: string, tag: string): void => {
    const parent = stack[stack.length - 1];
    const grand = stack[stack.length - 2];
    const p = paragraph();
    switch (key) {
      case 'p': {
        const top = tables[0];
        paragraphs.push({
          segments: [],
          align: undefined,
          cell: top && top.row >= 0 ? { row: top.row, column: Math.max(0, top.column) } : undefined,
          run: null,
        });
        break;
      }
      case 'r':
        if (p) p.run = { bold: false, italic: false, hidden: false };
        break;
      case 'b':
      case 'i':
      case 'vanish':
        if (p?.run && parent === 'rPr' && grand === 'r') {
          const on = isOn(valOf(tag, wml));
          if (key === 'b') p.run.bold = on;
          else if (key === 'i') p.run.italic = on;
          else p.run.hidden = on;
        }
        break;
      case 'jc':
        if (p && parent === 'pPr' && grand === 'p') p.align = ALIGN[valOf(tag, wml) ?? ''];
        break;
      case 't':
        if (parent === 'r') inText = true;
        break;
      case 'tab':
      case 'ptab':
        if (parent === 'r') addText(' ');
        break;
      case 'noBreakHyphen':
        if (parent === 'r') addText('-');
        break;
      case 'br':
      case 'cr':
        if (parent === 'r' && p?.run && !p.run.hidden) {
          const type = key === 'br' ? typeOf(tag, wml) : undefined;
          if (type === 'page' || type === 'column') addText(' ');
          else p.segments.push(null);
        }
        break;
      case 'tbl':
        tables.push({ row: -1, column: -1 });
        break;
      case 'tr': {
        const t = tables[tables.length - 1];
        if (t) {
          t.row += 1;
          t.column = -1;
        }
        break;
      }
      case 'tc': {
        const t = tables[tables.length - 1];
        if (t) t.column += 1;
        break;
      }
    }
  };

  const close = (key: string): void => {
    switch (key) {
      case 't':
        inText = false;
        break;
      case 'r': {
        const p = paragraph();
        if (p) p.run = null;
        break;
      }
      case 'p': {
        const p = paragraphs.pop();
        if (p) lines.push(...paragraphLines(p));
        break;
      }
      case 'tbl':
        tables.pop();
        break;
    }
  };

  const keyOf = (name: string): string => {
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    const local = colon < 0 ? name : name.slice(colon + 1);
    if (wml.has(prefix) || (wml.size === 0 && prefix === 'w')) return local;
    if (mc.has(prefix)) return `mc:${local}`;
    return `*${name}`;
  };

  const n = xml.length;
  let i = 0;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (inText && skipDepth < 0 && textEnd > i) addText(decodeEntities(xml.slice(i, textEnd)));
    if (lt < 0) break;

    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) throw new DocumentError('corrupt');
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) throw new DocumentError('corrupt');
      if (inText && skipDepth < 0) addText(xml.slice(lt + 9, end));
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) throw new DocumentError('corrupt');
      i = end + 2;
      continue;
    }
    if (xml.startsWith('<!', lt)) {
      // A DOCTYPE: Word never writes one; skip it (and its internal subset) without reading it.
      const bracket = xml.indexOf('[', lt);
      const gt = xml.indexOf('>', lt);
      const end = bracket >= 0 && bracket < gt ? xml.indexOf(']', bracket) : lt;
      const close = end < 0 ? -1 : xml.indexOf('>', end);
      if (close < 0) throw new DocumentError('corrupt');
      i = close + 1;
      continue;
    }

    const gt = tagEnd(xml, lt);
    if (gt < 0) throw new DocumentError('corrupt');
    i = gt + 1;

    if (xml.charCodeAt(lt + 1) === 47 /* / */) {
      const name = xml.slice(lt + 2, gt).trim();
      const key = keyOf(name);
      let at = stack.lastIndexOf(key);
      if (at < 0) continue; // a stray end tag
      if (skipDepth >= 0 && at < skipDepth) at = skipDepth; // never close past the skipped subtree
      while (stack.length > at) {
        const closing = stack.pop()!;
        if (skipDepth < 0) close(closing);
      }
      if (skipDepth >= 0 && stack.length <= skipDepth) skipDepth = -1;
      continue;
    }

    const tag = xml.slice(lt + 1, gt);
    const selfClosing = tag.endsWith('/');
    let nameEnd = 0;
    while (nameEnd < tag.length) {
      const c = tag.charCodeAt(nameEnd);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47) break;
      nameEnd++;
    }
    const name = tag.slice(0, nameEnd);
    if (tag.includes('xmlns')) declareNamespaces(tag, wml, mc);
    const key = keyOf(name);

    if (skipDepth >= 0) {
      if (!selfClosing) stack.push(key);
      continue;
    }
    if (SKIPPED.has(key)) {
      if (!selfClosing) {
        skipDepth = stack.length;
        stack.push(key);
      }
      continue;
    }
    open(key, tag);
    if (selfClosing) close(key);
    else stack.push(key);
  }
  // A body cut short still gives the paragraphs that were open.
  while (paragraphs.length > 0) lines.push(...paragraphLines(paragraphs.pop()!));
  return lines;
}

function declareNamespaces(tag: string, wml: Set<string>, mc: Set<string>): void {
  for (const [name, value] of attributes(tag)) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    const prefix = name === 'xmlns' ? '' : name.slice(6);
    if (WML_NAMESPACES.has(value)) wml.add(prefix);
    else if (value === MC_NAMESPACE) mc.add(prefix);
  }
}

/** The value of the WordprocessingML `val` attribute of a tag, whatever its prefix. */
function valOf(tag: string, wml: Set<string>): string | undefined {
  return wmlAttribute(tag, 'val', wml);
}

function typeOf(tag: string, wml: Set<string>): string | undefined {
  return wmlAttribute(tag, 'type', wml);
}

function wmlAttribute(tag: string, local: string, wml: Set<string>): string | undefined {
  if (!tag.includes(local)) return undefined;
  for (const [name, value] of attributes(tag)) {
    const colon = name.indexOf(':');
    if (name.slice(colon + 1) !== local) continue;
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    if (wml.has(prefix) || (wml.size === 0 && prefix === 'w')) return value;
  }
  return undefined;
}

/** One line per manual line break; whitespace collapsed, NFC, formatting of all visible text. */
function paragraphLines(p: ParagraphState): ImportLine[] {
  const lines: ImportLine[] = [];
  let current: Segment[] = [];
  const flush = (): void => {
    const text = current
      .map((s) => s.text)
      .join('')
      .replace(/\s+/g, ' ')
      .trim()
      .normalize('NFC');
    if (text !== '') {
      const visible = current.filter((s) => /\S/.test(s.text));
      const line: ImportLine = {
        text,
        bold: visible.every((s) => s.bold),
        italic: visible.every((s) => s.italic),
      };
      if (p.align) line.align = p.align;
      if (p.cell) line.cell = { ...p.cell };
      lines.push(line);
    }
    current = [];
  };
  for (const s of p.segments) {
    if (s === null) flush();
    else current.push(s);
  }
  flush();
  return lines;
}
