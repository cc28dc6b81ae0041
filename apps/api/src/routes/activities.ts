// Activities of a unit — communication, training, prevention models and clubs, inspections —
// linked to the plan duty they serve, with evidence files as for duties. The operational
// indicators of the unit's reports are counted from them. Refused input is audited.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  getActivity,
  getActivityEvidence,
  insertActivityEvidenceStatement,
  insertActivityStatement,
  isStaleWrite,
  listActivities,
  listActivityEvidence,
  schema,
  updateActivityStatements,
  type ActivityEvidenceRow,
  type ActivityView,
} from '@binh-dang/db';
import { activityInputSchema, activityIssues, activityKinds, isInActionMonth, newId, todayInVietnam, type ActivityInput } from '@binh-dang/domain';
import { and, eq } from 'drizzle-orm';
import type { AppEnv, Viewer } from '../env.ts';
import { authorizeUnit } from '../lib/access.ts';
import { recordAudit } from '../lib/audit.ts';
import { refuseInvalid } from '../lib/audit-refusal.ts';
import { createRouter } from '../lib/factory.ts';
import { ProblemError, notFoundError, problem, type FieldError } from '../lib/problem.ts';
import { defineRoute } from '../lib/route.ts';
import { evidenceOut, evidenceUpload, receiveEvidence, toEvidenceOut } from '../lib/evidence.ts';
import { storeThenRecord } from '../storage.ts';
import { badRequest, dateParam, denied, idParam, notFound, problemContent } from './schemas.ts';

