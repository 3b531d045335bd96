/**
 * The one logger of the process: JSON lines on stderr through pino, at or above the configured
 * level (`HOTSPOT_LOG_LEVEL`). Code logs through the small {@link Logger} function type, so tests
 * pass their own and nothing depends on pino but this file.
 *
 * Secrets never reach a line: fields named like a secret (password, token, secret, authorization,
 * cookie, at the top level or one object down) are replaced by `[redacted]` whatever the caller
 * passed, and an `Error` given as `error` is written with its stack and its chain of causes (our
 * errors never carry a password: see `src/routeros/errors.ts`).
 */
import pino from 'pino';
import type { LogLevel } from '@/config';

export type { LogLevel } from '@/config';
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

const SECRET_FIELDS = ['password', 'newPassword', 'currentPassword', 'passwordHash', 'token', 'secret', 'authorization', 'cookie', 'botToken', 'smtpPassword'];

/** Redaction paths: each secret field at the top level and one object down. */
export const REDACTED_PATHS = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`]);

/** A pino logger writing to `destination` (stderr by default), for {@link toLogger}. */
export function createPino(level: LogLevel, destination: pino.DestinationStream = pino.destination({ dest: 2, sync: true })): pino.Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.errWithCause },
    },
    destination,
  );
}

/** Our function-shaped logger over a pino instance. An `Error` in `fields.error` is logged as `err`. */
export function toLogger(p: pino.Logger): Logger {
  return (level, message, fields) => {
    if (!p.isLevelEnabled(level)) return;
    if (fields?.error instanceof Error) {
      const { error, ...rest } = fields;
      p[level]({ ...rest, err: error }, message);
    } else p[level](fields ?? {}, message);
  };
}

/** The process logger at `level`. */
export function processLogger(level: LogLevel): Logger {
  return toLogger(createPino(level));
}

export const silentLogger: Logger = () => {};
