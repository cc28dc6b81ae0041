import { describe, expect, it } from 'vitest';
import {
  caseAccess,
  caseEventInputSchema,
  caseEventIssues,
  caseIndicatorValues,
  caseIntakeIssues,
  caseIntakeSchema,
  type CaseEventFacts,
  type CaseFacts,
} from './case.ts';

const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  intakeDate: '2024-03-10',
  type: 'physical_assault',
  contexts: ['intimate_partner'],
  victimSex: 'female',
  victimAgeGroup: '26_40',
  relationship: 'spouse',
  ...over,
});
const paths = (issues: { path: string }[]) => issues.map((i) => i.path);

describe('case intake', () => {
  it('accepts a complete intake; identifying fields are optional', () => {
    const parsed = caseIntakeSchema.safeParse({ ...facts(), identifying: {} });
    expect(parsed.success).toBe(true);
    expect(parsed.data?.identifying).toEqual({ victimName: null, contact: null, address: null, perpetratorName: null, narrative: null });
    expect(caseIntakeIssues(facts(), '2024-06-01')).toEqual([]);
  });

  it('refuses an intake date in the future (Vietnam time)', () => {
    const issues = caseIntakeIssues(facts({ intakeDate: '2024-06-02' }), '2024-06-01');
    expect(paths(issues)).toEqual(['intakeDate']);
    expect(issues[0]!.message).toContain('1/6/2024');
  });

  it('refuses unknown types, contexts and an empty context list', () => {
    expect(caseIntakeSchema.safeParse({ ...facts({ type: 'other' as never }), identifying: {} }).success).toBe(false);
    expect(caseIntakeSchema.safeParse({ ...facts({ contexts: [] }), identifying: {} }).success).toBe(false);
    expect(caseIntakeSchema.safeParse({ ...facts({ contexts: ['trafficking', 'trafficking'] }), identifying: {} }).success).toBe(false);
  });

  describe('age groups that contradict the type or context', () => {
    it('early marriage: a forced marriage of a girl under 18 (a man under 20)', () => {
      const early = facts({ type: 'forced_marriage', contexts: ['early_marriage'], relationship: 'other_family' });
      expect(caseIntakeIssues({ ...early, victimAgeGroup: '12_17' }, '2024-06-01')).toEqual([]);
      expect(paths(caseIntakeIssues({ ...early, victimAgeGroup: '18_25' }, '2024-06-01'))).toEqual(['victimAgeGroup']);
      expect(caseIntakeIssues({ ...early, victimSex: 'male', victimAgeGroup: '18_25' }, '2024-06-01')).toEqual([]);
      expect(paths(caseIntakeIssues({ ...early, victimSex: 'male', victimAgeGroup: '26_40' }, '2024-06-01'))).toEqual(['victimAgeGroup']);
      expect(paths(caseIntakeIssues({ ...early, type: 'physical_assault', victimAgeGroup: '12_17' }, '2024-06-01'))).toEqual(['type']);
    });

    it('child sexual abuse: a child victim, and a sexual type', () => {
      const csa = facts({ type: 'sexual_assault', contexts: ['child_sexual_abuse'], relationship: 'acquaintance' });
      expect(caseIntakeIssues({ ...csa, victimAgeGroup: 'under_12' }, '2024-06-01')).toEqual([]);
      expect(paths(caseIntakeIssues({ ...csa, victimAgeGroup: '41_60' }, '2024-06-01'))).toEqual(['victimAgeGroup']);
      expect(paths(caseIntakeIssues({ ...csa, type: 'psychological_abuse', victimAgeGroup: '12_17' }, '2024-06-01'))).toEqual(['type']);
    });

    it('intimate-partner violence never has a victim under 12', () => {
      expect(paths(caseIntakeIssues(facts({ victimAgeGroup: 'under_12' }), '2024-06-01'))).toEqual(['victimAgeGroup']);
      expect(paths(caseIntakeIssues(facts({ contexts: ['other_family'], relationship: 'partner', victimAgeGroup: 'under_12' }), '2024-06-01'))).toEqual(['victimAgeGroup']);
      expect(caseIntakeIssues(facts({ contexts: ['other_family'], relationship: 'parent', victimAgeGroup: 'under_12' }), '2024-06-01')).toEqual([]);
    });
  });
});

