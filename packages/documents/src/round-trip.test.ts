// Round trip: the seed plan exported as the official .docx and imported again gives the same
// structured plan (ids of assignments and duties aside: the importer numbers them itself).
import { describe, expect, it } from 'vitest';
import type { Plan } from '@binh-dang/domain';
import { lamThaoPlan2024 } from '../../db/src/seed/lam-thao-plan-2024.ts';
import { readDocxLines } from './docx-read.ts';
import { parsePlan } from './plan-import.ts';
import { planToDocx } from './plan-docx.ts';

function withoutIds(plan: Pick<Plan, 'implementation'>) {
  return plan.implementation.assignments.map(({ id: _id, units: _units, duties, ...a }) => ({
    ...a,
    duties: duties.map(({ id: _d, ...d }) => d),
  }));
}

describe('plan → .docx → plan', () => {
  it('gives back the same structured plan, with nothing flagged', async () => {
    const lines = readDocxLines(await planToDocx(lamThaoPlan2024));
    const { draft, flags } = parsePlan(lines);
    expect(flags).toEqual([]);
    const { implementation: _a, recipients, reportToUnitId: _r, ...rest } = draft;
    const { implementation: _b, recipients: seedRecipients, reportToUnitId: _s, id: _id, issuingUnitId: _u, version: _v, provenance: _p, parentPlanId: _pp, amendsPlanId: _am, issuedAt: _i, updatedAt: _t, ...seedRest } = lamThaoPlan2024;
    expect(rest).toEqual(seedRest);
    expect(withoutIds(draft)).toEqual(withoutIds(lamThaoPlan2024));
    expect(recipients.map((r) => r.text)).toEqual(seedRecipients.map((r) => r.text));
  });

  it('survives an issued plan with a number and a full date', async () => {
    const issued: Plan = { ...lamThaoPlan2024, status: 'issued', header: { ...lamThaoPlan2024.header, number: '12', date: { year: 2024, month: 4, day: 5 } } };
    const { draft } = parsePlan(readDocxLines(await planToDocx(issued)));
    expect(draft.header).toEqual(issued.header);
  });
});
