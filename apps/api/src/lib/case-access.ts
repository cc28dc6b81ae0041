// Access to the case register: the cipher of identifying fields (503 without keys), a case in
// reach with the caller's access level (identifying for the policy's roles at exactly the case's
// unit, non-identifying for other holders of cases.read), and every refusal audited.
import type { Context } from 'hono';
import { getCaseRow, type CaseRow } from '@binh-dang/db';
import { CaseDataError, caseAccess, createCaseCipher, parseCaseKeys, type CaseAccess, type CaseCipher } from '@binh-dang/domain';
import type { AppEnv, Viewer } from '../env.ts';
import { authorizeUnit, requireViewer } from './access.ts';
import { auditRefusal } from './audit-refusal.ts';
import { ProblemError, problem } from './problem.ts';

const ciphers = new WeakMap<object, CaseCipher | CaseDataError>();

/** The cipher built from the app's CASE_DATA_KEYS; 503 problem+json when they are missing or bad. */
export function caseCipher(c: Context<AppEnv>): CaseCipher {
  const deps = c.var.deps;
  let cipher = ciphers.get(deps);
  if (!cipher) {
    try {
      cipher = deps.caseDataKeys ? createCaseCipher(parseCaseKeys(deps.caseDataKeys)) : new CaseDataError('missing');
    } catch (error) {
      cipher = error instanceof CaseDataError ? error : new CaseDataError('invalid');
    }
    ciphers.set(deps, cipher);
  }
  if (cipher instanceof CaseDataError)
    throw new ProblemError(
      problem('unavailable', {
        detail:
          'Sổ vụ việc chưa sẵn sàng: chưa cấu hình khóa mã hóa CASE_DATA_KEYS (hoặc khóa không hợp lệ). Không có dữ liệu nào được lưu dạng rõ (The case register needs CASE_DATA_KEYS; nothing is stored in clear)',
      }),
    );
  return cipher;
}

/** A decryption failure: a key version missing from CASE_DATA_KEYS, or a tampered row. */
export function unreadable(): ProblemError {
  return new ProblemError(
    problem('unavailable', { detail: 'Không giải mã được hồ sơ: thiếu phiên bản khóa trong CASE_DATA_KEYS hoặc dữ liệu bị sửa (Cannot decrypt the case)' }),
  );
}

export type CaseOperation = 'read' | 'write' | 'create' | 'list' | 'export';

/**
 * Checks the route's permission on `unitId` like authorizeUnit, and audits a refusal
 * ('case.refused') before answering it.
 */
export async function authorizeCaseUnit(c: Context<AppEnv>, unitId: string, operation: CaseOperation, entityId: string | null, unitPath: string | null, notFoundPath = 'params.unitId') {
  try {
    return await authorizeUnit(c, unitId, notFoundPath);
  } catch (error) {
    if (error instanceof ProblemError && (error.problem.status === 403 || error.problem.status === 404)) {
      const viewer = await c.var.viewer();
      if (viewer)
        await auditRefusal(c, {
          action: 'case.refused',
          entityType: 'case',
          entityId,
          unit: unitPath ? { id: unitId, path: unitPath } : null,
          viewer,
          operation,
          status: error.problem.status,
          reason: error.problem.status === 404 ? 'out-of-reach' : 'role',
        });
    }
    throw error;
  }
}

export interface CaseInReach {
  row: CaseRow;
  viewer: Viewer;
  unit: { id: string; path: string; name: string };
  access: Exclude<CaseAccess, 'none'>;
}

const NOT_CASE_UNIT =
  'Chỉ cán bộ quản lý vụ việc của chính đơn vị có hồ sơ mới được ghi hoặc xem thông tin nhận diện (Only the case workers of the case’s own unit may record or see identifying fields)';

/**
 * The case `id` if the route's permission reaches it, with the caller's access level. With
 * `needIdentifying` (every write), anything less than identifying access is refused: out of reach
 * answers 404 (as for a case that does not exist), within reach 403. Every refusal is audited.
 */
export async function caseInReach(c: Context<AppEnv>, id: string, operation: CaseOperation, needIdentifying: boolean): Promise<CaseInReach> {
  const row = await getCaseRow(c.var.deps.db, id);
  if (!row) {
    await requireViewer(c);
    throw new ProblemError(problem('not-found', { detail: 'Không tìm thấy hồ sơ vụ việc (No such case)', errors: [{ path: 'params.id', message: 'Không tìm thấy (Not found)' }] }));
  }
  const { viewer, unit } = await authorizeCaseUnit(c, row.orgUnitId, operation, row.id, row.orgUnitPath, 'params.id');
  const access = caseAccess(viewer.grants, row.orgUnitPath);
  if (access === 'none' || (needIdentifying && access !== 'identifying')) {
    await auditRefusal(c, { action: 'case.refused', entityType: 'case', entityId: row.id, unit: { id: unit.id, path: unit.path }, viewer, operation, status: 403, reason: 'not-case-unit' });
    throw new ProblemError(problem('forbidden', { detail: NOT_CASE_UNIT }));
  }
  return { row, viewer, unit, access };
}

/** For intake at `unitId`: only the policy's roles at exactly that unit. */
export async function authorizeIntake(c: Context<AppEnv>, unitId: string, unitPath: string | null) {
  const { viewer, unit } = await authorizeCaseUnit(c, unitId, 'create', null, unitPath);
  if (caseAccess(viewer.grants, unit.path) !== 'identifying') {
    await auditRefusal(c, { action: 'case.refused', entityType: 'case', entityId: null, unit: { id: unit.id, path: unit.path }, viewer, operation: 'create', status: 403, reason: 'not-case-unit' });
    throw new ProblemError(problem('forbidden', { detail: NOT_CASE_UNIT }));
  }
  return { viewer, unit };
}