const activityOut = z
  .object({
    id: z.string(),
    kind: z.enum(activityKinds),
    date: z.string(),
    title: z.string(),
    dutyTrackingId: z.string().nullable(),
    dutyText: z.string().nullable(),
    description: z.string().nullable(),
    actionMonth: z.boolean(),
    /** The kind's own fields (see the request schema). */
    details: z.record(z.string(), z.unknown()),
    orgUnitId: z.string(),
    orgUnitName: z.string(),
    createdBy: z.string(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('Activity');


function toOut(a: ActivityView): z.infer<typeof activityOut> {
  return {
    id: a.id,
    kind: a.kind,
    date: a.date,
    title: a.title,
    dutyTrackingId: a.dutyTrackingId,
    dutyText: a.dutyText,
    description: a.description,
    actionMonth: a.actionMonth,
    details: a.details as Record<string, unknown>,
    orgUnitId: a.orgUnitId,
    orgUnitName: a.orgUnitName,
    createdBy: a.createdBy,
    version: a.version,
    updatedAt: a.updatedAt,
  };
}


const activityResponse = (description: string) => ({ description, content: { 'application/json': { schema: z.object({ activity: activityOut }) } } });

/** The activity `id` if the route's permission reaches its unit; unknown and out of reach alike answer 404. */
async function activityInReach(c: Context<AppEnv>, id: string) {
  const activity = await getActivity(c.var.deps.db, id);
  if (!activity) throw notFoundError('Không tìm thấy hoạt động (No such activity)', [{ path: 'params.id', message: 'Không tìm thấy (Not found)' }]);
  const { viewer, unit } = await authorizeUnit(c, activity.orgUnitId, 'params.id');
  return { activity, viewer, unit };
}

/** Domain rules, plus: the duty it serves is one of this unit's tracked duties. */
async function checkActivity(c: Context<AppEnv>, input: ActivityInput, unitId: string, prefix: string): Promise<FieldError[]> {
  const errors = activityIssues(input, todayInVietnam(c.var.deps.now())).map((i) => ({ path: `${prefix}.${i.path}`, message: i.message }));
  if (input.dutyTrackingId !== null) {
    const t = schema.dutyTrackings;
    const [duty] = await c.var.deps.db
      .select({ id: t.id })
      .from(t)
      .where(and(eq(t.id, input.dutyTrackingId), eq(t.orgUnitId, unitId)))
      .limit(1);
    if (!duty) errors.push({ path: `${prefix}.dutyTrackingId`, message: 'Nhiệm vụ không được giao cho đơn vị này (Not a duty of this unit)' });
  }
  return errors;
}

const refusal = (viewer: Viewer, unit: { id: string; path: string }, entityId: string | null, operation: string, errors: FieldError[]) => ({
  action: 'activity.refused',
  entityType: 'activity',
  entityId,
  unit,
  viewer,
  operation,
  errors,
});

const auditView = (input: ActivityInput, actionMonth: boolean) => ({ kind: input.kind, date: input.date, title: input.title, dutyTrackingId: input.dutyTrackingId, actionMonth, details: input.details });

export const activityRoutes = createRouter()
  .openapi(
    defineRoute('activities.read', {
      method: 'get',
      path: '/api/v1/org-units/{unitId}/activities',
      tags: ['activities'],
      summary: 'Activities of a unit and the units below it, newest first; optionally within dates, of one kind or for one duty',
      request: {
        params: z.object({ unitId: idParam }),
        query: z.object({ from: dateParam.optional(), to: dateParam.optional(), kind: z.enum(activityKinds).optional(), dutyTrackingId: idParam.optional() }),
      },
      responses: {
        200: { description: 'Activities', content: { 'application/json': { schema: z.object({ items: z.array(activityOut) }) } } },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
      },
    }),
    async (c) => {
      const { unit } = await authorizeUnit(c, c.req.valid('param').unitId);
      const items = await listActivities(c.var.deps.db, unit.path, c.req.valid('query'));
      return c.json({ items: items.map(toOut) }, 200);
    },
  )
  .openapi(
    defineRoute('activities.manage', {
      method: 'post',
      path: '/api/v1/org-units/{unitId}/activities',
      tags: ['activities'],
      summary: 'Record an activity of the unit (communication, training, prevention model, inspection)',
      request: { params: z.object({ unitId: idParam }), body: { required: true, content: { 'application/json': { schema: activityInputSchema } } } },
      responses: { 201: activityResponse('The recorded activity'), 400: badRequest, 401: denied, 403: denied, 404: notFound },
    }),
    async (c) => {
      const { viewer, unit } = await authorizeUnit(c, c.req.valid('param').unitId);
      const { db, now } = c.var.deps;
      const input = c.req.valid('json');
      const errors = await checkActivity(c, input, unit.id, 'body');
      if (errors.length) await refuseInvalid(c, refusal(viewer, unit, null, 'create', errors));
      const id = newId(now());
      const actionMonth = input.actionMonth ?? isInActionMonth(input.date);
      await recordAudit(
        c,
        { action: 'activity.create', entityType: 'activity', entityId: id, orgUnitId: unit.id, orgUnitPath: unit.path, actorUserId: viewer.userId, actorLabel: viewer.email, after: auditView(input, actionMonth) },
        [insertActivityStatement(db, { id, orgUnitId: unit.id, orgUnitPath: unit.path, input, actionMonth, createdBy: viewer.email, at: now().toISOString() })],
      );
      return c.json({ activity: toOut((await getActivity(db, id))!) }, 201);
    },
  )
  .openapi(
    defineRoute('activities.read', {
      method: 'get',
      path: '/api/v1/activities/{id}',
      tags: ['activities'],
      summary: 'One activity',
      request: { params: z.object({ id: idParam }) },
      responses: { 200: activityResponse('The activity'), 400: badRequest, 401: denied, 403: denied, 404: notFound },
    }),
    async (c) => {
      const { activity } = await activityInReach(c, c.req.valid('param').id);
      return c.json({ activity: toOut(activity) }, 200);
    },
  )
  .openapi(
    defineRoute('activities.manage', {
      method: 'put',
      path: '/api/v1/activities/{id}',
      tags: ['activities'],
      summary: 'Correct an activity; `version` must be the one you saw (else 409)',
      request: {
        params: z.object({ id: idParam }),
        body: { required: true, content: { 'application/json': { schema: z.object({ version: z.number().int().min(1), activity: activityInputSchema }).strict() } } },
      },
      responses: {
        200: activityResponse('The activity'),
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
        409: { description: 'Someone changed it first (problem+json with `current`)', content: problemContent },
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const { db, now } = c.var.deps;
      const { activity: before, viewer, unit } = await activityInReach(c, id);
      const { version, activity: input } = c.req.valid('json');
      const stale = async () =>
        new ProblemError({
          ...problem('conflict', { detail: 'Hoạt động đã được người khác sửa (Someone changed the activity first)' }),
          current: toOut((await getActivity(db, id))!),
        } as never);
      if (version !== before.version) throw await stale();
      const errors = await checkActivity(c, input, unit.id, 'body.activity');
      if (errors.length) await refuseInvalid(c, refusal(viewer, unit, id, 'update', errors));
      const actionMonth = input.actionMonth ?? isInActionMonth(input.date);
      try {
        await recordAudit(
          c,
          {
            action: 'activity.update',
            entityType: 'activity',
            entityId: id,
            orgUnitId: unit.id,
            orgUnitPath: unit.path,
            actorUserId: viewer.userId,
            actorLabel: viewer.email,
            before: auditView(before, before.actionMonth),
            after: auditView(input, actionMonth),
          },
          updateActivityStatements(db, { id, expectedVersion: version, input, actionMonth, at: now().toISOString() }),
        );
      } catch (error) {
        if (isStaleWrite(error)) throw await stale();
        throw error;
      }
      return c.json({ activity: toOut((await getActivity(db, id))!) }, 200);
    },
  )
  .openapi(
    defineRoute('activities.manage', {
      method: 'post',
      path: '/api/v1/activities/{id}/evidence',
      tags: ['activities'],
      summary: 'Attach an evidence file (PDF, image, .docx, .xlsx; ≤ 10 MB; checked by content) to an activity',
      // Size limit and declared types: lib/uploads.ts (UPLOADS.activityEvidence), enforced by the guard.
      ...evidenceUpload,
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const { storage, db } = c.var.deps;
      const { viewer, unit } = await activityInReach(c, id);
      const { bytes, ...file } = await receiveEvidence(c, c.req.valid('query').name, `activity-evidence/${id}`, viewer.email);
      const row: ActivityEvidenceRow = { ...file, activityId: id };
      // The file first; removed again if the row and its audit event cannot be written.
      await storeThenRecord(storage, row.storageKey, bytes, row.contentType, () =>
        recordAudit(
          c,
          { action: 'activity.evidence_add', entityType: 'activity', entityId: id, orgUnitId: unit.id, orgUnitPath: unit.path, actorUserId: viewer.userId, actorLabel: viewer.email, after: { evidenceId: row.id, fileName: row.fileName, size: row.size, sha256: row.sha256 } },
          [insertActivityEvidenceStatement(db, row)],
        ),
      );
      return c.json({ evidence: toEvidenceOut(row) }, 201);
    },
  )
  .openapi(
    defineRoute('activities.read', {
      method: 'get',
      path: '/api/v1/activities/{id}/evidence',
      tags: ['activities'],
      summary: "An activity's evidence files",
      request: { params: z.object({ id: idParam }) },
      responses: {
        200: { description: 'Files', content: { 'application/json': { schema: z.object({ items: z.array(evidenceOut) }) } } },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      await activityInReach(c, id);
      return c.json({ items: (await listActivityEvidence(c.var.deps.db, id)).map(toEvidenceOut) }, 200);
    },
  )
  .openapi(
    defineRoute('activities.read', {
      method: 'get',
      path: '/api/v1/activities/{id}/evidence/{evidenceId}',
      tags: ['activities'],
      summary: 'Download one evidence file of an activity',
      request: { params: z.object({ id: idParam, evidenceId: idParam }) },
      responses: {
        200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
      },
    }),
    async (c) => {
      const { id, evidenceId } = c.req.valid('param');
      await activityInReach(c, id);
      const row = await getActivityEvidence(c.var.deps.db, id, evidenceId);
      const object = row ? await c.var.deps.storage.get(row.storageKey) : null;
      if (!row || !object) throw notFoundError('Không tìm thấy tệp (No such file)');
      return c.body(object.bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': row.contentType,
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(row.fileName)}`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      });
    },
  );
