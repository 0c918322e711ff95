import type { ErrorCode, Failure } from '@keepsake/shared';

export interface Advice {
  /** What went wrong, in plain words. */
  reason: string;
  /** What the person can do about it. */
  action: string;
}

type Who = 'device' | 'browser';

const uploadAdvice: Partial<Record<ErrorCode, (who: Who) => Advice>> = {
  DIGEST_MISMATCH: (who) => ({
    reason:
      'The bytes that arrived were not the ones sent: the file was damaged on the way. Nothing was stored.',
    action: resend(who, 'If it keeps happening, check the network between them.'),
  }),
  TOO_LARGE: (who) => ({
    reason: 'The file is larger than this server accepts.',
    action: `Raise KEEPSAKE_MAX_UPLOAD_BYTES and restart Keepsake. ${resend(who)}`,
  }),
  STORAGE_FULL: (who) => ({
    reason: 'The disk holding the data folder was full, so the file could not be kept.',
    action: `Free space on that disk (or move the data folder to a larger one). ${resend(who)}`,
  }),
  QUOTA_EXCEEDED: (who) => ({
    reason: 'Your storage quota is used up.',
    action: `Ask the admin to raise your quota. ${resend(who)}`,
  }),
  UPLOAD_GONE: (who) => ({
    reason: 'The upload stopped half-way and was not resumed in time, so its partial bytes were removed.',
    action: resend(who, 'Nothing to do unless this keeps happening.'),
  }),
  EMPTY_BODY: (who) => ({
    reason: 'The upload arrived without any bytes.',
    action: resend(who),
  }),
  BAD_REQUEST: (who) => ({
    reason: 'The upload ended before the size announced at its start: the file was cut short on the way.',
    action: resend(who),
  }),
};

const jobAdvice: Partial<Record<ErrorCode, Advice>> = {
  CORRUPT_FILE: {
    reason:
      'The file is damaged or cut short, so Keepsake cannot read it. The original is kept exactly as it arrived.',
    action:
      'If the phone still has a good copy, back it up again. Retry only helps once the stored file is whole.',
  },
  UNSUPPORTED_FORMAT: {
    reason: 'Keepsake cannot read this file format yet. The original is kept safely.',
    action: 'Retry after upgrading Keepsake.',
  },
  TOOL_MISSING: {
    reason: 'A program Keepsake needs for videos (ffmpeg) is not installed on the server.',
    action: 'Install ffmpeg (or set KEEPSAKE_FFMPEG), restart Keepsake, then Retry all.',
  },
  STORAGE_FULL: {
    reason: 'The disk was full when Keepsake tried to write the thumbnail.',
    action: 'Free space on the disk holding the data folder, then Retry.',
  },
};

function resend(who: Who, more = ''): string {
  const base =
    who === 'device'
      ? 'The phone sends the file again at its next backup.'
      : 'Upload the file again from the Library.';
  return more ? `${base} ${more}` : base;
}

/** The reason in plain words and what to do next, from the failure's stable code. */
export function adviceFor(failure: Pick<Failure, 'kind' | 'code' | 'device'>): Advice {
  const code = failure.code as ErrorCode;
  if (failure.kind === 'upload') {
    const who: Who = failure.device ? 'device' : 'browser';
    return (
      uploadAdvice[code]?.(who) ?? {
        reason: 'The upload did not finish.',
        action: resend(who),
      }
    );
  }
  return (
    jobAdvice[code] ?? {
      reason: 'Something failed inside Keepsake while processing this file.',
      action: 'Retry. If it fails again, the server log has the details.',
    }
  );
}

export const failureKindLabels: Record<Failure['kind'], string> = {
  upload: 'Upload',
  thumbnail: 'Thumbnail',
  metadata: 'Metadata',
};
