import { describe, expect, it } from 'vitest';
import { formErrors, formatVnDateTime, isRemoval, parseSetCookie, pickMembership, safeNext, signInPath, vietnamesePart } from './session.ts';

const origin = 'https://binhdang.example.vn';

describe('parseSetCookie', () => {
  it('reads name, the raw value and the lifetime', () => {
    const cookie = parseSetCookie('binh-dang.session_token=abc.N%2BHV%3D; Max-Age=28800; Path=/; HttpOnly; SameSite=Lax');
    expect(cookie).toEqual({ name: 'binh-dang.session_token', value: 'abc.N%2BHV%3D', maxAge: 28800 });
  });

  it('reads Expires and knows a removal', () => {
    const gone = parseSetCookie('binh-dang.session_token=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/');
    expect(gone?.expires?.getTime()).toBe(0);
    expect(gone && isRemoval(gone)).toBe(true);
    expect(isRemoval({ name: 'a', value: 'x', maxAge: 0 })).toBe(true);
    expect(isRemoval({ name: 'a', value: 'x', maxAge: 60 })).toBe(false);
    expect(isRemoval({ name: 'a', value: 'x' })).toBe(false);
  });

  it('ignores a header without a name', () => {
    expect(parseSetCookie('=value; Path=/')).toBeNull();
    expect(parseSetCookie('garbage')).toBeNull();
  });
});

describe('safeNext', () => {
  it('keeps a path of this site with its query', () => {
    expect(safeNext('/quan-tri/nguoi-dung?x=1#a', origin)).toBe('/quan-tri/nguoi-dung?x=1#a');
  });

  it('refuses other sites and odd paths', () => {
    for (const next of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '', null, '/dang-nhap', '/dang-xuat'])
      expect(safeNext(next, origin), String(next)).toBe('/tai-khoan');
  });

  it('builds the way back to the page', () => {
    expect(signInPath(new URL(`${origin}/quan-tri/nhat-ky?limit=5`))).toBe('/dang-nhap?next=%2Fquan-tri%2Fnhat-ky%3Flimit%3D5');
  });
});

describe('pickMembership', () => {
  const ms = [
    { id: 'a', active: false },
    { id: 'b', active: true },
    { id: 'c', active: true },
  ];

  it('takes the chosen one when it is in force, else the first in force, else the first', () => {
    expect(pickMembership(ms, 'c')?.id).toBe('c');
    expect(pickMembership(ms, 'a')?.id).toBe('b');
    expect(pickMembership(ms, 'someone-else')?.id).toBe('b');
    expect(pickMembership(ms, undefined)?.id).toBe('b');
    expect(pickMembership([{ id: 'a', active: false }], undefined)?.id).toBe('a');
    expect(pickMembership([], 'a')).toBeNull();
  });
});

describe('formErrors', () => {
  it('puts body and params errors beside their fields, Vietnamese part only', () => {
    const out = formErrors(
      [
        { path: 'body.password', message: 'Mật khẩu cần ít nhất 10 ký tự (Password needs at least 10 characters)' },
        { path: 'body.password', message: 'Mật khẩu quá phổ biến, hãy chọn mật khẩu khác (Password is too common)' },
        { path: 'params.unitId', message: 'Không tìm thấy (Not found)' },
        { path: 'body.token', message: 'Lời mời không hợp lệ (Invalid invitation)' },
      ],
      ['password', 'unitId'] as const,
    );
    expect(out.fields).toEqual({
      password: ['Mật khẩu cần ít nhất 10 ký tự', 'Mật khẩu quá phổ biến, hãy chọn mật khẩu khác'],
      unitId: ['Không tìm thấy'],
    });
    expect(out.other).toEqual(['Lời mời không hợp lệ']);
  });

  it('drops a trailing English part with its full stop', () => {
    expect(vietnamesePart('Vui lòng đăng nhập (Please sign in).')).toBe('Vui lòng đăng nhập');
    expect(vietnamesePart('Chỉ tiếng Việt')).toBe('Chỉ tiếng Việt');
  });
});

describe('formatVnDateTime', () => {
  it('shows Việt Nam time (UTC+7)', () => {
    expect(formatVnDateTime('2026-11-28T16:21:34.120Z')).toBe('28/11/2026 23:21');
    expect(formatVnDateTime('2026-12-31T17:00:05Z', true)).toBe('01/01/2027 00:00:05');
  });
});
