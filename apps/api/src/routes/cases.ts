// The confidential case register of a commune: intake, handling steps, support, consent before any
// referral, follow-up and closure. Identifying fields (names, contacts, addresses, narratives,
// notes) are sealed with AES-GCM before they reach the database and opened only for the roles of
// CASE_IDENTIFYING_POLICY at exactly the case's unit; everyone else gets responses whose schema has
// no identifying key at all. Every read (list, detail, export) and every refusal is audited.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  addCaseEventStatements,
  caseEventRows,
  eventFactsOf,
  getCaseSummary,
  getOrgUnit,
  isStaleWrite,
  insertCaseStatement,
  listCases,
  updateCaseStatements,
  type CaseEventRow,
  type CaseRow,
  type CaseSummary,
} from '@binh-dang/db';
import {
  ageGroups,
  caseAad,
  caseContextLabels,
  caseContexts,
  caseEventAad,
  caseEventInputSchema,
  caseEventIssues,
  caseEventKinds,
  caseIdentifyingSchema,
  caseIntakeIssues,
  caseIntakeSchema,
  caseStatuses,
  caseSteps,
  caseTypeLabels,
  caseTypes,
  closureReasons,
  ageGroupLabels,
  newId,
  perpetratorRelationships,
  referralTargets,
  relationshipLabels,
  supportServices,
  todayInVietnam,
  victimSexLabels,
  victimSexes,
  type CaseFacts,
  type CaseIdentifying,
  type CaseEventFacts,
} from '@binh-dang/domain';
import type { AppEnv, Viewer } from '../env.ts';
import { recordAudit } from '../lib/audit.ts';
import { refuseInvalid } from '../lib/audit-refusal.ts';
import { authorizeCaseUnit, authorizeIntake, caseCipher, caseInReach, unreadable } from '../lib/case-access.ts';
import { createRouter } from '../lib/factory.ts';
import { ProblemError, problem, type FieldError } from '../lib/problem.ts';
import { defineRoute } from '../lib/route.ts';
import { badRequest, dateParam, denied, idParam, notFound, problemContent } from './schemas.ts';

// ---------------------------------------------------------------------------------------------
// Schemas. `caseOut` and `caseEventOut` are what anyone with cases.read may receive; identifying
// fields travel only inside `identifying`, present for the policy's roles and absent otherwise.

