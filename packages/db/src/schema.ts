// drizzle schema: the single source of truth for tables. `drizzle-kit generate` turns changes
// into SQL migrations under drizzle/, which are committed and applied by `migrate`.
import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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
    index('org_units_successor_idx').on(t.successorId),
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
    /** The plan of the level above this one was built from ("căn cứ kế hoạch của huyện"). */
    parentPlanId: text('parent_plan_id'),
    /** The issued plan this draft amends; when it is issued the amended plan is superseded. */
    amendsPlanId: text('amends_plan_id'),
    issuedAt: text('issued_at'),
    issuedBy: text('issued_by'),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index('plans_scope_idx').on(t.issuingUnitPath, t.year),
    index('plans_year_idx').on(t.year),
    index('plans_parent_idx').on(t.parentPlanId),
  ],
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

// ---------------------------------------------------------------------------------------------
// Identity (better-auth's tables, with its two-factor plugin) and memberships.

const ms = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: integer('email_verified', { mode: 'boolean' }).notNull().default(false),
  image: text('image'),
  twoFactorEnabled: integer('two_factor_enabled', { mode: 'boolean' }).default(false),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull(),
});

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    expiresAt: ms('expires_at').notNull(),
    token: text('token').notNull().unique(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const accounts = sqliteTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: ms('access_token_expires_at'),
    refreshTokenExpiresAt: ms('refresh_token_expires_at'),
    scope: text('scope'),
    password: text('password'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('accounts_user_idx').on(t.userId)],
);

export const verifications = sqliteTable(
  'verifications',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: ms('expires_at').notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('verifications_identifier_idx').on(t.identifier)],
);

export const twoFactors = sqliteTable(
  'two_factors',
  {
    id: text('id').primaryKey(),
    secret: text('secret').notNull(),
    backupCodes: text('backup_codes').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    verified: integer('verified', { mode: 'boolean' }).default(true),
    failedVerificationCount: integer('failed_verification_count').default(0),
    lockedUntil: ms('locked_until'),
  },
  (t) => [index('two_factors_user_idx').on(t.userId), index('two_factors_secret_idx').on(t.secret)],
);

export const roles = ['province_admin', 'coordinator', 'reporter', 'approver', 'case_worker', 'viewer', 'finance'] as const;

/** A user's role at one org unit; it reaches that unit's subtree only. */
export const memberships = sqliteTable(
  'memberships',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgUnitId: text('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    role: text('role', { enum: roles }).notNull(),
    createdBy: text('created_by'),
    ...timestamps,
  },
  (t) => [uniqueIndex('memberships_uq').on(t.userId, t.orgUnitId, t.role), index('memberships_unit_idx').on(t.orgUnitId)],
);

/** Single-use invitation links, bound to an e-mail; only the token's hash is stored. */
export const invitations = sqliteTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    email: text('email').notNull(),
    orgUnitId: text('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    role: text('role', { enum: roles }).notNull(),
    invitedBy: text('invited_by')
      .notNull()
      .references(() => users.id),
    expiresAt: text('expires_at').notNull(),
    acceptedAt: text('accepted_at'),
    revokedAt: text('revoked_at'),
    ...timestamps,
  },
  (t) => [index('invitations_unit_idx').on(t.orgUnitId)],
);

/** Sign-in attempts, for throttling per account and per client address. */
export const signInAttempts = sqliteTable(
  'sign_in_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Lower-cased e-mail as typed (it may belong to no account). */
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    at: text('at').notNull(),
    succeeded: integer('succeeded', { mode: 'boolean' }).notNull(),
  },
  (t) => [index('sign_in_attempts_email_idx').on(t.email, t.at), index('sign_in_attempts_ip_idx').on(t.ip, t.at)],
);

// ---------------------------------------------------------------------------------------------
// Audit trail: append-only, hash-chained per province ("chain" is the province id, or 'system'
// for events that belong to no province). Triggers in the migration refuse UPDATE and DELETE.

export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: text('id').primaryKey(),
    chain: text('chain').notNull(),
    seq: integer('seq').notNull(),
    at: text('at').notNull(),
    actorUserId: text('actor_user_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    orgUnitId: text('org_unit_id'),
    before: text('before'),
    after: text('after'),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('audit_events_chain_seq_uq').on(t.chain, t.seq), index('audit_events_entity_idx').on(t.entityType, t.entityId)],
);

