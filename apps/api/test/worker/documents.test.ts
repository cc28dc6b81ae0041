// Runs inside workerd: the Excel report template and the official .docx are built and read back
// with the same libraries the Worker bundles (exceljs, docx, fflate), so the Excel and Word routes
// work on Workers, not only on Node.
import { describe, expect, it } from 'vitest';
import { indicatorCatalogue } from '@binh-dang/domain';
import { buildReportTemplate, readReportWorkbook } from '@binh-dang/documents/report-xlsx';
import { planToDocx } from '@binh-dang/documents/plan-docx';
import { readDocxLines } from '@binh-dang/documents/docx-read';
import { lamThaoPlan2024 } from '@binh-dang/db/seed';

const indicators = indicatorCatalogue.filter((i) => ['OP-ARTICLES', 'OP-TRAINING-PARTICIPANTS'].includes(i.code));

describe('documents inside workerd', () => {
  it('builds the Excel report template and reads its values back', async () => {
    expect(navigator.userAgent).toBe('Cloudflare-Workers');
    const values = [
      { indicator: 'OP-ARTICLES', category: 'total' as const, value: 7 },
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'total' as const, value: 30 },
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'female' as const, value: 18 },
      { indicator: 'OP-TRAINING-PARTICIPANTS', category: 'male' as const, value: 12 },
    ];
    const bytes = await buildReportTemplate({
      unit: { id: 'xa-cao-xa-2024', name: 'Xã Cao Xá' },
      period: { code: '2024', label: 'Năm 2024' },
      plan: { id: 'p', title: 'Kế hoạch thử' },
      deadline: '2024-11-15',
      indicators,
      values,
    });
    const read = await readReportWorkbook(bytes, { unitId: 'xa-cao-xa-2024', period: '2024', indicators });
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.values).toEqual(expect.arrayContaining(values));
  });

  it('prints the plan as .docx and reads its lines back', async () => {
    const lines = readDocxLines(await planToDocx(lamThaoPlan2024));
    expect(lines.some((l) => l.text.includes('KẾ HOẠCH'))).toBe(true);
  });
});
