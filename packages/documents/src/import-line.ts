// The common input of plan import: one paragraph of the source, with the formatting that helps
// to recognise structure. Pasted text gives plain lines; a .docx gives bold/italic/alignment too.
export interface ImportLine {
  text: string;
  /** The whole paragraph (or nearly all of it) is bold. */
  bold?: boolean;
  italic?: boolean;
  align?: 'left' | 'center' | 'right' | 'justify';
  /** Paragraphs of a table cell (e.g. the two-column header) carry their cell: row, column. */
  cell?: { row: number; column: number };
}

/** Lines of pasted text: one per non-empty line, trimmed; no formatting is known. */
export function linesFromText(text: string): ImportLine[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => ({ text: line }));
}