/**
 * Guard of optimistic writes inside one atomic batch: right after `UPDATE … WHERE version = ?`
 * the batch inserts `changes()` here; the CHECK fails when the update touched no row (someone
 * saved first), and the whole batch rolls back. The batch deletes its guard row at the end.
 */
export const writeGuards = sqliteTable(
  'write_guards',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    changed: integer('changed').notNull(),
  },
  (t) => [check('write_guards_changed', sql`${t.changed} > 0`)],
);

/**
 * Idempotency keys (the `Idempotency-Key` request header, apps/api/src/lib/idempotency.ts): one
 * row per user (or 'anonymous') + method + path + key. Inserted when a request claims the key
 * (`status` null while it runs), completed with the final answer, which later requests with the
 * same key and body replay. Rows older than 24 hours are deleted.
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    key: text('key').notNull(),
    /** sha256 of the request body bytes (hex). */
    fingerprint: text('fingerprint').notNull(),
    /** Random token of the request that runs under this key (a stale claim may be taken over). */
    claim: text('claim').notNull(),
    claimedAt: text('claimed_at').notNull(),
    createdAt: text('created_at').notNull(),
    status: integer('status'),
    contentType: text('content_type'),
    location: text('location'),
    body: text('body'),
    bodyEncoding: text('body_encoding', { enum: ['utf8', 'base64'] }),
    completedAt: text('completed_at'),
  },
  (t) => [primaryKey({ columns: [t.scope, t.method, t.path, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);

// ---------------------------------------------------------------------------------------------
// Duties of issued plans, tracked per unit. A duty line addressed to several units (lead or
// support) gives one tracking row per unit. "Overdue" is derived (due date passed, not done).

export const dutyStatuses = ['not_started', 'in_progress', 'done'] as const;

export const dutyTrackings = sqliteTable(
  'duty_trackings',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id),
    dutyId: text('duty_id').notNull(),
    orgUnitId: text('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    /** Copy of the unit's path for subtree-scoped reads in one indexed query. */
    orgUnitPath: text('org_unit_path').notNull(),
    role: text('role', { enum: ['lead', 'support'] }).notNull(),
    /** Copy of the duty text as issued (the plan is locked, so it does not change). */
    text: text('text').notNull(),
    dueDate: text('due_date'),
    status: text('status', { enum: dutyStatuses }).notNull().default('not_started'),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('duty_trackings_duty_unit_uq').on(t.dutyId, t.orgUnitId),
    index('duty_trackings_scope_idx').on(t.orgUnitPath, t.dueDate),
    index('duty_trackings_plan_idx').on(t.planId),
  ],
);

export const dutyNotes = sqliteTable(
  'duty_notes',
  {
    id: text('id').primaryKey(),
    trackingId: text('tracking_id')
      .notNull()
      .references(() => dutyTrackings.id),
    at: text('at').notNull(),
    authorUserId: text('author_user_id').notNull(),
    authorLabel: text('author_label').notNull(),
    status: text('status', { enum: dutyStatuses }).notNull(),
    text: text('text'),
  },
  (t) => [index('duty_notes_tracking_idx').on(t.trackingId, t.at)],
);

/** Evidence files of a duty's progress: the bytes live in storage (a folder locally, R2 in production). */
export const dutyEvidence = sqliteTable(
  'duty_evidence',
  {
    id: text('id').primaryKey(),
    trackingId: text('tracking_id')
      .notNull()
      .references(() => dutyTrackings.id),
    storageKey: text('storage_key').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: text('uploaded_at').notNull(),
  },
  (t) => [index('duty_evidence_tracking_idx').on(t.trackingId)],
);

// ---------------------------------------------------------------------------------------------
// Indicators (chỉ tiêu), reporting periods and periodic reports.

/** The catalogue: built-in indicators (Nghị quyết 28 and operational) and those administrators add. */
export const indicators = sqliteTable(
  'indicators',
  {
    code: text('code').primaryKey(),
    /** The whole `Indicator` (domain) as JSON, validated by indicatorSchema on every write. */
    definition: text('definition', { mode: 'json' }).notNull(),
    builtin: integer('builtin', { mode: 'boolean' }).notNull().default(false),
    /** Province (org unit) that added it; null for built-in indicators, shared by every province. */
    ownerUnitId: text('owner_unit_id').references(() => orgUnits.id),
    sortOrder: integer('sort_order').notNull().default(0),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
);

/** A unit's own target for a year (the national targets live in the indicator definition). */
export const indicatorTargets = sqliteTable(
  'indicator_targets',
  {
    indicatorCode: text('indicator_code')
      .notNull()
      .references(() => indicators.code),
    orgUnitId: text('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    year: integer('year').notNull(),
    comparator: text('comparator').notNull(),
    value: real('value').notNull(),
    setBy: text('set_by').notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.indicatorCode, t.orgUnitId, t.year] })],
);

/**
 * The version of a unit's own targets of one year (`indicator_targets` rows of that unit and year),
 * for optimistic writes: a save bumps it in the same batch as the rows, guarded by `write_guards`.
 * No row yet means version 0 (a year never saved, or saved before this table existed).
 */
export const targetSets = sqliteTable(
  'target_sets',
  {
    orgUnitId: text('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    year: integer('year').notNull(),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.orgUnitId, t.year] })],
);

/** The periods a plan asks its units to report, with their deadlines (default: Nghị định 09 windows). */
export const planReportPeriods = sqliteTable(
  'plan_report_periods',
  {
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id),
    period: text('period').notNull(),
    deadline: text('deadline').notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.period] })],
);

