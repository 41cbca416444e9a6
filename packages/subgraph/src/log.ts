import pino, { type Logger } from 'pino';
import { traceLogFields } from '@lianxin/telemetry';

/** Structured JSON logs, one logger per service; request logs are children with a request id (`rid`), and lines written while a traced request runs carry its `trace_id`. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    mixin: traceLogFields,
    redact: { paths: ['req.headers.authorization', `req.headers["x-lianxin-internal-token"]`, '*.idNumber', '*.phone'], censor: '[redacted]' },
  });
}
