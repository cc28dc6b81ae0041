import { describe, expect, it } from 'vitest';
import { activityIndicatorValues, activityInputSchema, activityIssues, isInActionMonth, type ActivityRecord } from './activity.ts';
import { applyComputedValues, staleComputedIssues } from './computed-values.ts';

const rec = (id: string, raw: unknown): ActivityRecord => {
  const parsed = activityInputSchema.parse(raw);
  return { ...parsed, id, actionMonth: parsed.actionMonth ?? isInActionMonth(parsed.date) } as ActivityRecord;
};

describe('activities', () => {
  it('checks dates, airtime, audiences, participants and handled violations', () => {
    const today = '2024-06-01';
    const broadcast = activityInputSchema.parse({ kind: 'communication', date: '2024-06-02', title: 'Phát thanh', details: { form: 'broadcast' } });
    expect(activityIssues(broadcast, today).map((i) => i.path)).toEqual(['date', 'details.airtimeMinutes']);
    const article = activityInputSchema.parse({ kind: 'communication', date: '2024-05-02', title: 'Bài', details: { form: 'article', airtimeMinutes: 5, audienceFemale: 3 } });
    expect(activityIssues(article, today).map((i) => i.path)).toEqual(['details.airtimeMinutes', 'details.audienceMale']);
    const inspection = activityInputSchema.parse({
      kind: 'inspection',
      date: '2024-05-02',
      title: 'Kiểm tra',
      details: { inspectedUnit: 'Trường THCS', violations: 1, violationsHandled: 2 },
    });
    expect(activityIssues(inspection, today).map((i) => i.path)).toEqual(['details.violationsHandled']);
    const training = activityInputSchema.parse({
      kind: 'training',
      date: '2024-05-02',
      title: 'Tập huấn',
      actionMonth: true,
      details: { participantsFemale: 0, participantsMale: 0, targetGroups: ['women_leaders'] },
    });
    expect(activityIssues(training, today).map((i) => i.path)).toEqual(['actionMonth', 'details.participantsFemale']);
  });

  it('knows the Action Month: 15/11–15/12', () => {
    expect(['2024-11-14', '2024-11-15', '2024-12-15', '2024-12-16'].map(isInActionMonth)).toEqual([false, true, true, false]);
  });

  it('counts the operational indicators of a window from the records', () => {
    const window = { from: '2023-12-15', to: '2024-12-14' };
    const records = [
      rec('a1', { kind: 'communication', date: '2024-02-01', title: 'Hai bài', details: { form: 'article', items: 2 } }),
      rec('a2', { kind: 'communication', date: '2024-03-01', title: 'Phát thanh', details: { form: 'broadcast', airtimeMinutes: 12.5 } }),
      rec('a3', { kind: 'communication', date: '2024-11-20', title: 'Mít tinh', details: { form: 'event', audienceFemale: 80, audienceMale: 40 } }),
      rec('t1', { kind: 'training', date: '2024-04-01', title: 'Tập huấn', details: { classes: 2, participantsFemale: 30, participantsMale: 10, targetGroups: ['women_leaders'] } }),
      rec('m1', { kind: 'prevention_model', date: '2022-01-01', title: 'CLB cũ', details: { modelKind: 'club' } }),
      rec('m2', { kind: 'prevention_model', date: '2022-01-01', title: 'Đã giải thể', details: { modelKind: 'model', endedOn: '2023-06-01' } }),
      rec('i1', { kind: 'inspection', date: '2024-05-01', title: 'Kiểm tra', details: { inspectedUnit: 'UBND xã', violations: 3, violationsHandled: 2 } }),
      rec('late', { kind: 'communication', date: '2024-12-20', title: 'Sau kỳ', details: { form: 'article' } }),
    ];
    const values = activityIndicatorValues(records, window);
    const get = (code: string, category = 'total') => values.find((v) => v.indicator === code && v.category === category);
    expect(get('OP-ARTICLES')?.value).toBe(2);
    expect(get('OP-ARTICLES')?.sources.map((s) => s.id)).toEqual(['a1']);
    expect(get('OP-AIRTIME-MINUTES')?.value).toBe(12.5);
    expect(get('OP-TRAINING-CLASSES')?.value).toBe(2);
    expect([get('OP-TRAINING-PARTICIPANTS')?.value, get('OP-TRAINING-PARTICIPANTS', 'female')?.value, get('OP-TRAINING-PARTICIPANTS', 'male')?.value]).toEqual([160, 110, 50]);
    expect(get('OP-DV-PREVENTION-MODELS')?.value).toBe(1);
    expect(get('OP-INSPECTIONS')?.value).toBe(1);
    expect(get('OP-VIOLATIONS-HANDLED')?.value).toBe(2);
  });
});

describe('computed values against what the reporter types', () => {
  const computed = [{ indicator: 'OP-ARTICLES', category: 'total' as const, value: 4, sources: [{ kind: 'activity' as const, id: 'a', title: 'x', date: '2024-01-01' }] }];

  it('fills a computed cell the reporter leaves out', () => {
    const r = applyComputedValues(computed, [], []);
    expect(r.values).toEqual([{ indicator: 'OP-ARTICLES', category: 'total', value: 4 }]);
    expect(r.errors).toEqual([]);
  });

  it('refuses a different value without a reason, saying what the records give', () => {
    const r = applyComputedValues(computed, [{ indicator: 'OP-ARTICLES', category: 'total', value: 5 }], [], 'body.values');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.path).toBe('body.values.0.value');
    expect(r.errors[0]!.message).toContain('là 4');
    expect(applyComputedValues(computed, [{ indicator: 'OP-ARTICLES', category: 'total', value: null }], []).errors).toHaveLength(1);
  });

  it('keeps a different value with a reason, and drops reasons for values that agree', () => {
    const r = applyComputedValues(computed, [{ indicator: 'OP-ARTICLES', category: 'total', value: 5 }], [{ indicator: 'OP-ARTICLES', category: 'total', reason: 'Một bài đăng báo huyện' }]);
    expect(r.errors).toEqual([]);
    expect(r.overrides).toEqual([{ indicator: 'OP-ARTICLES', category: 'total', reason: 'Một bài đăng báo huyện', computed: 4, value: 5 }]);
    const same = applyComputedValues(computed, [{ indicator: 'OP-ARTICLES', category: 'total', value: 4 }], [{ indicator: 'OP-ARTICLES', category: 'total', reason: 'x' }]);
    expect(same.overrides).toEqual([]);
  });

  it('flags stored values the records no longer give, unless a reason is stored', () => {
    expect(staleComputedIssues(computed, [{ indicator: 'OP-ARTICLES', category: 'total', value: 3 }], []).map((i) => i.path)).toEqual(['values.OP-ARTICLES.total']);
    expect(staleComputedIssues(computed, [{ indicator: 'OP-ARTICLES', category: 'total', value: 3 }], [{ indicator: 'OP-ARTICLES', category: 'total' }])).toEqual([]);
  });
});
