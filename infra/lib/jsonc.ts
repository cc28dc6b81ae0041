// JSON with comments and trailing commas, as wrangler.jsonc is written: comments, and commas
// before a closing bracket, are dropped outside strings; JSON.parse reads the rest.
export function parseJsonc<T = unknown>(text: string): T {
  return JSON.parse(dropTrailingCommas(dropComments(text))) as T;
}

/** Calls `visit` for each character outside strings; strings are copied whole. */
function scan(text: string, visit: (i: number) => { out: string; next: number }): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const step = visit(i);
    out += step.out;
    i = step.next;
  }
  return out;
}

function dropComments(text: string): string {
  return scan(text, (i) => {
    if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      return { out: '', next: end === -1 ? text.length : end };
    }
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      return { out: '', next: end === -1 ? text.length : end + 2 };
    }
    return { out: text[i]!, next: i + 1 };
  });
}

function dropTrailingCommas(text: string): string {
  return scan(text, (i) => {
    if (text[i] === ',' && /^\s*[}\]]/.test(text.slice(i + 1))) return { out: '', next: i + 1 };
    return { out: text[i]!, next: i + 1 };
  });
}
