// One error type for what users can cause. Routes turn `code` into a status and
// a translated message; `key` is a catalogue key.

export const errorStatus = {
  NotFound: 404,
  Forbidden: 403,
  Unauthenticated: 401,
  Invalid: 400,
  Conflict: 409,
  TooManyRequests: 429,
} as const;
export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly key: string;
  constructor(code: ErrorCode, key = `errors.${code}`) {
    super(code);
    this.code = code;
    this.key = key;
  }
  get status(): number {
    return errorStatus[this.code];
  }
}
