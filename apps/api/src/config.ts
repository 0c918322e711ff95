import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const here = path.dirname(fileURLToPath(import.meta.url));

const bytes = z.coerce.number().int().positive();

/** Every setting Keepsake reads from the environment, with its default. */
export const configSchema = z.object({
  KEEPSAKE_PORT: z.coerce.number().int().min(0).max(65535).default(8266),
  KEEPSAKE_HOST: z.string().min(1).default('0.0.0.0'),
  KEEPSAKE_DATA_DIR: z.string().min(1).default('./data'),
  /** The built dashboard; both `src/` and the bundled `dist/` sit two levels under apps/api. */
  KEEPSAKE_WEB_DIR: z.string().min(1).default(path.resolve(here, '../../web/out')),
  KEEPSAKE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** 100 GiB: larger than any phone video, small enough to stop a runaway client. */
  KEEPSAKE_MAX_UPLOAD_BYTES: bytes.default(100 * 1024 ** 3),
  KEEPSAKE_UPLOAD_EXPIRY_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 7),
  KEEPSAKE_THUMBNAIL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(os.availableParallelism()),
  KEEPSAKE_METADATA_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** Video posters and durations; without it videos are still stored and listed. */
  KEEPSAKE_FFMPEG: z.string().min(1).default('ffmpeg'),
  KEEPSAKE_FFPROBE: z.string().min(1).default('ffprobe'),
  KEEPSAKE_SESSION_DAYS: z.coerce.number().positive().default(30),
});

export type EnvConfig = z.infer<typeof configSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  webDir: string;
  logLevel: EnvConfig['KEEPSAKE_LOG_LEVEL'];
  maxUploadBytes: number;
  uploadExpiryMs: number;
  thumbnailConcurrency: number;
  metadataConcurrency: number;
  ffmpeg: string;
  ffprobe: string;
  sessionMs: number;
  version: string;
}

export class ConfigError extends Error {}

/** Parses the environment once; a bad value names the variable and what it should be. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Keepsake cannot start: fix these environment variables:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.KEEPSAKE_PORT,
    host: e.KEEPSAKE_HOST,
    dataDir: path.resolve(e.KEEPSAKE_DATA_DIR),
    webDir: path.resolve(e.KEEPSAKE_WEB_DIR),
    logLevel: e.KEEPSAKE_LOG_LEVEL,
    maxUploadBytes: e.KEEPSAKE_MAX_UPLOAD_BYTES,
    uploadExpiryMs: e.KEEPSAKE_UPLOAD_EXPIRY_HOURS * 3600_000,
    thumbnailConcurrency: e.KEEPSAKE_THUMBNAIL_CONCURRENCY,
    metadataConcurrency: e.KEEPSAKE_METADATA_CONCURRENCY,
    ffmpeg: e.KEEPSAKE_FFMPEG,
    ffprobe: e.KEEPSAKE_FFPROBE,
    sessionMs: e.KEEPSAKE_SESSION_DAYS * 86400_000,
    version: env.npm_package_version ?? '0.1.0',
  });
}
