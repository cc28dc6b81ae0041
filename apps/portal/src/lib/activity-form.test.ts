import { describe, expect, it } from 'vitest';
import { readActivityForm } from './activity-form';
import { activitySummary } from './activity-format';

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
};

describe('activity form', () => {
  it('reads a training with participants by sex and target groups, numbers typed the Vietnamese way', () => {
    const r = readActivityForm(
      form([
        ['kind', 'training'],
        ['title', 'Tập huấn'],
        ['date', '2024-05-02'],
        ['details.classes', '2'],
        ['details.participantsFemale', '1.200'],
        ['details.participantsMale', '30'],
        ['details.targetGroups', 'women_leaders'],
        ['details.targetGroups', 'gender_officials'],
      ]),
      '2024-06-01',
    );
    expect(r.errors).toEqual({});
    expect(r.input).toMatchObject({ kind: 'training', details: { classes: 2, participantsFemale: 1200, participantsMale: 30, targetGroups: ['women_leaders', 'gender_officials'] } });
  });

  it('puts each problem beside its field and keeps what was typed', () => {
    const r = readActivityForm(
      form([
        ['kind', 'communication'],
        ['title', ''],
        ['date', '2024-07-01'],
        ['details.form', 'broadcast'],
        ['details.airtimeMinutes', 'mười'],
      ]),
      '2024-06-01',
    );
    expect(r.input).toBeNull();
    expect(Object.keys(r.errors).sort()).toEqual(['details.airtimeMinutes', 'title']);
    expect(r.typed['details.airtimeMinutes']).toBe('mười');
    const future = readActivityForm(form([['kind', 'communication'], ['title', 'Bài'], ['date', '2024-07-01'], ['details.form', 'article']]), '2024-06-01');
    expect(Object.keys(future.errors)).toEqual(['date']);
    expect(future.errors.date![0]).toContain('tương lai');
  });

  it('summarises what an activity counts', () => {
    expect(activitySummary('communication', { form: 'broadcast', items: 2, airtimeMinutes: 12.5 })).toBe('2 lần phát · 12,5 phút');
    expect(activitySummary('inspection', { inspectedUnit: 'Trường THCS', violations: 3, violationsHandled: 2 })).toBe('Trường THCS · 3 vi phạm, đã xử lý 2');
  });
});
