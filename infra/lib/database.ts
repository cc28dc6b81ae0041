// What provisioning writes into a province's database: the migrations, the org tree, and the first
// administrator's invitation (the same single-use, e-mail-bound link as POST
// /api/v1/org-units/{unitId}/invitations: only the token's SHA-256 is stored), audited.
import { readFileSync } from 'node:fs';
import { appendAuditEvents, insertOrgUnits, schema, type Db } from '@binh-dang/db';
import { migrateDb, migrationsFolder } from '@binh-dang/db/migrate';
import { chainOf, newId, sha256Hex, type OrgUnit } from '@binh-dang/domain';
import { inArray } from 'drizzle-orm';
import { INVITATION_DAYS } from '../../apps/api/src/routes/memberships.ts';

export { INVITATION_DAYS };

/** The inviter of first administrators: a user row with no password (it can never sign in). */
export const PROVISIONING_USER = { id: 'system-provisioning', email: 'provisioning@binh-dang.invalid', name: 'Khởi tạo tỉnh (provisioning)' };

/** Tags of the committed migrations, in order (drizzle/meta/_journal.json). */
export function migrationTags(): string[] {
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as { entries: { tag: string }[] };
  return journal.entries.map((e) => e.tag);
}

export async function applyMigrations(db: Db): Promise<void> {
  await migrateDb(db);
}

/** Inserts the units that are not there yet (by id); returns how many were added and kept. */
export async function loadOrgTree(db: Db, units: readonly OrgUnit[]): Promise<{ added: number; kept: number }> {
  const existing = new Set(
    (await db.select({ id: schema.orgUnits.id }).from(schema.orgUnits).where(inArray(schema.orgUnits.id, units.map((u) => u.id)))).map((r) => r.id),
  );
  const missing = units.filter((u) => !existing.has(u.id));
  await insertOrgUnits(db, missing);
  return { added: missing.length, kept: units.length - missing.length };
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Buffer.from(bytes).toString('base64url');
}

/**
 * The first administrator's invitation: province_admin at the province's root unit, for `email`,
 * valid INVITATION_DAYS days. Returns the token (shown once; only its hash is stored).
 */
export async function inviteFirstAdministrator(db: Db, root: OrgUnit, email: string, now = new Date()): Promise<{ id: string; token: string; expiresAt: string }> {
  await db
    .insert(schema.users)
    .values({ ...PROVISIONING_USER, createdAt: now, updatedAt: now })
    .onConflictDoNothing();
  const token = randomToken();
  const id = newId(now);
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString();
  const address = email.trim().toLowerCase();
  await appendAuditEvents(
    db,
    [
      {
        action: 'invitation.create',
        entityType: 'invitation',
        entityId: id,
        orgUnitId: root.id,
        actorUserId: PROVISIONING_USER.id,
        actorLabel: 'provisioning',
        before: null,
        after: { email: address, role: 'province_admin', orgUnitId: root.id, expiresAt },
        ip: null,
      },
    ],
    {
      now,
      chain: chainOf(root.path),
      alongside: [
        db.insert(schema.invitations).values({
          id,
          tokenHash: await sha256Hex(token),
          email: address,
          orgUnitId: root.id,
          role: 'province_admin',
          invitedBy: PROVISIONING_USER.id,
          expiresAt,
        }),
      ],
    },
  );
  return { id, token, expiresAt };
}
