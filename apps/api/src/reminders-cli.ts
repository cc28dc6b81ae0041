// `npm run reminders [-- --today YYYY-MM-DD] [--unit <orgUnitId>]`: the deadline-reminder job
// (reminders.ts) run once against DATABASE_URL (default: the local data/binh-dang.db), the same job
// the Worker's Cron Trigger runs daily. E-mails go to the local outbox (read on /thong-bao) unless
// MAIL_API_KEY and MAIL_FROM name a provider. `--today` runs it as if it were that day in Việt Nam
// (the demo plan's reports are due 15/11/2024: `--today 2024-11-12` gives the 3-day reminders).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDb } from '@binh-dang/db/client';
import { migrateDb } from '@binh-dang/db/migrate';
import { getOrgUnit } from '@binh-dang/db';
import { isValidLocalDate } from '@binh-dang/domain';
import { mailerFromEnv } from './mailer-env.ts';
import { runReminders } from './reminders.ts';

const { values } = parseArgs({
  options: { today: { type: 'string' }, unit: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  strict: true,
});
if (values.help) {
  console.log('usage: npm run reminders -- [--today YYYY-MM-DD] [--unit <orgUnitId>]');
  process.exit(0);
}
if (values.today !== undefined && !isValidLocalDate(values.today)) {
  console.error(`--today: not a date (YYYY-MM-DD): ${values.today}`);
  process.exit(2);
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const url = process.env.DATABASE_URL ?? `file:${repoRoot}data/binh-dang.db`;
const local = url.startsWith('file:') || url === ':memory:';
if (url.startsWith('file:')) mkdirSync(dirname(url.slice('file:'.length)), { recursive: true });
const { db, close } = createDb(url, process.env.DATABASE_AUTH_TOKEN);
try {
  // A local database is brought up to date as `npm start` would; a remote one is migrated by the deploy.
  if (local) await migrateDb(db);
  // Noon in Việt Nam on the chosen day (05:00 UTC), else now.
  const now = values.today ? new Date(`${values.today}T05:00:00.000Z`) : new Date();
  let scopePath: string | null = null;
  if (values.unit) {
    const unit = await getOrgUnit(db, values.unit);
    if (!unit) throw new Error(`--unit: no org unit ${values.unit}`);
    scopePath = unit.path;
  }
  const { mailer, warning } = mailerFromEnv(db, process.env);
  if (warning) console.warn(warning);
  const result = await runReminders(db, now, mailer, { scopePath, publicUrl: process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 8123}` });
  console.log(
    `Nhắc hạn ngày ${result.today}: ${result.itemsDue} việc sắp đến hạn hoặc quá hạn, ${result.notifications} thông báo mới, ` +
      `${result.emails} thư (${mailer.delivery === 'outbox' ? 'trong hộp thư đi cục bộ, xem /thong-bao' : `${result.sent} thư đã gửi qua ${mailer.delivery}`})`,
  );
  console.log(JSON.stringify(result));
} finally {
  close();
}
