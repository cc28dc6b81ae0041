import { describe, expect, it } from 'vitest';
import { FORM_KEY_FIELD, formKeyOf, newFormKey, requestKey, sendOnce } from './idempotency';

describe('form keys forwarded as Idempotency-Key', () => {
  it('a rendered form has its own key; the key sent is the same for the same body and differs for another', async () => {
    const formKey = newFormKey();
    expect(formKey).not.toBe(newFormKey());
    const data = new FormData();
    data.set(FORM_KEY_FIELD, formKey);
    expect(formKeyOf(data)).toBe(formKey);
    const a = await requestKey(formKey, { title: 'Hội nghị', date: '2024-03-01' });
    expect(a).toMatch(new RegExp(`^${formKey}\\.[0-9a-f]{32}$`));
    expect(a!.length).toBeLessThanOrEqual(255);
    expect(await requestKey(formKey, { title: 'Hội nghị', date: '2024-03-01' })).toBe(a);
    expect(await requestKey(formKey, { title: 'Hội nghị khác', date: '2024-03-01' })).not.toBe(a);
    expect(await requestKey(newFormKey(), { title: 'Hội nghị', date: '2024-03-01' })).not.toBe(a);
  });

  it('a missing or forged form key sends no key', async () => {
    for (const value of [null, '', 'short', 'có dấu-0123456789abcdef', 'x'.repeat(65)]) {
      const data = new FormData();
      if (value !== null) data.set(FORM_KEY_FIELD, value);
      expect(formKeyOf(data), String(value)).toBeNull();
    }
    expect(await requestKey(null, { a: 1 })).toBeNull();
  });

  it('waits while the same request still runs (409 with Retry-After), then returns its answer; a stale 409 is returned at once', async () => {
    const sent: (string | undefined)[] = [];
    const answers = [
      new Response(null, { status: 409, headers: { 'retry-after': '1' } }),
      new Response('{"ok":true}', { status: 200, headers: { 'idempotent-replayed': 'true' } }),
    ];
    const started = Date.now();
    const res = await sendOnce('k.1', async (init) => {
      sent.push(init?.headers['Idempotency-Key']);
      return answers.shift()!;
    });
    expect(res.status).toBe(200);
    expect(sent).toEqual(['k.1', 'k.1']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    const stale = await sendOnce('k.2', async () => new Response(null, { status: 409 }));
    expect(stale.status).toBe(409);
    const none: unknown[] = [];
    await sendOnce(null, async (init) => {
      none.push(init);
      return new Response(null, { status: 201 });
    });
    expect(none).toEqual([undefined]);
  });
});
