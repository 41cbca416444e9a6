import { Authorized, type AuthChecker } from 'type-graphql';
import type { Role } from '@lianxin/auth';
import type { SubgraphContext } from './context';
import { RoleRefusedError } from './errors';

/**
 * Every root field declares who may call it, with @Access(...roles) or @Public(). The
 * declarations are recorded so a test can walk the schema and fail on a root field that
 * declares nothing. Role checks are coarse (may this role call the field at all); which
 * rows it sees is the data layer's job (scoped()).
 */
const declared = new Map<string, readonly string[]>();

export function declaredAccess(): ReadonlyMap<string, readonly string[]> {
  return declared;
}

function record(target: object, field: string | symbol, roles: readonly string[]): void {
  declared.set(`${target.constructor.name}.${String(field)}`, roles);
}

export function Access(...roles: Role[]): MethodDecorator {
  if (roles.length === 0) throw new Error('@Access needs at least one role; use @Public() for open fields');
  return (target, key, descriptor) => {
    record(target, key, roles);
    Authorized(...roles)(target, key, descriptor);
  };
}

/** Open to anonymous callers. Only the QR join and health should need this. */
export function Public(): MethodDecorator {
  return (target, key) => record(target, key, ['public']);
}

/** Internal: only the gateway's own system token may call it (e.g. org path lookup). */
export function System(): MethodDecorator {
  return (target, key, descriptor) => {
    record(target, key, ['system']);
    Authorized('system')(target, key, descriptor);
  };
}

const WHO: Record<string, string> = { member: 'members', staff: 'union staff', admin: 'admins', partner: 'partner desks', system: 'the gateway itself', anonymous: 'callers without a token' };
const who = (roles: readonly string[]): string => {
  const words = roles.map((r) => WHO[r] ?? r);
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
};

/**
 * A refusal says who the field is for, so staff asking for `me` learn it is the signed-in
 * member's own record rather than a bare "your role may not".
 */
export const authChecker: AuthChecker<SubgraphContext> = ({ context, info }, roles) => {
  const role = context.caller.role;
  if (roles.includes(role)) return true;
  throw new RoleRefusedError(`${info.fieldName} is for ${who(roles)}; you are signed in as ${WHO[role] ?? role}.`);
};