describe('case events', () => {
  const open = (events: CaseEventFacts[] = []) => ({ status: 'open' as const, intakeDate: '2024-03-10', events });
  const referral = caseEventInputSchema.parse({ kind: 'step', step: 'referred', date: '2024-03-12', referredTo: 'health' });

  it('refuses a referral without consent recorded before it', () => {
    const issues = caseEventIssues(open(), referral, '2024-06-01');
    expect(paths(issues)).toEqual(['referredTo']);
    expect(issues[0]!.message).toContain('đồng ý');
  });

  it('refuses a referral the consent does not cover, or consent given after it', () => {
    const legalOnly: CaseEventFacts = { id: 'c', kind: 'consent', date: '2024-03-11', givenBy: 'victim', services: ['legal'] };
    expect(paths(caseEventIssues(open([legalOnly]), referral, '2024-06-01'))).toEqual(['referredTo']);
    const late: CaseEventFacts = { id: 'c', kind: 'consent', date: '2024-03-13', givenBy: 'victim', services: ['health'] };
    expect(paths(caseEventIssues(open([late]), referral, '2024-06-01'))).toEqual(['referredTo']);
    const ok: CaseEventFacts = { id: 'c', kind: 'consent', date: '2024-03-12', givenBy: 'guardian', services: ['health', 'legal'] };
    expect(caseEventIssues(open([ok]), referral, '2024-06-01')).toEqual([]);
  });

  it('refuses events in the future, before intake, after closure, and a referral without destination', () => {
    const support = caseEventInputSchema.parse({ kind: 'support', service: 'counselling', date: '2024-06-02' });
    expect(paths(caseEventIssues(open(), support, '2024-06-01'))).toEqual(['date']);
    expect(paths(caseEventIssues(open(), { ...support, date: '2024-03-01' }, '2024-06-01'))).toEqual(['date']);
    expect(paths(caseEventIssues({ ...open(), status: 'closed' }, { ...support, date: '2024-04-01' }, '2024-06-01'))).toEqual(['kind']);
    const noWhere = caseEventInputSchema.parse({ kind: 'step', step: 'referred', date: '2024-03-12' });
    expect(paths(caseEventIssues(open(), noWhere, '2024-06-01'))).toEqual(['referredTo']);
  });

  it('closes on or after the last event; the next follow-up may be in the future', () => {
    const followUp = caseEventInputSchema.parse({ kind: 'follow_up', date: '2024-04-01', nextOn: '2024-07-01' });
    expect(caseEventIssues(open(), followUp, '2024-06-01')).toEqual([]);
    const closure = caseEventInputSchema.parse({ kind: 'closure', date: '2024-03-20', reason: 'resolved' });
    const events: CaseEventFacts[] = [{ id: 'f', kind: 'follow_up', date: '2024-04-01', nextOn: null }];
    expect(paths(caseEventIssues(open(events), closure, '2024-06-01'))).toEqual(['date']);
  });
});

describe('who sees identifying fields', () => {
  const commune = '/tinh/huyen/xa-a/';
  it('only a case worker of exactly the unit', () => {
    expect(caseAccess([{ role: 'case_worker', path: commune }], commune)).toBe('identifying');
    expect(caseAccess([{ role: 'case_worker', path: '/tinh/huyen/' }], commune)).toBe('non-identifying');
    expect(caseAccess([{ role: 'coordinator', path: '/tinh/huyen/' }], commune)).toBe('non-identifying');
    expect(caseAccess([{ role: 'province_admin', path: '/tinh/' }], commune)).toBe('non-identifying');
    expect(caseAccess([{ role: 'case_worker', path: '/tinh/huyen/xa-b/' }], commune)).toBe('none');
    expect(caseAccess([{ role: 'reporter', path: commune }], commune)).toBe('none');
    expect(caseAccess([{ role: 'viewer', path: '/tinh/' }], commune)).toBe('none');
    expect(caseAccess(null, commune)).toBe('none');
  });
});

describe('GBV indicators from the register', () => {
  const window = { from: '2023-12-15', to: '2024-12-14' };
  it('counts cases, victims by sex and victims reaching at least one support service', () => {
    const values = caseIndicatorValues(
      [
        { id: 'a', intakeDate: '2024-03-10', victimSex: 'female', contexts: ['intimate_partner'], firstSupportDate: '2024-03-11' },
        { id: 'b', intakeDate: '2024-05-10', victimSex: 'female', contexts: ['trafficking'], firstSupportDate: null },
        { id: 'c', intakeDate: '2024-06-10', victimSex: 'male', contexts: ['other_family'], firstSupportDate: '2024-12-20' },
        { id: 'old', intakeDate: '2023-12-01', victimSex: 'female', contexts: ['community'], firstSupportDate: '2023-12-02' },
      ],
      window,
    );
    const get = (code: string, category = 'total') => values.find((v) => v.indicator === code && v.category === category)?.value;
    expect(get('OP-GBV-CASES-DETECTED')).toBe(3);
    expect([get('OP-GBV-VICTIMS-DETECTED'), get('OP-GBV-VICTIMS-DETECTED', 'female'), get('OP-GBV-VICTIMS-DETECTED', 'male')]).toEqual([3, 2, 1]);
    // Support after the window's end does not count for it.
    expect([get('OP-GBV-VICTIMS-SUPPORTED'), get('OP-GBV-VICTIMS-SUPPORTED', 'female'), get('OP-GBV-VICTIMS-SUPPORTED', 'male')]).toEqual([1, 1, 0]);
    expect(get('OP-TRAFFICKING-CASES')).toBe(1);
    const sources = values.flatMap((v) => v.sources);
    expect(sources.every((s) => s.kind === 'case' && Object.keys(s).sort().join() === 'date,id,kind,title')).toBe(true);
  });

  it('says nothing when no case was taken in during the window', () => {
    expect(caseIndicatorValues([{ id: 'old', intakeDate: '2023-01-01', victimSex: 'female', contexts: ['community'], firstSupportDate: null }], window)).toEqual([]);
  });
});
