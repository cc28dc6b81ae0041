// Vietnamese-first messages for zod's built-in checks, so that every field error a user sees
// reads "tiếng Việt (English)". Custom messages in schemas win over these.
import { z } from '@hono/zod-openapi';

export function installVietnameseMessages(): void {
  z.config({
    customError: (issue) => {
      switch (issue.code) {
        case 'invalid_type':
          return issue.input === undefined
            ? 'Thiếu giá trị bắt buộc (Required)'
            : `Sai kiểu dữ liệu, cần ${issue.expected} (Expected ${issue.expected})`;
        case 'too_small':
          return `Giá trị quá nhỏ hoặc quá ngắn, tối thiểu ${String(issue.minimum)} (Too small: minimum ${String(issue.minimum)})`;
        case 'too_big':
          return `Giá trị quá lớn hoặc quá dài, tối đa ${String(issue.maximum)} (Too big: maximum ${String(issue.maximum)})`;
        case 'invalid_format':
          return `Sai định dạng (Invalid format: ${issue.format})`;
        case 'invalid_value':
          return `Giá trị không được chấp nhận (Invalid value; allowed: ${issue.values.map(String).join(', ')})`;
        case 'unrecognized_keys':
          return `Trường không được phép: ${issue.keys.join(', ')} (Unknown fields)`;
        default:
          return undefined;
      }
    },
  });
}
