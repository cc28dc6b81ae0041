// Local demo accounts, one per role (two reporters of two communes). Created only by the Node
// entry and tests, only into a database without users; the Worker never imports this file.
import { count } from 'drizzle-orm';
import { schema, type Db } from '@binh-dang/db';
import type { Role } from '@binh-dang/domain';
import type { Auth } from './auth.ts';
import { createUserWithPassword } from './users.ts';

export const DEMO_PASSWORD = 'BinhDang-demo-2024';

export const demoAccounts: { id: string; email: string; name: string; role: Role; orgUnitId: string }[] = [
  { id: 'demo-admin', email: 'quantri@phutho.demo', name: 'Quản trị tỉnh (mẫu)', role: 'province_admin', orgUnitId: 'tinh-phu-tho-1997' },
  { id: 'demo-coordinator', email: 'dieuphoi@lamthao.demo', name: 'Phòng LĐTB&XH Lâm Thao (mẫu)', role: 'coordinator', orgUnitId: 'huyen-lam-thao' },
  { id: 'demo-approver', email: 'pheduyet@lamthao.demo', name: 'Lãnh đạo UBND huyện (mẫu)', role: 'approver', orgUnitId: 'huyen-lam-thao' },
  { id: 'demo-reporter-caoxa', email: 'baocao.caoxa@lamthao.demo', name: 'Người báo cáo xã Cao Xá (mẫu)', role: 'reporter', orgUnitId: 'xa-cao-xa-2024' },
  { id: 'demo-reporter-tienkien', email: 'baocao.tienkien@lamthao.demo', name: 'Người báo cáo xã Tiên Kiên (mẫu)', role: 'reporter', orgUnitId: 'xa-tien-kien-2024' },
  { id: 'demo-caseworker', email: 'vuviec.caoxa@lamthao.demo', name: 'Cán bộ vụ việc xã Cao Xá (mẫu)', role: 'case_worker', orgUnitId: 'xa-cao-xa-2024' },
  { id: 'demo-viewer', email: 'xem@phutho.demo', name: 'Người xem (mẫu)', role: 'viewer', orgUnitId: 'tinh-phu-tho-1997' },
  { id: 'demo-finance', email: 'ketoan@lamthao.demo', name: 'Phòng Tài chính - Kế hoạch Lâm Thao (mẫu)', role: 'finance', orgUnitId: 'huyen-lam-thao' },
];

export async function seedDemoAccounts(db: Db, auth: Auth, now: Date): Promise<number> {
  const [row] = await db.select({ n: count() }).from(schema.users);
  if ((row?.n ?? 0) > 0) return 0;
  for (const account of demoAccounts) {
    await createUserWithPassword(db, auth, { ...account, password: DEMO_PASSWORD, now });
    await db.insert(schema.memberships).values({
      id: `${account.id}-m`,
      userId: account.id,
      orgUnitId: account.orgUnitId,
      role: account.role,
      createdBy: null,
    });
  }
  return demoAccounts.length;
}
