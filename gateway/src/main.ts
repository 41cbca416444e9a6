import pino from 'pino';
import { traceLogFields } from '@lianxin/telemetry';
import { exitOnStartupError } from '@lianxin/config';
import { loadGatewayConfig } from './config';
import { startGateway } from './server';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const log = pino({ name: 'gateway', level: config.logLevel, base: { service: 'gateway' }, mixin: traceLogFields, redact: ['req.headers.authorization', 'req.headers["x-api-key"]'] });
  const gateway = await startGateway(config, log);
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), 10_000).unref();
    gateway.stop().then(() => process.exit(0), (err) => {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => exitOnStartupError(err, { name: 'gateway', portVariable: 'GATEWAY_PORT' }));
