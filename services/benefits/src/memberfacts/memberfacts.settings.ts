import { ConfigError, readInt, type Env } from '@lianxin/config';
import type { ReplicaOptions } from './memberfacts.replica';

/**
 * PARTNER_FACTS (`replica`, default, or `members`: the old way, to measure against),
 * MEMBER_FACTS_MAX_AGE_SECONDS (3600) and MEMBER_FACTS_MAX_LAG_SECONDS (60), checked at start.
 */
export function loadMemberFactsCopy(env: Env = process.env): ReplicaOptions {
  const problems: string[] = [];
  const mode = env.PARTNER_FACTS || 'replica';
  if (mode !== 'replica' && mode !== 'members') problems.push('PARTNER_FACTS: must be replica or members');
  const maxAge = readInt(env, 'MEMBER_FACTS_MAX_AGE_SECONDS', 3_600, 1, 7 * 86_400, problems);
  const maxLag = readInt(env, 'MEMBER_FACTS_MAX_LAG_SECONDS', 60, 1, 86_400, problems);
  if (problems.length) throw new ConfigError(problems);
  return { mode: mode as ReplicaOptions['mode'], maxAgeMs: maxAge * 1000, maxLagMs: maxLag * 1000 };
}
