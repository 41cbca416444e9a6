import { ConfigError, readInt, type Env } from '@lianxin/config';

/** VOUCHER_EXPIRY_INTERVAL_SECONDS (default 60, 0: off) in milliseconds, checked at start. */
export function loadExpiryInterval(env: Env = process.env): number {
  const problems: string[] = [];
  const seconds = readInt(env, 'VOUCHER_EXPIRY_INTERVAL_SECONDS', 60, 0, 86_400, problems);
  if (problems.length) throw new ConfigError(problems);
  return seconds * 1000;
}
