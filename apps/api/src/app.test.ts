import { describe, expect, it } from 'vitest';
import { safeErrorSummary } from './app.ts';

describe('safeErrorSummary', () => {
  it('keeps the driver message and code but never the SQL parameters of a failed query', () => {
    const cause = Object.assign(new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: plans.id'), { code: 'SQLITE_CONSTRAINT' });
    const error = new Error('Failed query: insert into plans values (?, ?)\nparams: Nguyễn Thị A,0912345678', { cause });
    const summary = safeErrorSummary(error);
    expect(summary).toContain('SQLITE_CONSTRAINT');
    expect(summary).not.toContain('Nguyễn Thị A');
    expect(summary).not.toContain('0912345678');
  });

  it('drops a failed-query message even without a cause', () => {
    expect(safeErrorSummary(new Error('Failed query: select 1\nparams: secret'))).toBe('Error');
  });
});
