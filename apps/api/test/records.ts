// Records the API tests need in many suites (the permission matrix, generated bad input,
// concurrency): valid request bodies, and rows written straight into the database — an activity,
// a budget allocation, a case with its identifying fields sealed as the API seals them.
import { schema, type Db } from '@binh-dang/db';
import { caseAad, createCaseCipher, parseCaseKeys } from '@binh-dang/domain';
import { TEST_CASE_KEYS } from './test-app.ts';

/** A valid body of POST /api/v1/org-units/{unitId}/activities. */
export const ACTIVITY = { kind: 'communication', date: '2024-03-01', title: 'Bài tuyên truyền', details: { form: 'article' } } as const;

/** A valid body of POST /api/v1/org-units/{unitId}/cases. */
export const CASE_INTAKE = {
  intakeDate: '2024-03-10',
  type: 'physical_assault',
  contexts: ['intimate_partner'],
  victimSex: 'female',
  victimAgeGroup: '26_40',
  relationship: 'spouse',
  identifying: { victimName: 'Nạn nhân thử' },
} as const;

interface Place {
  id: string;
  orgUnitId: string;
  orgUnitPath: string;
  createdBy: string;
}

/** An activity of a unit, straight into the database. */
export async function insertActivity(db: Db, at: Place): Promise<string> {
  await db.insert(schema.activities).values({
    ...at,
    kind: 'communication',
    date: ACTIVITY.date,
    title: ACTIVITY.title,
    details: { form: 'article', items: 1, airtimeMinutes: null, audienceFemale: null, audienceMale: null },
  });
  return at.id;
}

/** A budget allocation of 10,000,000 VND to a unit under a plan. */
export async function insertAllocation(db: Db, at: Place & { planId: string }): Promise<string> {
  await db.insert(schema.budgetAllocations).values({ ...at, amount: 10_000_000, allocatedOn: '2024-03-01' });
  return at.id;
}

const caseCipher = createCaseCipher(parseCaseKeys(TEST_CASE_KEYS));

/** A case in a unit's register (CASE_INTAKE), its identifying fields sealed with the test keys. */
export async function insertSealedCase(db: Db, at: Place): Promise<string> {
  const sealed = await caseCipher.sealJson({ ...CASE_INTAKE.identifying, contact: null, address: null, perpetratorName: null, narrative: null }, caseAad(at.id));
  const { identifying: _identifying, ...facts } = CASE_INTAKE;
  await db.insert(schema.cases).values({ ...at, ...facts, contexts: [...facts.contexts], keyVersion: sealed.keyVersion, identifying: sealed.ciphertext });
  return at.id;
}
