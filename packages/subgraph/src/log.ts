import pino, { type Logger } from 'pino';

/** Structured JSON logs, one logger per service; request logs are children with a request id. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    redact: { paths: ['req.headers.authorization', `req.headers["x-lianxin-internal-token"]`, '*.idNumber', '*.phone'], censor: '[redacted]' },
  });
}
