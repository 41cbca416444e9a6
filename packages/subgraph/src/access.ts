import { Authorized, type AuthChecker } from 'type-graphql';
import type { Role } from '@lianxin/auth';
import type { SubgraphContext } from './context';

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

export const authChecker: AuthChecker<SubgraphContext> = ({ context }, roles) =>
  roles.includes(context.caller.role);
