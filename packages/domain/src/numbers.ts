// Numbers typed the Vietnamese way, one rule for every place that reads them (the portal's forms,
// the Excel report import).

const SPACES = /[\u0020\u00a0\u202f]/g;

/**
 * A number typed the Vietnamese way, or null when it is in none of the forms below. Accepted, after
 * Unicode normalisation (NFC), trimming and an optional sign ('-', '−' U+2212, '+'):
 * - digits: '1234'
 * - '.' or a space (U+0020, U+00A0, U+202F) between groups of three, the first group not starting
 *   with 0, optionally followed by a decimal comma: '1.234', '1.234.567', '1.234,5', '1 234',
 *   '1 234,5'
 * - a decimal comma: '12,5', '0,25', ',5'
 * - a decimal point where it cannot be a thousands separator: '12.5', '0.25', '.5', '1234.567'
 * Rejected: mixed or English grouping ('1,234.5', '1,234,567'), uneven groups ('12.34.567'), more
 * than one decimal separator, letters, exponents, '' and a lone sign.
 * So '1.234' is one thousand two hundred and thirty-four, and '1,234' is 1.234. '-0' gives 0.
 */
export function parseVnNumber(raw: string): number | null {
  let s = raw.normalize('NFC').trim();
  let sign = 1;
  const first = s[0];
  if (first === '-' || first === '\u2212' || first === '+') {
    if (first !== '+') sign = -1;
    s = s.slice(1).trimStart();
  }
  if (s === '') return null;
  let normalized: string | null = null;
  if (/^\d+$/.test(s)) normalized = s;
  else if (/^[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?$/.test(s)) normalized = s.replaceAll('.', '').replace(',', '.');
  else if (/^[1-9]\d{0,2}(?:[\u0020\u00a0\u202f]\d{3})+(?:,\d+)?$/.test(s)) normalized = s.replace(SPACES, '').replace(',', '.');
  else if (/^\d*,\d+$/.test(s)) normalized = s.replace(',', '.');
  else if (/^\d*\.\d+$/.test(s)) normalized = s; // not a thousands grouping: that was matched above
  if (normalized === null) return null;
  const value = Number(normalized);
  return Number.isFinite(value) ? sign * value + 0 : null; // + 0 turns -0 into 0
}
