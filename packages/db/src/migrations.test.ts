// Migrations run before the new code is deployed, while the old code still serves (expand, then
// contract: ../MIGRATIONS.md). A statement that takes away something the running code may use —
// DROP (table, column, index, trigger, view), RENAME, DELETE, or drizzle-kit's table rebuild —
// belongs in a contract migration, marked on its first line with `-- contract: <why it is safe>`.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrationsFolder } from './migrate.ts';

const DESTRUCTIVE: { pattern: RegExp; what: string }[] = [
  { pattern: /\bDROP\s+(TABLE|INDEX|TRIGGER|VIEW)\b/i, what: 'DROP' },
  { pattern: /\bALTER\s+TABLE\b[^;]*\bDROP\s+(COLUMN\b|`|"|\w)/i, what: 'DROP COLUMN' },
  { pattern: /\bALTER\s+TABLE\b[^;]*\bRENAME\b/i, what: 'RENAME' },
  { pattern: /\bDELETE\s+FROM\b/i, what: 'DELETE' },
  { pattern: /\bCREATE\s+TABLE\s+[`"]?__new_/i, what: 'table rebuild (__new_…)' },
];

const CONTRACT_MARK = /^--\s*contract:\s*(.*)$/i;

/** The SQL of a migration without its comments (a comment may say "drop" harmlessly). */
export function statementsOf(sqlText: string): string[] {
  const withoutComments = sqlText
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .split('\n')
    .map((line) => line.replace(/--.*$/, ''))
    .join('\n');
  return withoutComments
    .split(/;|--> statement-breakpoint/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** What a migration does that only a contract migration may do. */
export function destructiveStatements(sqlText: string): string[] {
  // Trigger bodies (BEGIN … END) may hold a DELETE or an UPDATE of their own: they run later, on
  // the running code's writes, and are judged as the CREATE TRIGGER they are part of.
  const statements = statementsOf(sqlText.replace(/\bBEGIN\b[\s\S]*?\bEND\b/gi, 'BEGIN END'));
  return statements.flatMap((statement) => DESTRUCTIVE.filter((d) => d.pattern.test(statement)).map((d) => `${d.what}: ${statement.slice(0, 120)}`));
}

export function contractReason(sqlText: string): string | null {
  const first = sqlText.split('\n').find((line) => line.trim() !== '');
  const match = first ? CONTRACT_MARK.exec(first.trim()) : null;
  return match ? match[1]!.trim() : null;
}

const files = readdirSync(migrationsFolder)
  .filter((f) => f.endsWith('.sql'))
  .sort();

describe('the migration scan', () => {
  it('finds the statements that take something away, and ignores comments and trigger bodies', () => {
    expect(destructiveStatements('-- we never drop anything here\nCREATE TABLE `a` (`id` text);')).toEqual([]);
    expect(destructiveStatements('ALTER TABLE `a` ADD `b` text;')).toEqual([]);
    expect(destructiveStatements('ALTER TABLE `a` DROP COLUMN `b`;')).toHaveLength(1);
    expect(destructiveStatements('ALTER TABLE `a` RENAME COLUMN `b` TO `c`;')).toHaveLength(1);
    expect(destructiveStatements('ALTER TABLE `__new_a` RENAME TO `a`;')).toHaveLength(1);
    expect(destructiveStatements('DROP INDEX `a_idx`;--> statement-breakpoint\nDROP TABLE `a`;')).toHaveLength(2);
    expect(destructiveStatements('DELETE FROM `a` WHERE 1;')).toHaveLength(1);
    expect(destructiveStatements('PRAGMA foreign_keys=OFF;--> statement-breakpoint\nCREATE TABLE `__new_a` (`id` text);')).toHaveLength(1);
    expect(destructiveStatements('CREATE TRIGGER t BEFORE DELETE ON a BEGIN SELECT RAISE(ABORT, \'no\'); DELETE FROM b; END;')).toEqual([]);
  });

  it('reads the contract mark on the first line only', () => {
    expect(contractReason('-- contract: plans.old_col unused since v0.3 (release of 2026-10-01)\nALTER TABLE `plans` DROP COLUMN `old_col`;')).toBe(
      'plans.old_col unused since v0.3 (release of 2026-10-01)',
    );
    expect(contractReason('CREATE TABLE a (id text);\n-- contract: late')).toBeNull();
  });
});

describe('committed migrations (expand, then contract)', () => {
  it('are all in the journal, in order', () => {
    const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as { entries: { idx: number; tag: string }[] };
    expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(files);
    expect(journal.entries.map((e) => e.idx)).toEqual(files.map((_, i) => i));
  });

  it.each(files)('%s only expands, or is a contract migration that says why', (file) => {
    const text = readFileSync(`${migrationsFolder}/${file}`, 'utf8');
    const reason = contractReason(text);
    if (reason !== null) {
      expect(reason.length, `${file}: a contract migration says why it is safe now`).toBeGreaterThan(10);
      return;
    }
    expect(destructiveStatements(text), `${file} takes something away: make it a contract migration (packages/db/MIGRATIONS.md)`).toEqual([]);
  });
});
