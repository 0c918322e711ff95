import type { ErrorCode } from '@keepsake/shared';

/** The one place error codes become HTTP statuses (the tRPC formatter has its own map). */
export const httpStatusOf: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  EMPTY_BODY: 400,
  BAD_HEADER: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  OFFSET_MISMATCH: 409,
  DIGEST_MISMATCH: 400,
  UPLOAD_GONE: 410,
  TOO_LARGE: 413,
  STORAGE_FULL: 507,
  QUOTA_EXCEEDED: 507,
  RATE_LIMITED: 429,
  UNSUPPORTED_FORMAT: 415,
  CORRUPT_FILE: 422,
  TOOL_MISSING: 501,
  INTERNAL: 500,
};
