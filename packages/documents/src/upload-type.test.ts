import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sniffUpload } from './upload-type.ts';

describe('sniffUpload', () => {
  it('recognises files by content, not name', () => {
    expect(sniffUpload(strToU8('%PDF-1.7\n…'))).toBe('pdf');
    expect(sniffUpload(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(sniffUpload(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0]))).toBe('jpeg');
    expect(sniffUpload(zipSync({ 'word/document.xml': strToU8('<w:document/>') }))).toBe('docx');
    expect(sniffUpload(zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') }))).toBe('xlsx');
  });

  it('refuses other zips, scripts and garbage', () => {
    expect(sniffUpload(zipSync({ 'readme.txt': strToU8('x') }))).toBeNull();
    expect(sniffUpload(strToU8('<script>alert(1)</script>'))).toBeNull();
    expect(sniffUpload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBeNull();
    expect(sniffUpload(new Uint8Array())).toBeNull();
  });
});
