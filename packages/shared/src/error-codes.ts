// The catalogue of error codes. The api throws them, `http/` and the tRPC error formatter
// map them to statuses, and the web switches on them: one list for all three.
export const errorCodes = {
  BAD_REQUEST: 'The request is malformed.',
  EMPTY_BODY: 'The upload has no bytes.',
  BAD_HEADER: 'A request header has a value Keepsake cannot use.',
  UNAUTHENTICATED: 'No valid credentials were sent.',
  FORBIDDEN: 'The caller may not do this.',
  NOT_FOUND: 'The thing asked for does not exist.',
  CONFLICT: 'The request conflicts with the current state.',
  OFFSET_MISMATCH: 'The upload offset does not match what the server holds.',
  DIGEST_MISMATCH: 'The bytes received do not match the digest sent.',
  UPLOAD_GONE: 'The upload expired or was cancelled.',
  TOO_LARGE: 'The upload is larger than this server accepts.',
  STORAGE_FULL: 'The disk holding the data folder is full.',
  QUOTA_EXCEEDED: 'This person has used all the storage their quota allows.',
  RATE_LIMITED: 'Too many attempts; wait and try again.',
  UNSUPPORTED_FORMAT: 'The file format cannot be processed.',
  CORRUPT_FILE: 'The file is damaged and cannot be read.',
  TOOL_MISSING: 'A program Keepsake needs for this (such as ffmpeg) is not installed.',
  INTERNAL: 'Something failed inside Keepsake.',
} as const;
export type ErrorCode = keyof typeof errorCodes;
export const errorCodeList = Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]];
