// Errors of reading uploaded documents: a code the API maps to a status, and a Vietnamese-first
// message that can be shown to the user as is.

export const documentErrorCodes = ['not-docx', 'too-large', 'zip-bomb', 'corrupt'] as const;
export type DocumentErrorCode = (typeof documentErrorCodes)[number];

const defaultMessages: Record<DocumentErrorCode, string> = {
  'not-docx': 'Tệp không phải .docx hợp lệ (Not a valid .docx)',
  'too-large': 'Tệp lớn hơn 20 MB (File larger than 20 MB)',
  'zip-bomb':
    'Tệp nén bất thường: quá nhiều thành phần hoặc dung lượng giải nén quá lớn (Suspicious archive: too many entries or too large when uncompressed)',
  corrupt: 'Tệp .docx bị hỏng, không đọc được (Corrupt .docx file)',
};

/** HTTP status an API answers with for each code (problem+json). */
const statuses: Record<DocumentErrorCode, number> = {
  'not-docx': 415,
  'too-large': 413,
  'zip-bomb': 413,
  corrupt: 422,
};

export class DocumentError extends Error {
  override readonly name = 'DocumentError';
  readonly code: DocumentErrorCode;

  constructor(code: DocumentErrorCode, message: string = defaultMessages[code], options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** The HTTP status that fits the error: 413, 415 or 422. */
  get status(): number {
    return statuses[this.code];
  }
}

export function isDocumentError(error: unknown): error is DocumentError {
  return error instanceof DocumentError;
}
