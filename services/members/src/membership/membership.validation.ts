import { badInput, DomainError, ErrorCode } from '@lianxin/subgraph';
import type { OrgRow } from '../org/org.entity';

/*
 * What joining, status changes and transfers check alike. The resolvers validate input
 * already; services are also called directly (seeders, tests), so they re-check.
 */

const REASON_MAX = 200;

/** A reason as stored: trimmed, not blank, at most REASON_MAX characters. */
export function reasonText(field: string, value: string): string {
  const text = value.trim();
  if (!text) throw badInput(field, 'must not be blank: say why, in a few words');
  if (text.length > REASON_MAX) throw badInput(field, `must be at most ${REASON_MAX} characters`);
  return text;
}

/** The refusal when a join code or a transfer names a union that is not enterprise-level: members belong to enterprise unions. */
export const notEnterprise = (field: string, org: OrgRow, what: string): DomainError =>
  new DomainError(
    ErrorCode.BAD_USER_INPUT,
    `${what} enterprise-level unions; this is a ${org.level.toLowerCase()}-level union. Pick an enterprise union or union post.`,
    { field },
  );
