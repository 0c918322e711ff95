import { spawn } from 'node:child_process';
import { KeepsakeError } from '../errors.js';

/**
 * One frame of a video as PNG, upright: ffmpeg applies the rotation in the file's display
 * matrix by default (iPhone videos are stored sideways and marked as rotated).
 */
export function videoPoster(ffmpeg: string, path: string): Promise<Buffer> {
  return run(ffmpeg, [
    '-v',
    'error',
    '-i',
    path,
    '-frames:v',
    '1',
    '-f',
    'image2pipe',
    '-vcodec',
    'png',
    '-',
  ]);
}

/** Runs a media tool and collects its output; a missing tool is said plainly, not as ENOENT. */
export function run(command: string, args: string[], timeoutMs = 120_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(
          new KeepsakeError(
            'TOOL_MISSING',
            `${command} is not installed, so Keepsake cannot read videos. The video is stored safely; install ffmpeg (Debian: apt-get install ffmpeg) or set KEEPSAKE_FFMPEG, then retry.`,
            { cause: error },
          ),
        );
      } else reject(error);
    });
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (code === 0 && out.length > 0) resolve(Buffer.concat(out));
      else
        reject(
          new KeepsakeError(
            'CORRUPT_FILE',
            `The video could not be read (${stderr.split('\n')[0] || `exit ${code}`}).`,
          ),
        );
    });
  });
}
