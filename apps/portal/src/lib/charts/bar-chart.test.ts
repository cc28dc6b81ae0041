import { describe, expect, it } from 'vitest';
import { layoutChart, niceMax, shortLabel } from './bar-chart';

describe('bar charts', () => {
  it('ends the scale on a round number', () => {
    expect(niceMax(120)).toBe(200);
    expect(niceMax(80)).toBe(100);
    expect(niceMax(23)).toBe(25);
    expect(niceMax(0)).toBe(1);
  });

  it('draws bars to scale, none for a missing value, and says it all in one sentence', () => {
    const layout = layoutChart({
      title: 'Số người tham gia tập huấn',
      unit: 'người',
      bars: [
        { label: 'Xã Cao Xá', value: 120 },
        { label: 'Xã Tiên Kiên', value: 80 },
        { label: 'Xã Bản Nguyên', value: null },
      ],
    });
    const [a, b, c] = layout.bars;
    expect(a!.width / b!.width).toBeCloseTo(1.5);
    expect(c!.width).toBe(0);
    expect(c!.text).toBe('Chưa có số liệu');
    expect(layout.ticks.at(-1)!.label).toBe('200');
    expect(layout.summary).toBe('Số người tham gia tập huấn. Xã Cao Xá: 120 người; Xã Tiên Kiên: 80 người. 1 đơn vị chưa có số liệu.');
    expect(layout.targetX).toBeNull();
  });

  it('draws a target line and names it', () => {
    const layout = layoutChart({ title: 'Tỷ lệ', unit: '%', bars: [{ label: 'A', value: 30 }], target: 50 });
    expect(layout.targetX).toBeGreaterThan(layout.bars[0]!.width + layout.left - 1);
    expect(layout.targetText).toBe('Mục tiêu 50%');
    expect(layout.summary).toContain('Mục tiêu: 50%.');
    expect(shortLabel('Thị trấn Lâm Thao (báo cáo của chính đơn vị)')).toBe('Thị trấn Lâm Thao (báo cáo…');
    expect(layoutChart({ title: 'T', unit: 'bài', bars: [{ label: 'A', value: 2 }], missing: ['B', 'C'] }).summary).toBe('T. A: 2 bài. 2 đơn vị chưa có số liệu.');
  });
});
