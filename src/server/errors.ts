// AppError carries a stable code; one table maps codes to HTTP statuses.
export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  current_password_incorrect: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  token_expired: 401,
  forbidden: 403,
  password_change_required: 403,
  role_not_permitted: 403,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  requirement_not_met: 422,
  unprocessable: 422,
  otp_invalid: 422,
  otp_expired: 422,
  otp_locked: 429,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get statusCode(): number {
    return ERROR_STATUS[this.code];
  }
}
