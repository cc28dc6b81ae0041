import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVnNumber } from './numbers.ts';

describe('parseVnNumber: the rule', () => {
  it('reads the documented forms and refuses the rest', () => {
    const cases: [string, number | null][] = [
      ['1234', 1234],
      ['1.234', 1234],
      ['1.234.567', 1234567],
      ['1.234,5', 1234.5],
      ['1.234,75', 1234.75],
      ['1 234', 1234],
      [' 1 234 ', 1234],
      ['1\u00a0234,75', 1234.75],
      ['1\u202f234\u202f567', 1234567],
      ['12,5', 12.5],
      ['0,25', 0.25],
      ['1,234', 1.234],
      [',5', 0.5],
      // A '.' that cannot group thousands is a decimal point.
      ['12.5', 12.5],
      ['0.25', 0.25],
      ['0.500', 0.5],
      ['1234.567', 1234.567],
      ['.25', 0.25],
      ['1.23', 1.23],
      ['-1.234', -1234],
      ['−7', -7],
      ['- 7', -7],
      ['+3', 3],
      ['-3', -3],
      ['1,234.5', null],
      ['1,234,567', null],
      ['12.34.567', null],
      ['1.23.4', null],
      ['01.234', 1.234], // a first group starting with 0 cannot group thousands
      ['1.234.56', null],
      ['1 23', null],
      ['1,2,3', null],
      ['12,', null],
      ['12.', null],
      ['12,5%', null],
      ['12a', null],
      ['abc', null],
      ['ba', null],
      ['', null],
      ['   ', null],
      ['-', null],
      ['+-1', null],
      ['1e5', null],
      ['0x10', null],
      ['NaN', null],
      ['Infinity', null],
    ];
    for (const [text, value] of cases) expect(parseVnNumber(text), JSON.stringify(text)).toBe(value);
  });

  it('gives 0 for minus zero, never -0', () => {
    expect(Object.is(parseVnNumber('-0'), 0)).toBe(true);
    expect(Object.is(parseVnNumber('−0,0'), 0)).toBe(true);
  });
});

/** A number with at most `digits` decimals, and those digits: n / 10^digits. */
const decimalNumber = fc
  .record({
    units: fc.integer({ min: -(2 ** 53 - 1), max: 2 ** 53 - 1 }),
    digits: fc.integer({ min: 0, max: 6 }),
  })
  .map(({ units, digits }) => ({ value: units / 10 ** digits, digits }));

describe('parseVnNumber: properties', () => {
  it('reads back a number written the vi-VN way (Intl), with "." groups and a decimal comma', () => {
    fc.assert(
      fc.property(decimalNumber, ({ value, digits }) => {
        const text = value.toLocaleString('vi-VN', { useGrouping: true, minimumFractionDigits: digits, maximumFractionDigits: digits });
        // What the text says, written plainly: the double nearest to it.
        expect(parseVnNumber(text), text).toBe(Number(value.toFixed(digits)) + 0);
      }),
    );
  });

  it('reads thousands grouped by spaces (plain, no-break, narrow no-break) like those grouped by "."', () => {
    fc.assert(
      fc.property(decimalNumber, fc.constantFrom(' ', '\u00a0', '\u202f'), ({ value, digits }, space) => {
        const dotted = value.toLocaleString('vi-VN', { useGrouping: true, minimumFractionDigits: digits, maximumFractionDigits: digits });
        const spaced = dotted.replaceAll('.', space);
        expect(parseVnNumber(spaced), JSON.stringify(spaced)).toBe(parseVnNumber(dotted));
      }),
    );
  });

  it('reads a "." as a decimal point where it cannot group thousands', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^(?:0|[1-9]\d{0,15})$/),
        fc.stringMatching(/^\d{1,8}$/).filter((f) => f.length !== 3),
        (whole, fraction) => {
          const text = `${whole}.${fraction}`;
          expect(parseVnNumber(text), text).toBe(Number(text));
        },
      ),
    );
  });

  it('refuses English grouping with a decimal point', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 2 ** 53 - 1 }), fc.integer({ min: 1, max: 6 }), (n, digits) => {
        const text = (n / 10 ** digits + 1000).toLocaleString('en-US', { useGrouping: true, minimumFractionDigits: digits });
        expect(parseVnNumber(text), text).toBeNull();
      }),
    );
  });

  it('never reads anything but a finite number or null, and a sign only negates', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789.,-−+ \u00a0e%'.split('')), maxLength: 20 }), (text) => {
        const value = parseVnNumber(text);
        if (value === null) return;
        expect(Number.isFinite(value)).toBe(true);
        const unsigned = text.trim().replace(/^[-−+]\s*/, '');
        if (unsigned !== text.trim()) expect(Math.abs(value)).toBe(parseVnNumber(unsigned));
      }),
    );
  });
});
