// Password rules (security checklist): at least 10 characters, at most 128, not a common
// password and not the e-mail itself. Messages are Vietnamese first.

/** A short list of passwords seen most often in breaches, plus local favourites. */
const COMMON = new Set([
  '1234567890', '12345678910', '0123456789', '1111111111', '0000000000', '1234512345', 'qwertyuiop',
  'password123', 'password1234', 'passw0rd123', 'iloveyou123', 'abc1234567', 'abcd123456', 'qwerty1234',
  'qwerty123456', 'admin12345', 'administrator', 'welcome123', 'letmein123', 'matkhau123', 'matkhau1234',
  'matkhaumoi', '123456789a', 'a123456789', '1q2w3e4r5t', 'zaq12wsx34', 'vietnam123', 'vietnam1234',
  'binhdang123', 'binhdang2024', 'hanoi12345', 'saigon1234', 'anhyeuem123', 'emyeuanh123', 'khongbiet',
  'password', 'password1', '12345678', '123456789', '87654321', '11111111', 'asdfghjkl1',
]);

export interface PasswordProblem {
  code: 'too_short' | 'too_long' | 'common' | 'same_as_email';
  message: string;
}

export function passwordProblems(password: string, email?: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < 10)
    problems.push({ code: 'too_short', message: 'Mật khẩu cần ít nhất 10 ký tự (Password needs at least 10 characters)' });
  if ([...password].length > 128)
    problems.push({ code: 'too_long', message: 'Mật khẩu tối đa 128 ký tự (Password may have at most 128 characters)' });
  if (COMMON.has(password.toLowerCase()))
    problems.push({ code: 'common', message: 'Mật khẩu quá phổ biến, hãy chọn mật khẩu khác (Password is too common)' });
  if (email && password.toLowerCase() === email.toLowerCase())
    problems.push({ code: 'same_as_email', message: 'Mật khẩu không được trùng email (Password may not equal the e-mail)' });
  return problems;
}
