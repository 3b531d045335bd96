/**
 * The monitor's logging seam. Lines carry a location id and what happened, never a password (the
 * monitor never passes credentials to a log call; configs are not logged).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** One JSON line per event on stderr, at or above `min` (default `info`, or `HOTSPOT_LOG_LEVEL`). */
export function consoleLogger(min: LogLevel = (process.env.HOTSPOT_LOG_LEVEL as LogLevel) || 'info'): Logger {
  const floor = ORDER[min] ?? 1;
  return (level, message, fields) => {
    if (ORDER[level] < floor) return;
    process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level, msg: message, ...fields })}\n`);
  };
}

export const silentLogger: Logger = () => {};
