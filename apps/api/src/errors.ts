import type { ErrorCode } from '@keepsake/shared';

/**
 * The one error type domain code throws. `message` is for a person: it names the problem and
 * what to do. `http/` and the tRPC formatter map `code` to a status; domain code never does.
 */
export class KeepsakeError extends Error {
  readonly code: ErrorCode;
  /** Extra response headers the transport should send (e.g. the true `Upload-Offset`). */
  readonly headers: Record<string, string>;
  /** For background work: which step failed (decode, render, store…), shown with the reason. */
  readonly step: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string>; step?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KeepsakeError';
    this.code = code;
    this.headers = options?.headers ?? {};
    this.step = options?.step;
  }
}

export const isKeepsakeError = (error: unknown): error is KeepsakeError => error instanceof KeepsakeError;
