import { isKeepsakeError, KeepsakeError } from '../../errors.js';

/** Runs one step of a job, naming it in the failure so a person knows where it broke. */
export async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isKeepsakeError(error)) {
      throw error.step ? error : new KeepsakeError(error.code, error.message, { cause: error, step: name });
    }
    throw classifyDecodeError(error, name);
  }
}

/** Turns decoder and parser messages into a reason a person can act on, and says whether to retry. */
export function classifyDecodeError(error: unknown, step: string): KeepsakeError {
  const text = String((error as Error)?.message ?? error).split('\n')[0] ?? '';
  if (/unsupported image format|no decoding plugin|heif: no image|unknown file format/i.test(text)) {
    return new KeepsakeError(
      'UNSUPPORTED_FORMAT',
      `Keepsake cannot read this file's format (${text}). The original is stored safely.`,
      { cause: error, step },
    );
  }
  if (
    /corrupt|premature end|truncated|invalid|bad|VipsJpeg|pngload|webpload|gifload|tiffload|heif|offset|range/i.test(
      text,
    )
  ) {
    return new KeepsakeError(
      'CORRUPT_FILE',
      `The file could not be read; it looks damaged (${text}). Upload it again from the original source.`,
      { cause: error, step },
    );
  }
  return new KeepsakeError('INTERNAL', `Processing failed: ${text}`, { cause: error, step });
}