export const caseOut = z
  .object({
    id: z.string(),
    orgUnitId: z.string(),
    orgUnitName: z.string(),
    intakeDate: z.string(),
    type: z.enum(caseTypes),
    contexts: z.array(z.enum(caseContexts)),
    victimSex: z.enum(victimSexes),
    victimAgeGroup: z.enum(ageGroups),
    relationship: z.enum(perpetratorRelationships),
    status: z.enum(caseStatuses),
    closedOn: z.string().nullable(),
    /** Handling steps recorded so far. */
    steps: z.array(z.enum(caseSteps)),
    supportCount: z.number().int(),
    consentCount: z.number().int(),
    nextFollowUp: z.string().nullable(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .strict()
  .openapi('Case');

export const caseEventOut = z
  .object({
    id: z.string(),
    kind: z.enum(caseEventKinds),
    date: z.string(),
    step: z.enum(caseSteps).optional(),
    referredTo: z.enum(referralTargets).nullable().optional(),
    service: z.enum(supportServices).optional(),
    givenBy: z.enum(['victim', 'guardian']).optional(),
    services: z.array(z.enum(referralTargets)).optional(),
    nextOn: z.string().nullable().optional(),
    reason: z.enum(closureReasons).optional(),
    hasNote: z.boolean(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .strict()
  .openapi('CaseEvent');

const identifyingOut = caseIdentifyingSchema
  .extend({ notes: z.array(z.object({ eventId: z.string(), note: z.string() })) })
  .meta({ id: 'CaseIdentifying', description: 'Only for the case workers of the case’s own unit (CASE_IDENTIFYING_POLICY).' });

const caseDetailOut = z
  .object({
    access: z.enum(['identifying', 'non-identifying']),
    case: caseOut,
    events: z.array(caseEventOut),
    identifying: identifyingOut.optional(),
  })
  .openapi('CaseDetail');

const detailResponse = (description: string) => ({ description, content: { 'application/json': { schema: caseDetailOut } } });
const conflict = { description: 'Stale version, or the case is closed (problem+json with `current`)', content: problemContent };
const unavailable = { description: 'CASE_DATA_KEYS is not configured (problem+json)', content: problemContent };

function toCaseOut(s: CaseSummary): z.infer<typeof caseOut> {
  return {
    id: s.id,
    orgUnitId: s.orgUnitId,
    orgUnitName: s.orgUnitName,
    intakeDate: s.intakeDate,
    type: s.type as z.infer<typeof caseOut>['type'],
    contexts: s.contexts as z.infer<typeof caseOut>['contexts'],
    victimSex: s.victimSex,
    victimAgeGroup: s.victimAgeGroup as z.infer<typeof caseOut>['victimAgeGroup'],
    relationship: s.relationship as z.infer<typeof caseOut>['relationship'],
    status: s.status,
    closedOn: s.closedOn,
    steps: s.steps as z.infer<typeof caseOut>['steps'],
    supportCount: s.supportCount,
    consentCount: s.consentCount,
    nextFollowUp: s.nextFollowUp,
    version: s.version,
    updatedAt: s.updatedAt,
  };
}

function toEventOut(row: CaseEventRow): z.infer<typeof caseEventOut> {
  const { id: _id, kind: _kind, date: _date, ...facts } = eventFactsOf(row) as CaseEventFacts & Record<string, unknown>;
  return { id: row.id, kind: row.kind, date: row.date, ...facts, hasNote: row.note !== null, createdBy: row.createdBy, createdAt: row.createdAt } as z.infer<typeof caseEventOut>;
}

const factsOf = (row: CaseRow): CaseFacts =>
  ({
    intakeDate: row.intakeDate,
    type: row.type,
    contexts: row.contexts,
    victimSex: row.victimSex,
    victimAgeGroup: row.victimAgeGroup,
    relationship: row.relationship,
  }) as CaseFacts;

/** The non-identifying part of an intake: what audit events and logs may hold. */
function auditFacts(facts: CaseFacts) {
  const { intakeDate, type, contexts, victimSex, victimAgeGroup, relationship } = facts;
  return { intakeDate, type, contexts, victimSex, victimAgeGroup, relationship };
}

/**
 * The case as the caller may see it. With identifying access the sealed fields are opened; the
 * response for anyone else is built without them, so no identifying key exists in its JSON.
 */
async function detailOf(c: Context<AppEnv>, row: CaseRow, access: 'identifying' | 'non-identifying'): Promise<z.infer<typeof caseDetailOut>> {
  const db = c.var.deps.db;
  const [summary, events] = await Promise.all([getCaseSummary(db, row.id), caseEventRows(db, row.id)]);
  const body = { access, case: toCaseOut(summary!), events: events.map(toEventOut) };
  if (access !== 'identifying') return body;
  const cipher = caseCipher(c);
  try {
    const identifying = await cipher.openJson<CaseIdentifying>({ keyVersion: row.keyVersion, ciphertext: row.identifying }, caseAad(row.id));
    const notes = [];
    for (const e of events)
      if (e.note !== null && e.keyVersion !== null)
        notes.push({ eventId: e.id, note: await cipher.open({ keyVersion: e.keyVersion, ciphertext: e.note }, caseEventAad(row.id, e.id)) });
    return { ...body, identifying: { ...caseIdentifyingSchema.parse(identifying), notes } };
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    throw unreadable();
  }
}

const prefixed = (prefix: string, issues: readonly { path: string; message: string }[]): FieldError[] => issues.map((i) => ({ path: `${prefix}.${i.path}`, message: i.message }));

async function staleCase(c: Context<AppEnv>, row: CaseRow) {
  const current = await getCaseSummary(c.var.deps.db, row.id);
  return new ProblemError({
    ...problem('conflict', {
      detail: current?.status === 'closed' ? 'Hồ sơ đã đóng (The case is closed)' : `Hồ sơ đã được người khác cập nhật (phiên bản ${current?.version}) (Someone updated the case first)`,
    }),
    current: current ? toCaseOut(current) : null,
  } as never);
}

const listQuery = z.object({
  from: dateParam.optional(),
  to: dateParam.optional(),
  status: z.enum(caseStatuses).optional(),
});

const versionField = z.number().int().min(1);

function csvCell(value: string): string {
  // Spreadsheet formula injection: a leading =, +, -, @ is neutralised.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

async function auditRead(c: Context<AppEnv>, viewer: Viewer, unit: { id: string; path: string }, action: string, entityId: string | null, after: unknown) {
  await recordAudit(c, { action, entityType: 'case', entityId, orgUnitId: unit.id, orgUnitPath: unit.path, actorUserId: viewer.userId, actorLabel: viewer.email, after });
}

export const caseRoutes = createRouter()
  .openapi(
    defineRoute('cases.read', {
      method: 'get',
      path: '/api/v1/org-units/{unitId}/cases',
      tags: ['cases'],
      summary: 'Cases of a unit and the units below it: non-identifying fields only, newest first (audited)',
      request: { params: z.object({ unitId: idParam }), query: listQuery },
      responses: {
        200: { description: 'Cases', content: { 'application/json': { schema: z.object({ items: z.array(caseOut) }) } } },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
        503: unavailable,
      },
    }),
    async (c) => {
      caseCipher(c);
      const unitId = c.req.valid('param').unitId;
      const known = await getOrgUnit(c.var.deps.db, unitId);
      const { viewer, unit } = await authorizeCaseUnit(c, unitId, 'list', null, known?.path ?? null);
      const items = await listCases(c.var.deps.db, unit.path, c.req.valid('query'));
      await auditRead(c, viewer, unit, 'case.list', null, { count: items.length, ids: items.map((i) => i.id) });
      return c.json({ items: items.map(toCaseOut) }, 200);
    },
  )
  .openapi(
    defineRoute('cases.read', {
      method: 'get',
      path: '/api/v1/org-units/{unitId}/cases.csv',
      tags: ['cases'],
      summary: 'Export of the cases of a unit and its units (CSV): never an identifying field (audited)',
      request: { params: z.object({ unitId: idParam }), query: listQuery },
      responses: {
        200: { description: 'CSV (UTF-8 with BOM)', content: { 'text/csv': { schema: z.string() } } },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
        503: unavailable,
      },
    }),
    async (c) => {
      caseCipher(c);
      const unitId = c.req.valid('param').unitId;
      const known = await getOrgUnit(c.var.deps.db, unitId);
      const { viewer, unit } = await authorizeCaseUnit(c, unitId, 'export', null, known?.path ?? null);
      const items = await listCases(c.var.deps.db, unit.path, c.req.valid('query'));
      await auditRead(c, viewer, unit, 'case.export', null, { count: items.length, ids: items.map((i) => i.id) });
      const header = ['ma_ho_so', 'don_vi', 'ngay_tiep_nhan', 'loai', 'boi_canh', 'gioi_tinh', 'nhom_tuoi', 'quan_he', 'trang_thai', 'ngay_dong', 'cac_buoc', 'so_lan_ho_tro'];
      const lines = items.map((i) =>
        [
          i.id,
          i.orgUnitName,
          i.intakeDate,
          caseTypeLabels[i.type as keyof typeof caseTypeLabels]?.vi ?? i.type,
          i.contexts.map((x) => caseContextLabels[x as keyof typeof caseContextLabels]?.vi ?? x).join('; '),
          victimSexLabels[i.victimSex].vi,
          ageGroupLabels[i.victimAgeGroup as keyof typeof ageGroupLabels]?.vi ?? i.victimAgeGroup,
          relationshipLabels[i.relationship as keyof typeof relationshipLabels]?.vi ?? i.relationship,
          i.status,
          i.closedOn ?? '',
          i.steps.join('; '),
          String(i.supportCount),
        ]
          .map(csvCell)
          .join(','),
      );
      return c.body(`\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="vu-viec-${unit.id}.csv"`,
        'cache-control': 'private, no-store',
      });
    },
  )
  .openapi(
    defineRoute('cases.manage', {
      method: 'post',
      path: '/api/v1/org-units/{unitId}/cases',
      tags: ['cases'],
      summary: "Record a case (intake) in the unit's register: only a case worker of exactly that unit",
      request: { params: z.object({ unitId: idParam }), body: { required: true, content: { 'application/json': { schema: caseIntakeSchema } } } },
      responses: { 201: detailResponse('The case, with its identifying fields'), 400: badRequest, 401: denied, 403: denied, 404: notFound, 503: unavailable },
    }),
    async (c) => {
      const cipher = caseCipher(c);
      const unitId = c.req.valid('param').unitId;
      const { db, now } = c.var.deps;
      const known = await getOrgUnit(db, unitId);
      const { viewer, unit } = await authorizeIntake(c, unitId, known?.path ?? null);
      const { identifying, ...facts } = c.req.valid('json');
      const issues = caseIntakeIssues(facts, todayInVietnam(now()));
      if (issues.length) await refuseInvalid(c, { action: 'case.refused', entityType: 'case', entityId: null, unit, viewer, operation: 'create', errors: prefixed('body', issues) });
      const id = newId(now());
      const sealed = await cipher.sealJson(identifying, caseAad(id));
      await recordAudit(
        c,
        { action: 'case.create', entityType: 'case', entityId: id, orgUnitId: unit.id, orgUnitPath: unit.path, actorUserId: viewer.userId, actorLabel: viewer.email, after: { ...auditFacts(facts), keyVersion: sealed.keyVersion } },
        [insertCaseStatement(db, { id, orgUnitId: unit.id, orgUnitPath: unit.path, facts, sealed, createdBy: viewer.email, at: now().toISOString() })],
      );
      const row = { id, orgUnitId: unit.id, orgUnitPath: unit.path, keyVersion: sealed.keyVersion, identifying: sealed.ciphertext } as CaseRow;
      return c.json(await detailOf(c, row, 'identifying'), 201);
    },
  )
  .openapi(
    defineRoute('cases.read', {
      method: 'get',
      path: '/api/v1/cases/{id}',
      tags: ['cases'],
      summary: 'One case with its events; identifying fields only for the case workers of its own unit. Every read is audited',
      request: { params: z.object({ id: idParam }) },
      responses: { 200: detailResponse('The case'), 400: badRequest, 401: denied, 403: denied, 404: notFound, 503: unavailable },
    }),
    async (c) => {
      caseCipher(c);
      const id = c.req.valid('param').id;
      const { row, viewer, unit, access } = await caseInReach(c, id, 'read', false);
      // The read is on the record before anything of the case is sent.
      await auditRead(c, viewer, unit, 'case.read', row.id, { access });
      return c.json(await detailOf(c, row, access), 200);
    },
  )
  .openapi(
    defineRoute('cases.manage', {
      method: 'put',
      path: '/api/v1/cases/{id}',
      tags: ['cases'],
      summary: 'Correct the intake (every field, identifying ones included); `version` must be the one you saw (else 409)',
      request: {
        params: z.object({ id: idParam }),
        body: { required: true, content: { 'application/json': { schema: caseIntakeSchema.extend({ version: versionField }).strict() } } },
      },
      responses: { 200: detailResponse('The case'), 400: badRequest, 401: denied, 403: denied, 404: notFound, 409: conflict, 503: unavailable },
    }),
    async (c) => {
      const cipher = caseCipher(c);
      const id = c.req.valid('param').id;
      const { db, now } = c.var.deps;
      const { row, viewer, unit } = await caseInReach(c, id, 'write', true);
      const { version, identifying, ...facts } = c.req.valid('json');
      if (version !== row.version || row.status === 'closed') throw await staleCase(c, row);
      const issues = caseIntakeIssues(facts, todayInVietnam(now()));
      const events = (await caseEventRows(db, id)).map(eventFactsOf);
      const first = events.reduce<string | null>((m, e) => (m === null || e.date < m ? e.date : m), null);
      if (first !== null && facts.intakeDate > first)
        issues.push({ path: 'intakeDate', message: `Ngày tiếp nhận không được sau bước đầu tiên (${first}) (Intake cannot be after the first event)` });
      if (issues.length) await refuseInvalid(c, { action: 'case.refused', entityType: 'case', entityId: id, unit, viewer, operation: 'write', errors: prefixed('body', issues) });
      const sealed = await cipher.sealJson(identifying, caseAad(id));
      try {
        await recordAudit(
          c,
          {
            action: 'case.update',
            entityType: 'case',
            entityId: id,
            orgUnitId: unit.id,
            orgUnitPath: unit.path,
            actorUserId: viewer.userId,
            actorLabel: viewer.email,
            before: auditFacts(factsOf(row)),
            after: { ...auditFacts(facts), identifyingChanged: true },
          },
          updateCaseStatements(db, { id, expectedVersion: version, facts, sealed, at: now().toISOString() }),
        );
      } catch (error) {
        if (isStaleWrite(error)) throw await staleCase(c, row);
        throw error;
      }
      return c.json(await detailOf(c, { ...row, keyVersion: sealed.keyVersion, identifying: sealed.ciphertext }, 'identifying'), 200);
    },
  )
  .openapi(
    defineRoute('cases.manage', {
      method: 'post',
      path: '/api/v1/cases/{id}/events',
      tags: ['cases'],
      summary: 'Record a handling step, support, consent, follow-up or the closure; a referral needs consent recorded first',
      request: {
        params: z.object({ id: idParam }),
        body: { required: true, content: { 'application/json': { schema: z.object({ version: versionField, event: caseEventInputSchema }).strict() } } },
      },
      responses: { 201: detailResponse('The case with the new event'), 400: badRequest, 401: denied, 403: denied, 404: notFound, 409: conflict, 503: unavailable },
    }),
    async (c) => {
      const cipher = caseCipher(c);
      const id = c.req.valid('param').id;
      const { db, now } = c.var.deps;
      const { row, viewer, unit } = await caseInReach(c, id, 'write', true);
      const { version, event } = c.req.valid('json');
      if (version !== row.version) throw await staleCase(c, row);
      const { note, ...facts } = event;
      const existing = (await caseEventRows(db, id)).map(eventFactsOf);
      const issues = caseEventIssues({ status: row.status, intakeDate: row.intakeDate, events: existing }, facts, todayInVietnam(now()));
      if (issues.length)
        await refuseInvalid(c, {
          action: 'case.refused',
          entityType: 'case',
          entityId: id,
          unit,
          viewer,
          operation: `event.${event.kind}`,
          errors: prefixed('body.event', issues),
          detail:
            facts.kind === 'step' && facts.step === 'referred'
              ? 'Không thể chuyển tuyến khi chưa ghi nhận sự đồng ý; chưa có gì được ghi (No referral without recorded consent; nothing was saved)'
              : undefined,
        });
      const eventId = newId(now());
      const sealedNote = note ? await cipher.seal(note, caseEventAad(id, eventId)) : null;
      try {
        await recordAudit(
          c,
          {
            action: event.kind === 'closure' ? 'case.close' : 'case.event_add',
            entityType: 'case',
            entityId: id,
            orgUnitId: unit.id,
            orgUnitPath: unit.path,
            actorUserId: viewer.userId,
            actorLabel: viewer.email,
            after: { eventId, ...facts, note: sealedNote ? 'sealed' : null },
          },
          addCaseEventStatements(db, { caseId: id, expectedVersion: version, event: { ...facts, id: eventId } as CaseEventFacts, note: sealedNote, createdBy: viewer.email, at: now().toISOString() }),
        );
      } catch (error) {
        if (isStaleWrite(error)) throw await staleCase(c, row);
        throw error;
      }
      return c.json(await detailOf(c, row, 'identifying'), 201);
    },
  );
