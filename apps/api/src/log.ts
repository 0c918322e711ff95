import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * The root logger. Lines carry a stable `event` name plus fields; secrets (keys, cookies,
 * passwords) are redacted wherever they appear.
 */
export function createLogger(level: pino.LevelWithSilent): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'password',
        'apiKey',
        '*.password',
        '*.apiKey',
      ],
      censor: '[redacted]',
    },
  });
}
