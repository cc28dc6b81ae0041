import { describe, expect, it } from 'vitest';
import { readEventForm, readIntakeForm } from './case-form';
import { eventLine } from './case-format';

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
};

const intake: [string, string][] = [
  ['intakeDate', '2024-03-10'],
  ['type', 'physical_assault'],
  ['contexts', 'intimate_partner'],
  ['victimSex', 'female'],
  ['victimAgeGroup', '26_40'],
  ['relationship', 'spouse'],
  ['identifying.victimName', 'Lê Thị A'],
];

describe('case forms', () => {
  it('reads an intake with its identifying fields', () => {
    const r = readIntakeForm(form(intake), '2024-06-01');
    expect(r.errors).toEqual({});
    expect(r.input).toMatchObject({ contexts: ['intimate_partner'], identifying: { victimName: 'Lê Thị A', contact: null } });
  });

  it('refuses a future date and an age that contradicts the context, keeping what was typed', () => {
    const r = readIntakeForm(
      form([...intake.filter(([k]) => !['intakeDate', 'contexts', 'type'].includes(k)), ['intakeDate', '2024-06-05'], ['contexts', 'early_marriage'], ['type', 'forced_marriage']]),
      '2024-06-01',
    );
    expect(r.input).toBeNull();
    expect(Object.keys(r.errors).sort()).toEqual(['intakeDate', 'victimAgeGroup']);
    expect(r.typed['identifying.victimName']).toBe('Lê Thị A');
  });

  it('refuses a referral without consent before it', () => {
    const state = { status: 'open' as const, intakeDate: '2024-03-10', events: [] };
    const r = readEventForm(form([['kind', 'step'], ['step', 'referred'], ['date', '2024-03-11'], ['referredTo', 'health']]), state, '2024-06-01');
    expect(Object.keys(r.errors)).toEqual(['referredTo']);
    const ok = readEventForm(
      form([['kind', 'step'], ['step', 'referred'], ['date', '2024-03-11'], ['referredTo', 'health']]),
      { ...state, events: [{ id: 'c', kind: 'consent', date: '2024-03-10', givenBy: 'victim', services: ['health'] }] },
      '2024-06-01',
    );
    expect(ok.input).toMatchObject({ kind: 'step', referredTo: 'health' });
  });

  it('describes events in one line', () => {
    expect(eventLine({ kind: 'step', date: '2024-03-11', step: 'referred', referredTo: 'health' })).toBe('Đã chuyển tuyến tới Y tế');
    expect(eventLine({ kind: 'consent', date: '2024-03-11', givenBy: 'victim', services: ['health', 'legal'] })).toBe('Nạn nhân đồng ý chuyển tới: Y tế, Pháp lý, trợ giúp pháp lý');
  });
});
