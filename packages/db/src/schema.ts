// drizzle schema: the single source of truth for tables. `drizzle-kit generate` turns changes
// into SQL migrations under drizzle/, which are committed and applied by `migrate`.
import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const timestamps = {
  createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
};

export const orgUnits = sqliteTable(
  'org_units',
  {
    id: text('id').primaryKey(),
    code: text('code'),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    kind: text('kind', { enum: ['province', 'district', 'commune', 'agency'] }).notNull(),
    localKind: text('local_kind').notNull(),
    parentId: text('parent_id').references((): AnySQLiteColumn => orgUnits.id),
    path: text('path').notNull(),
    validFrom: text('valid_from'),
    validTo: text('valid_to'),
    successorId: text('successor_id'),
    provenance: text('provenance', { enum: ['verified', 'demo'] }).notNull(),
    note: text('note'),
    sortOrder: integer('sort_order').notNull().default(0),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('org_units_path_uq').on(t.path),
    index('org_units_parent_idx').on(t.parentId),
    index('org_units_code_idx').on(t.code),
  ],
);

export const plans = sqliteTable(
  'plans',
  {
    id: text('id').primaryKey(),
    issuingUnitId: text('issuing_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    /** Copy of the issuing unit's path so plans can be scoped by subtree in one indexed query. */
    issuingUnitPath: text('issuing_unit_path').notNull(),
    year: integer('year').notNull(),
    status: text('status', { enum: ['draft', 'issued', 'superseded'] }).notNull(),
    parentBody: text('parent_body'),
    issuingBody: text('issuing_body').notNull(),
    number: text('number'),
    typeCode: text('type_code').notNull(),
    issuerCode: text('issuer_code').notNull(),
    place: text('place').notNull(),
    docYear: integer('doc_year').notNull(),
    docMonth: integer('doc_month'),
    docDay: integer('doc_day'),
    documentType: text('document_type').notNull(),
    title: text('title').notNull(),
    preambleClosing: text('preamble_closing'),
    purposesHeading: text('purposes_heading').notNull(),
    /** PlanItem[] as JSON: an outline edited and printed as a whole. */
    purposes: text('purposes', { mode: 'json' }).notNull(),
    tasksHeading: text('tasks_heading').notNull(),
    tasks: text('tasks', { mode: 'json' }).notNull(),
    implementationHeading: text('implementation_heading').notNull(),
    closing: text('closing'),
    reportDeadline: text('report_deadline'),
    reportToUnitId: text('report_to_unit_id').references(() => orgUnits.id),
    /** Signature as JSON: { authority: [{prefix, text}], title, name }. */
    signature: text('signature', { mode: 'json' }),
    provenance: text('provenance', { enum: ['verified', 'demo'] }).notNull(),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [index('plans_scope_idx').on(t.issuingUnitPath, t.year), index('plans_year_idx').on(t.year)],
);

export const planLegalBases = sqliteTable(
  'plan_legal_bases',
  {
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    verb: text('verb').notNull(),
    documentKind: text('document_kind').notNull(),
    number: text('number').notNull(),
    issuedOn: text('issued_on'),
    issuer: text('issuer').notNull(),
    summary: text('summary'),
    text: text('text'),
    citedPlanId: text('cited_plan_id').references(() => plans.id),
  },
  (t) => [primaryKey({ columns: [t.planId, t.position] })],
);

export const planAssignments = sqliteTable(
  'plan_assignments',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    label: text('label').notNull(),
    heading: text('heading').notNull(),
    isRequest: integer('is_request', { mode: 'boolean' }).notNull().default(false),
    style: text('style', { enum: ['bullets', 'paragraph'] }).notNull(),
  },
  (t) => [uniqueIndex('plan_assignments_position_uq').on(t.planId, t.position)],
);

export const planAssignmentUnits = sqliteTable(
  'plan_assignment_units',
  {
    assignmentId: text('assignment_id')
      .notNull()
      .references(() => planAssignments.id, { onDelete: 'cascade' }),
    orgUnitId: text('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    position: integer('position').notNull(),
    role: text('role', { enum: ['lead', 'support'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.assignmentId, t.orgUnitId] }), index('plan_assignment_units_unit_idx').on(t.orgUnitId)],
);

export const planDuties = sqliteTable(
  'plan_duties',
  {
    id: text('id').primaryKey(),
    assignmentId: text('assignment_id')
      .notNull()
      .references(() => planAssignments.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    role: text('role', { enum: ['lead', 'support'] }).notNull(),
    dueDate: text('due_date'),
  },
  (t) => [uniqueIndex('plan_duties_position_uq').on(t.assignmentId, t.position)],
);

export const planRecipients = sqliteTable(
  'plan_recipients',
  {
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    orgUnitId: text('org_unit_id').references(() => orgUnits.id),
  },
  (t) => [primaryKey({ columns: [t.planId, t.position] })],
);