/** The indicators a plan asks its units to report, in order. */
export const planIndicators = sqliteTable(
  'plan_indicators',
  {
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id),
    indicatorCode: text('indicator_code')
      .notNull()
      .references(() => indicators.code),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.indicatorCode] })],
);

export const reportStatuses = ['draft', 'submitted', 'returned', 'approved', 'locked'] as const;

/**
 * One unit's report for one period. One per (unit, period), whichever plan asked for it, so that
 * a value is never counted twice up the tree.
 */
export const reports = sqliteTable(
  'reports',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id),
    orgUnitId: text('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    /** Copy of the unit's path for subtree-scoped reads in one indexed query. */
    orgUnitPath: text('org_unit_path').notNull(),
    period: text('period').notNull(),
    status: text('status', { enum: reportStatuses }).notNull().default('draft'),
    version: integer('version').notNull().default(1),
    submittedAt: text('submitted_at'),
    submittedBy: text('submitted_by'),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by'),
    /** The reviewer's comment when returned. */
    returnComment: text('return_comment'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('reports_unit_period_uq').on(t.orgUnitId, t.period),
    index('reports_plan_period_idx').on(t.planId, t.period),
    index('reports_scope_idx').on(t.orgUnitPath, t.period),
  ],
);

/** Reported values; a value not reported has no row (missing is never zero). */
export const reportValues = sqliteTable(
  'report_values',
  {
    reportId: text('report_id')
      .notNull()
      .references(() => reports.id),
    indicatorCode: text('indicator_code').notNull(),
    category: text('category', { enum: ['total', 'female', 'male'] }).notNull(),
    value: real('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.indicatorCode, t.category] })],
);

/** What the unit says about each duty assigned to it: results, shortcomings, proposals. */
export const reportNarratives = sqliteTable(
  'report_narratives',
  {
    reportId: text('report_id')
      .notNull()
      .references(() => reports.id),
    trackingId: text('tracking_id')
      .notNull()
      .references(() => dutyTrackings.id),
    results: text('results'),
    shortcomings: text('shortcomings'),
    proposals: text('proposals'),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.trackingId] })],
);

/** The report's full history: every save and every move of the workflow. */
export const reportEvents = sqliteTable(
  'report_events',
  {
    id: text('id').primaryKey(),
    reportId: text('report_id')
      .notNull()
      .references(() => reports.id),
    at: text('at').notNull(),
    actorUserId: text('actor_user_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action', { enum: ['create', 'save', 'submit', 'return', 'approve', 'unapprove', 'lock'] }).notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    version: integer('version').notNull(),
    comment: text('comment'),
    /** Values as saved (JSON), so any earlier state can be read back. */
    snapshot: text('snapshot', { mode: 'json' }),
  },
  (t) => [index('report_events_report_idx').on(t.reportId, t.at)],
);

