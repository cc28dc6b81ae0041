// `npm run cases:rotate -w @binh-dang/db` — re-seal every identifying field of the case register
// with the current (last) key of CASE_DATA_KEYS (or of data/case-data-key locally), in batches.
// `npm run cases:add-key -w @binh-dang/db` adds a new key version to the local file first;
// `npm run cases:keys -w @binh-dang/db` shows which key versions still seal values.
// On production: put the new key last in the CASE_DATA_KEYS secret (keeping the old ones), deploy,
// run `cases:rotate` with CASE_DATA_KEYS and DATABASE_URL set, then drop the old key once
// `cases:keys` shows it seals nothing.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCaseCipher, parseCaseKeys } from '@binh-dang/domain';
import { addLocalCaseKey, localCaseKeys } from './case-key-file.ts';
import { caseKeyVersionsInUse, rotateCaseKeys } from './cases.ts';
import { createDb } from './client.ts';
import { migrateDb } from './migrate.ts';

const command = process.argv[2] ?? 'rotate';
const url = process.env.DATABASE_URL ?? `file:${fileURLToPath(new URL('../../../data/binh-dang.db', import.meta.url))}`;
if (url.startsWith('file:')) mkdirSync(dirname(url.slice('file:'.length)), { recursive: true });

if (command === 'add-key') {
  if (process.env.CASE_DATA_KEYS) {
    console.error('CASE_DATA_KEYS đang được đặt: thêm khóa mới vào biến/secret đó (CASE_DATA_KEYS is set: add the key there)');
    process.exit(1);
  }
  console.log(`Đã thêm khóa ${addLocalCaseKey()} vào data/case-data-key; chạy cases:rotate để mã hóa lại (added; now run cases:rotate)`);
  process.exit(0);
}

const { db, close } = createDb(url, process.env.DATABASE_AUTH_TOKEN);
try {
  await migrateDb(db);
  const cipher = createCaseCipher(parseCaseKeys(localCaseKeys({ env: process.env.CASE_DATA_KEYS })));
  if (command === 'rotate') {
    const result = await rotateCaseKeys(db, cipher, { batchSize: Number(process.env.BATCH_SIZE ?? 200) });
    console.log(
      `Khóa hiện hành ${cipher.currentVersion}: mã hóa lại ${result.cases} hồ sơ, ${result.events} ghi chú; bỏ qua ${result.skipped}; còn ${result.remaining} giá trị dùng khóa cũ ` +
        `(re-sealed ${result.cases} cases, ${result.events} notes; ${result.remaining} left on older keys)`,
    );
    if (result.remaining > 0) process.exitCode = 1;
  } else if (command === 'status') {
    console.log(JSON.stringify({ current: cipher.currentVersion, inUse: await caseKeyVersionsInUse(db) }));
  } else {
    console.error(`Lệnh không rõ: ${command} (rotate | add-key | status)`);
    process.exitCode = 2;
  }
} finally {
  close();
}
