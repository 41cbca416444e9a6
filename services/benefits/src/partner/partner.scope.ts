import { DomainError, ErrorCode, type SubgraphContext, unscoped } from '@lianxin/subgraph';
import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ProgrammeRow, PartnerProgrammeRow } from '../programme/programme.entity';
import { PartnerRow } from './partner.entity';

/**
 * Partners have scope `none`: every scoped() query (programmes, vouchers, members'
 * anything) returns nothing to them. What a partner reads, it reads through this one
 * helper, which starts from the programmes the calling partner is bound to:
 *
 *   partner_programme pp (pp.partner_id = the caller's partner id)
 *   ⋈ partner pa (active)  ⋈ programme (not sensitive)
 *
 * so a partner reaches only rows of programmes it serves, never a sensitive programme
 * (even one that became sensitive after binding), and nothing once deactivated. Like
 * scoped(), a later `.where()` cannot replace the predicate and `.orWhere()` throws.
 * A caller who is not a partner gets FORBIDDEN: this is the partner view, nobody else's.
 *
 * `served`: the programmes the partner serves, as the desk's cache (partner.cache.ts) has
 * them, by the same rule (bound, active, not sensitive); the query then filters by those ids
 * instead of joining the three tables.
 */
export function partnerIdOf(ctx: Pick<SubgraphContext, 'caller'>): string {
  const { caller } = ctx;
  if (caller.role !== 'partner' || !caller.partnerId) {
    throw new DomainError(ErrorCode.FORBIDDEN, 'Only partner venues (an API key or a partner token) can use the partner desk operations.');
  }
  return caller.partnerId;
}

export interface PartnerColumns {
  /** The column holding the row's programme id, e.g. `v.programmeId`. */
  programme: string;
  /** Where rows also belong to one partner (redemptions): that column must be the caller. */
  partner?: string;
}

export function partnerQuery<T extends ObjectLiteral>(
  ctx: Pick<SubgraphContext, 'caller' | 'db'>,
  entity: EntityTarget<T>,
  alias: string,
  columns: PartnerColumns,
  em: EntityManager = unscoped(ctx, 'the partner desk: the joins below bind every row to the calling partner').manager,
  served?: readonly string[],
): SelectQueryBuilder<T> {
  const partnerId = partnerIdOf(ctx);
  const qb = em.getRepository(entity).createQueryBuilder(alias);
  if (served) {
    qb.where(served.length ? `${columns.programme} IN (:...__served)` : '1 = 0', { __served: served });
    if (columns.partner) qb.andWhere(`${columns.partner} = :__partnerId`, { __partnerId: partnerId });
  } else {
    qb.innerJoin(PartnerProgrammeRow, '__pp', `__pp.programmeId = ${columns.programme} AND __pp.partnerId = :__partnerId`, { __partnerId: partnerId })
      .innerJoin(PartnerRow, '__pa', '__pa.id = __pp.partnerId AND __pa.active = :__active', { __active: true })
      .innerJoin(ProgrammeRow, '__pg', '__pg.id = __pp.programmeId AND __pg.sensitive = :__sensitive', { __sensitive: false });
    qb.where(columns.partner ? `${columns.partner} = :__partnerId` : '1 = 1');
  }
  qb.where = qb.andWhere.bind(qb) as typeof qb.where;
  qb.orWhere = () => {
    throw new Error('orWhere() on a partner query would bypass the partner binding; wrap the alternatives in Brackets');
  };
  return qb;
}