/**
 * Approved values, copied in the same transaction that approves a report and removed in the one
 * that unapproves it: the roll-up reads only this table through one covering index.
 */
export const approvedValues = sqliteTable(
  'approved_values',
  {
    reportId: text('report_id')
      .notNull()
      .references(() => reports.id),
    period: text('period').notNull(),
    orgUnitId: text('org_unit_id').notNull(),
    orgUnitPath: text('org_unit_path').notNull(),
    indicatorCode: text('indicator_code').notNull(),
    category: text('category', { enum: ['total', 'female', 'male'] }).notNull(),
    value: real('value').notNull(),
    approvedAt: text('approved_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.reportId, t.indicatorCode, t.category] }),
    index('approved_values_rollup_idx').on(t.period, t.orgUnitPath, t.indicatorCode, t.category, t.value),
    index('approved_values_unit_idx').on(t.period, t.orgUnitId, t.indicatorCode, t.category, t.value),
  ],
);

/**
 * What the public may see changes when a plan is issued or a report approved, unapproved or
 * locked: each such change bumps its province's generation in the same transaction. Public
 * responses carry it in their ETag and edge caches key on it, so a publication invalidates them.
 */
export const publications = sqliteTable('publications', {
  provinceId: text('province_id').primaryKey(),
  generation: integer('generation').notNull(),
  publishedAt: text('published_at').notNull(),
});

// ---------------------------------------------------------------------------------------------
// Reminders: in-portal notifications and the e-mail outbox (one mailer interface: locally the
// outbox is shown in the portal; in production a provider sends it).

export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** e.g. 'report.due', 'duty.due'. */
    kind: text('kind').notNull(),
    /** What it is about: 'report:<planId>:<unitId>:<period>', 'duty:<trackingId>'. */
    subject: text('subject').notNull(),
    /** 7, 3, 1 (days before the deadline) or 0 (overdue): one notification per subject and step. */
    step: integer('step').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    dueDate: text('due_date'),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
  },
  (t) => [uniqueIndex('notifications_once_uq').on(t.userId, t.subject, t.step), index('notifications_user_idx').on(t.userId, t.createdAt)],
);

export const emailOutbox = sqliteTable(
  'email_outbox',
  {
    id: text('id').primaryKey(),
    toEmail: text('to_email').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    notificationId: text('notification_id').references(() => notifications.id),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
    /** The provider's message id, or the error of the last attempt. */
    providerId: text('provider_id'),
    error: text('error'),
  },
  (t) => [index('email_outbox_pending_idx').on(t.sentAt, t.createdAt), index('email_outbox_to_idx').on(t.toEmail, t.createdAt)],
);

// ---------------------------------------------------------------------------------------------
// Activities, budget and the confidential case register. Operational indicators of a report are
// computed from these rows for the report's closing window.

export const activityKinds = ['communication', 'training', 'prevention_model', 'inspection'] as const;

/** A unit's activity (communication, training, prevention model, inspection), optionally for a plan duty. */
export const activities = sqliteTable(
  'activities',
  {
    id: text('id').primaryKey(),
    orgUnitId: text('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    /** Copy of the unit's path for subtree-scoped reads in one indexed query. */
    orgUnitPath: text('org_unit_path').notNull(),
    kind: text('kind', { enum: activityKinds }).notNull(),
    date: text('date').notNull(),
    title: text('title').notNull(),
    dutyTrackingId: text('duty_tracking_id').references(() => dutyTrackings.id),
    description: text('description'),
    actionMonth: integer('action_month', { mode: 'boolean' }).notNull().default(false),
    /** The kind's own fields (domain activityInputSchema), validated on every write. */
    details: text('details', { mode: 'json' }).notNull(),
    createdBy: text('created_by').notNull(),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index('activities_unit_date_idx').on(t.orgUnitId, t.date),
    index('activities_scope_idx').on(t.orgUnitPath, t.date),
    index('activities_duty_idx').on(t.dutyTrackingId),
  ],
);

/** Evidence files of an activity, stored like duty evidence (a folder locally, R2 in production). */
export const activityEvidence = sqliteTable(
  'activity_evidence',
  {
    id: text('id').primaryKey(),
    activityId: text('activity_id')
      .notNull()
      .references(() => activities.id),
    storageKey: text('storage_key').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: text('uploaded_at').notNull(),
  },
  (t) => [index('activity_evidence_activity_idx').on(t.activityId)],
);

/** Money given to a unit for a plan (optionally one of its duties), in whole VND. */
export const budgetAllocations = sqliteTable(
  'budget_allocations',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id),
    dutyTrackingId: text('duty_tracking_id').references(() => dutyTrackings.id),
    orgUnitId: text('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    orgUnitPath: text('org_unit_path').notNull(),
    amount: integer('amount').notNull(),
    allocatedOn: text('allocated_on').notNull(),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    /** Bumped by every expense, so that two expenses at once cannot both pass the over-allocation check. */
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index('budget_allocations_scope_idx').on(t.orgUnitPath, t.allocatedOn),
    index('budget_allocations_unit_idx').on(t.orgUnitId, t.allocatedOn),
    index('budget_allocations_plan_idx').on(t.planId),
    check('budget_allocations_amount', sql`${t.amount} > 0`),
  ],
);

