// Sentence-level comparison of a source document (markdown or plain text) with a rendering of
// it: used to prove that structured plan data still holds every sentence of the original.

/** One line with markdown markers removed: "#" headings, "**"/"*" emphasis, a leading "- " bullet. */
function cleanLine(line: string): string {
  return line
    .normalize('NFC')
    .replace(/^\s*#+\s*/, '')
    .replace(/\*+/g, '')
    .trim()
    .replace(/^-\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text without markdown markers, every run of whitespace (line breaks included) as one space. */
export function normaliseText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(cleanLine)
    .filter((line) => line !== '')
    .join(' ');
}

/** Fragments shorter than this are not worth checking. */
const MIN_SENTENCE_LENGTH = 3;

/**
 * The sentences of a text, in order. Each non-empty line is a boundary (headings, recipients and
 * signature lines stand alone), and inside a line a sentence ends after '.', ';', ':', '?' or
 * '!' followed by a space. A lone leading token ending in '.' or ':' ("1.", "I.", "TM.", "Số:")
 * is a label and stays with what follows, so that a changed label is noticed too.
 */
export function sentencesOf(text: string): string[] {
  const sentences: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = cleanLine(raw);
    if (line === '') continue;
    const pieces = line.split(/(?<=[.;:?!])\s+/);
    const [first, second] = pieces;
    if (first !== undefined && second !== undefined && /^\S+[.:]$/.test(first)) {
      pieces.splice(0, 2, `${first} ${second}`);
    }
    sentences.push(...pieces);
  }
  return sentences.filter((s) => s.length >= MIN_SENTENCE_LENGTH);
}

/** Index of `needle` in `haystack` at or after `from`, starting and ending on a word boundary. */
function findBounded(haystack: string, needle: string, from: number): number {
  let index = haystack.indexOf(needle, from);
  while (index >= 0) {
    const before = index === 0 ? ' ' : haystack.charAt(index - 1);
    const end = index + needle.length;
    const after = end >= haystack.length ? ' ' : haystack.charAt(end);
    if (before === ' ' && after === ' ') return index;
    index = haystack.indexOf(needle, index + 1);
  }
  return -1;
}

export interface MissingSentencesOptions {
  /**
   * When true (the default) sentences must appear in the rendering in the source's order, each
   * after the previous one found; a sentence written twice in the source must then appear twice.
   * When false, each sentence only has to appear somewhere.
   */
  ordered?: boolean;
}

/**
 * The sentences of `source` that the rendering does not contain (both are normalised with
 * normaliseText). The rendering may hold more (e.g. header lines the source lost); an empty
 * result means nothing of the source was dropped or altered.
 */
export function missingSentences(source: string, rendered: string, options: MissingSentencesOptions = {}): string[] {
  const ordered = options.ordered ?? true;
  const haystack = normaliseText(rendered);
  const missing: string[] = [];
  let position = 0;
  for (const sentence of sentencesOf(source)) {
    const index = findBounded(haystack, sentence, ordered ? position : 0);
    if (index < 0) missing.push(sentence);
    else if (ordered) position = index + sentence.length;
  }
  return missing;
}
