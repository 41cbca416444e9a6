import type { MemberFilter } from '../gql/graphql';

/**
 * What the counter typed, as a member filter: a full mainland mobile number or a full ID
 * number (18 characters, X allowed last) is an exact lookup, which the API answers by its
 * keyed hash and never by the plaintext; anything else is the start of a name.
 */
export function memberSearchFilter(typed: string): Pick<MemberFilter, 'namePrefix' | 'phone' | 'idNumber'> {
  const text = typed.trim().replace(/\s+/g, '');
  if (!text) return {};
  if (/^1\d{10}$/.test(text)) return { phone: text };
  if (/^\d{17}[\dXx]$/.test(text)) return { idNumber: text.toUpperCase() };
  return { namePrefix: typed.trim() };
}
