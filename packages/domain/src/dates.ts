// Calendar dates are local dates (Asia/Ho_Chi_Minh) kept as 'YYYY-MM-DD' strings; they compare
// correctly as strings. Timestamps elsewhere are UTC ISO.
import { z } from 'zod';

export type LocalDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidLocalDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export const localDateSchema = z
  .string()
  .refine(isValidLocalDate, { message: 'Ngày không hợp lệ, cần dạng YYYY-MM-DD (Invalid date, expected YYYY-MM-DD)' });

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function toLocalDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function parseLocalDate(value: LocalDate): { year: number; month: number; day: number } {
  if (!isValidLocalDate(value)) throw new RangeError(`invalid local date: ${value}`);
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return { year: y, month: m, day: d };
}

/** Today's date in Việt Nam (UTC+7, no daylight saving). */
export function todayInVietnam(now: Date = new Date()): LocalDate {
  const shifted = new Date(now.getTime() + 7 * 3600_000);
  return shifted.toISOString().slice(0, 10);
}

/** "15/11/2024" — the short form used inside the text of administrative documents. */
export function formatShortVnDate(date: LocalDate): string {
  const { year, month, day } = parseLocalDate(date);
  return `${day}/${month}/${year}`;
}

/**
 * Place-and-date line of an official document (Nghị định 30/2020): "Lâm Thao, ngày 05 tháng 4
 * năm 2024" — a leading zero for days below 10 and for months 1 and 2. Before issue the day (and
 * possibly the month) is left blank for the signer to fill, as in the seed.
 */
export function formatDocumentDateLine(place: string, date: { year: number; month: number | null; day: number | null }): string {
  const day = date.day === null ? '' : String(date.day).padStart(2, '0');
  const month = date.month === null ? '' : date.month <= 2 ? String(date.month).padStart(2, '0') : String(date.month);
  return `${place}, ngày ${day} tháng ${month} năm ${date.year}`.replace(/ {2,}/g, ' ');
}
