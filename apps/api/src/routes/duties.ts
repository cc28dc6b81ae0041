// Duties of issued plans: each unit's "my duties" list, the coordinator's view of a plan's
// duties, and progress updates (status + note), version-guarded and audited.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { dutyUpdateStatements, getDuty, getPlan, isStaleWrite, listDuties, listDutyNotes, schema } from '@binh-dang/db';
import { and, asc, eq } from 'drizzle-orm';
import { newId, todayInVietnam } from '@binh-dang/domain';
import { authorizeUnit } from '../lib/access.ts';
import { recordAudit } from '../lib/audit.ts';
import { createRouter } from '../lib/factory.ts';
import { ProblemError, notFoundError, problem } from '../lib/problem.ts';
import { evidenceOut, evidenceUpload, receiveEvidence, toEvidenceOut } from '../lib/evidence.ts';
import { storeThenRecord } from '../storage.ts';
import { defineRoute } from '../lib/route.ts';
import { badRequest, denied, idParam, notFound, problemContent } from './schemas.ts';

const statuses = schema.dutyStatuses;


const dutyOut = z
  .object({
    id: z.string(),
    planId: z.string(),
    planTitle: z.string(),
    planNumber: z.string().nullable(),
    orgUnitId: z.string(),
    orgUnitName: z.string(),
    role: z.enum(['lead', 'support']),
    text: z.string(),
    dueDate: z.string().nullable(),
    status: z.enum(statuses),
    /** not_started | in_progress | done, or overdue when the due date has passed and it is not done. */
    state: z.enum([...statuses, 'overdue']),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('Duty');

type DutyRow = Omit<z.infer<typeof dutyOut>, 'state'>;

function withState<T extends DutyRow>(duty: T, today: string) {
  const overdue = duty.status !== 'done' && duty.dueDate !== null && duty.dueDate < today;
  return { ...duty, state: overdue ? ('overdue' as const) : duty.status };
}

/** The duty `id` if the route's permission reaches its unit; unknown and out-of-reach answer alike (404). */
async function dutyInReach(c: Context<AppEnv>, id: string) {
  const duty = await getDuty(c.var.deps.db, id);
  if (!duty) throw notFoundError('Không tìm thấy nhiệm vụ (No such duty)');
  const { viewer, unit } = await authorizeUnit(c, duty.orgUnitId, 'params.id');
  return { duty, viewer, unit };
}

export const dutyRoutes = createRouter()
  .openapi(
    defineRoute('duties.read', {
      method: 'get',
      path: '/api/v1/org-units/{unitId}/duties',
      tags: ['duties'],
      summary: 'Duties of a unit and the units below it ("my duties"), optionally of one plan',
      request: { params: z.object({ unitId: idParam }), query: z.object({ planId: idParam.optional() }) },
      responses: {
        200: { description: 'Duties, soonest due first', content: { 'application/json': { schema: z.object({ items: z.array(dutyOut) }) } } },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
      },
    }),
    async (c) => {
      const { unit } = await authorizeUnit(c, c.req.valid('param').unitId);
      const today = todayInVietnam(c.var.deps.now());
      const items = await listDuties(c.var.deps.db, unit.path, { planId: c.req.valid('query').planId });
      return c.json({ items: items.map((d) => withState(d, today)) }, 200);
    },
  )
  .openapi(
    defineRoute('duties.read', {
      method: 'get',
      path: '/api/v1/plans/{id}/duties',
      tags: ['duties'],
      summary: "All duties of a plan, for the issuing unit's coordinator",
      request: { params: z.object({ id: idParam }) },
      responses: {
        200: { description: 'Duties', content: { 'application/json': { schema: z.object({ items: z.array(dutyOut) }) } } },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
      },
    }),
    async (c) => {
      const plan = await getPlan(c.var.deps.db, c.req.valid('param').id);
      if (!plan) throw notFoundError('Không có kế hoạch (No such plan)');
      const { unit } = await authorizeUnit(c, plan.issuingUnitId, 'params.id');
      const today = todayInVietnam(c.var.deps.now());
      // Duties addressed within the issuing unit's subtree (the plan addresses only those).
      const items = await listDuties(c.var.deps.db, unit.path, { planId: plan.id });
      return c.json({ items: items.map((d) => withState(d, today)) }, 200);
    },
  )
  .openapi(
    defineRoute('duties.read', {
      method: 'get',
      path: '/api/v1/duties/{id}',
      tags: ['duties'],
      summary: 'One duty with its progress notes',
      request: { params: z.object({ id: idParam }) },
      responses: {
        200: {
          description: 'The duty',
          content: {
            'application/json': {
              schema: z.object({
                duty: dutyOut,
                notes: z.array(z.object({ id: z.string(), at: z.string(), authorLabel: z.string(), status: z.enum(statuses), text: z.string().nullable() })),
              }),
            },
          },
        },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const { duty } = await dutyInReach(c, id);
      const notes = (await listDutyNotes(c.var.deps.db, id)).map(({ id: noteId, at, authorLabel, status, text }) => ({ id: noteId, at, authorLabel, status, text }));
      const { orgUnitPath: _path, ...view } = duty;
      return c.json({ duty: withState(view, todayInVietnam(c.var.deps.now())), notes }, 200);
    },
  )
  .openapi(
    defineRoute('duties.update', {
      method: 'patch',
      path: '/api/v1/duties/{id}',
      tags: ['duties'],
      summary: 'Report progress on a duty: status and a note; `version` must be the one you saw (else 409)',
      request: {
        params: z.object({ id: idParam }),
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  version: z.number().int().min(1),
                  status: z.enum(statuses),
                  note: z.string().trim().max(4000, { message: 'Ghi chú tối đa 4.000 ký tự (At most 4,000 characters)' }).optional(),
                })
                .strict(),
            },
          },
        },
      },
      responses: {
        200: { description: 'The updated duty', content: { 'application/json': { schema: z.object({ duty: dutyOut }) } } },
        400: badRequest,
        401: denied,
        403: denied,
        404: notFound,
        409: { description: 'Someone updated it first (problem+json with `current`)', content: problemContent },
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const { db, now } = c.var.deps;
      const { duty: before, viewer, unit } = await dutyInReach(c, id);
      const { version, status, note } = c.req.valid('json');
      const today = todayInVietnam(now());
      const { orgUnitPath: _path, ...beforeView } = before;
      const staleProblem = (current: typeof beforeView) =>
        new ProblemError({
          ...problem('conflict', { detail: `Nhiệm vụ đã được người khác cập nhật (phiên bản ${current.version}) (Someone updated it first)` }),
          current: withState(current, today),
        } as never);
      if (version !== before.version) throw staleProblem(beforeView);
      try {
        await recordAudit(
          c,
          {
            action: 'duty.update',
            entityType: 'duty',
            entityId: id,
            orgUnitId: unit.id,
            orgUnitPath: unit.path,
            actorUserId: viewer.userId,
            actorLabel: viewer.email,
            before: { status: before.status },
            after: { status, note: note ?? null },
          },
          dutyUpdateStatements(db, {
            id,
            expectedVersion: version,
            status,
            note: note || null,
            noteId: newId(now()),
            at: now().toISOString(),
            authorUserId: viewer.userId,
            authorLabel: viewer.email,
          }),
        );
      } catch (error) {
        if (!isStaleWrite(error)) throw error;
        const current = (await getDuty(db, id))!;
        const { orgUnitPath: _p, ...currentView } = current;
        throw staleProblem(currentView);
      }
      const after = (await getDuty(db, id))!;
      const { orgUnitPath: _after, ...afterView } = after;
      return c.json({ duty: withState(afterView, today) }, 200);
    },
  )
  .openapi(
    defineRoute('duties.update', {
      method: 'post',
      path: '/api/v1/duties/{id}/evidence',
      tags: ['duties'],
      summary: 'Attach an evidence file (PDF, image, .docx, .xlsx; ≤ 10 MB; checked by content) to a duty',
      // Size limit and declared types: lib/uploads.ts (UPLOADS.dutyEvidence), enforced by the guard.
      ...evidenceUpload,
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const { storage } = c.var.deps;
      const { duty, viewer, unit } = await dutyInReach(c, id);
      const { bytes, ...file } = await receiveEvidence(c, c.req.valid('query').name, `evidence/${duty.planId}`, viewer.email);
      const row = { ...file, trackingId: id };
      // The file first; removed again if the row and its audit event cannot be written.
      await storeThenRecord(storage, row.storageKey, bytes, row.contentType, () =>
        recordAudit(
          c,
          { action: 'duty.evidence_add', entityType: 'duty', entityId: id, orgUnitId: unit.id, orgUnitPath: unit.path, actorUserId: viewer.userId, actorLabel: viewer.email, after: { evidenceId: row.id, fileName: row.fileName, size: row.size, sha256: row.sha256 } },
          [c.var.deps.db.insert(schema.dutyEvidence).values(row)],
        ),
      );
      return c.json({ evidence: toEvidenceOut(row) }, 201);
    },
  )
  .openapi(
    defineRoute('duties.read', {
      method: 'get',
      path: '/api/v1/duties/{id}/evidence',
      tags: ['duties'],
      summary: "A duty's evidence files",
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
      await dutyInReach(c, id);
      const rows = await c.var.deps.db.select().from(schema.dutyEvidence).where(eq(schema.dutyEvidence.trackingId, id)).orderBy(asc(schema.dutyEvidence.uploadedAt));
      return c.json({ items: rows.map(toEvidenceOut) }, 200);
    },
  )
  .openapi(
    defineRoute('duties.read', {
      method: 'get',
      path: '/api/v1/duties/{id}/evidence/{evidenceId}',
      tags: ['duties'],
      summary: 'Download one evidence file',
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
      const { db, storage } = c.var.deps;
      await dutyInReach(c, id);
      const [row] = await db
        .select()
        .from(schema.dutyEvidence)
        .where(and(eq(schema.dutyEvidence.id, evidenceId), eq(schema.dutyEvidence.trackingId, id)))
        .limit(1);
      const object = row ? await storage.get(row.storageKey) : null;
      if (!row || !object) throw notFoundError('Không tìm thấy tệp (No such file)');
      return c.body(object.bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': row.contentType,
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(row.fileName)}`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      });
    },
  );
