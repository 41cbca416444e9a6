import type { DataSource } from 'typeorm';
import type { Caller } from '@lianxin/auth';
import type { SubgraphContext } from '@lianxin/subgraph';
import { AllocationRow, type ProgrammeRow } from '../../programme/programme.entity';
import { ProgrammeKind } from '../../programme/programme.enums';
import { createProgramme, openProgramme } from '../../programme/programme.service';
import { CreateProgrammeInput } from '../../programme/programme.types';
import { callerStub, contextFor, FakeMemberFacts, orgTree } from '@lianxin/test-kit';

const { admin } = callerStub;

/**
 * The voucher and partner suites' world: a real database (per engine), the org tree and
 * member facts of the members subgraph faked in memory, and open programmes made through
 * the programme service as staff would make them.
 */

/** 2030-06-15 12:00 in Beijing: fixed so periods and expiries do not depend on when the test runs. */
export const NOW = new Date('2030-06-15T04:00:00Z');
export const DAY = 86_400_000;
export const SECRET = 'voucher-test-internal-secret-0123456789';
export const ACTIVE_ONLY = { requires: [{ type: 'membership', status: ['ACTIVE'] }] };
export const MONTHLY = (count = 1) => ({ requires: [{ type: 'membership', status: ['ACTIVE'] }, { type: 'perMemberLimit', count, period: 'MONTH', per: 'MEMBER' }] });

export function world(getDb: () => DataSource) {
  const orgs = orgTree();
  const facts = new FakeMemberFacts(orgs.directory);
  /** A fresh context per "request", with the services serveSubgraph gives benefits. */
  const ctxOf: (caller: Caller) => SubgraphContext = contextFor({ db: getDb, orgs: orgs.directory, facts, services: { internalSecret: SECRET } });

  async function programme(over: Partial<CreateProgrammeInput> & { open?: boolean } = {}): Promise<ProgrammeRow> {
    const { open = true, ...input } = over;
    const created = await createProgramme(
      ctxOf(admin),
      Object.assign(new CreateProgrammeInput(), {
        orgId: orgs.city.id,
        name: '免费观影',
        kind: ProgrammeKind.CINEMA_VOUCHER,
        startsOn: '2030-06-01',
        endsOn: '2030-12-31',
        quota: 100,
        voucherValidDays: 30,
        rules: ACTIVE_ONLY,
        ...input,
      }),
      NOW,
    );
    return open ? openProgramme(ctxOf(admin), created.id, NOW) : created;
  }

  const rootShare = async (p: Pick<ProgrammeRow, 'id' | 'orgId'>): Promise<AllocationRow> =>
    getDb().getRepository(AllocationRow).findOneByOrFail({ programmeId: p.id, orgId: p.orgId });

  return { orgs, facts, ctxOf, programme, rootShare };
}

/** The error code of a refused call, with the reasons it carries. */
export async function refusal(promise: Promise<unknown>): Promise<{ code: string; reasons?: string[]; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { extensions?: { code?: string; reasons?: string[] }; message: string };
    if (!e.extensions?.code) throw err;
    return { code: e.extensions.code, reasons: e.extensions.reasons, message: e.message };
  }
  throw new Error('expected the call to fail');
}

/** Settles every promise and splits the outcomes. */
export async function settle<T>(promises: Promise<T>[]): Promise<{ ok: T[]; failed: { code?: string; reasons?: string[] }[] }> {
  const results = await Promise.allSettled(promises);
  const ok: T[] = [];
  const failed: { code?: string; reasons?: string[] }[] = [];
  for (const r of results) {
    if (r.status === 'fulfilled') ok.push(r.value);
    else {
      const e = r.reason as { extensions?: { code?: string; reasons?: string[] } };
      if (!e?.extensions?.code) throw r.reason;
      failed.push({ code: e.extensions.code, reasons: e.extensions.reasons });
    }
  }
  return { ok, failed };
}