export const budgetExpenses = sqliteTable(
  'budget_expenses',
  {
    id: text('id').primaryKey(),
    allocationId: text('allocation_id')
      .notNull()
      .references(() => budgetAllocations.id),
    date: text('date').notNull(),
    amount: integer('amount').notNull(),
    description: text('description').notNull(),
    /** Whether it took the spent total over the allocation; then who confirmed that it is right. */
    overAllocation: integer('over_allocation', { mode: 'boolean' }).notNull().default(false),
    confirmedBy: text('confirmed_by'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('budget_expenses_allocation_idx').on(t.allocationId, t.date), check('budget_expenses_amount', sql`${t.amount} > 0`)],
);

export const caseStatuses = ['open', 'closed'] as const;

/**
 * A case of gender-based or domestic violence, in its commune's register. Only non-identifying
 * fields are in clear; names, contacts, addresses and the narrative are one AES-GCM ciphertext
 * (`identifying`, base64) under the key version `key_version`, bound to the case id.
 */
export const cases = sqliteTable(
  'cases',
  {
    id: text('id').primaryKey(),
    orgUnitId: text('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    orgUnitPath: text('org_unit_path').notNull(),
    intakeDate: text('intake_date').notNull(),
    type: text('type').notNull(),
    contexts: text('contexts', { mode: 'json' }).$type<string[]>().notNull(),
    victimSex: text('victim_sex', { enum: ['female', 'male'] }).notNull(),
    victimAgeGroup: text('victim_age_group').notNull(),
    relationship: text('relationship').notNull(),
    status: text('status', { enum: caseStatuses }).notNull().default('open'),
    closedOn: text('closed_on'),
    keyVersion: text('key_version').notNull(),
    identifying: text('identifying').notNull(),
    createdBy: text('created_by').notNull(),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index('cases_unit_date_idx').on(t.orgUnitId, t.intakeDate),
    index('cases_scope_idx').on(t.orgUnitPath, t.intakeDate),
    index('cases_key_version_idx').on(t.keyVersion),
  ],
);

export const caseEventKinds = ['step', 'support', 'consent', 'follow_up', 'closure'] as const;

/** Steps, support, consent, follow-up and closure of a case; the note is encrypted like the case's fields. */
export const caseEvents = sqliteTable(
  'case_events',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: caseEventKinds }).notNull(),
    date: text('date').notNull(),
    /** The event's non-identifying fields (step, service, consent scope, …) as JSON. */
    facts: text('facts', { mode: 'json' }).notNull(),
    keyVersion: text('key_version'),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.date), index('case_events_key_version_idx').on(t.keyVersion)],
);

/**
 * Why a report's value differs from the one computed from the records: replaced with every save,
 * kept in the save's history snapshot as well.
 */
export const reportOverrides = sqliteTable(
  'report_overrides',
  {
    reportId: text('report_id')
      .notNull()
      .references(() => reports.id),
    indicatorCode: text('indicator_code').notNull(),
    category: text('category', { enum: ['total', 'female', 'male'] }).notNull(),
    computed: real('computed').notNull(),
    value: real('value'),
    reason: text('reason').notNull(),
    setBy: text('set_by').notNull(),
    setAt: text('set_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.indicatorCode, t.category] })],
);
