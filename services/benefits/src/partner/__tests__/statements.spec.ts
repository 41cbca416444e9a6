import { rawStatements } from '@lianxin/subgraph';
// Loading the whole subgraph defines every raw statement it has.
import '../../schema';
import { DESK_ELIGIBILITY, DESK_VOUCHER } from '../partner.statements';

/**
 * Every raw statement benefits runs, as the registry sees it (packages/subgraph raw.ts): a
 * new one fails this list until someone has looked at how it is kept in scope.
 */
describe('raw statements in benefits', () => {
  test('are the reviewed ones, each saying how it stays in scope', () => {
    const ours = rawStatements().filter((s) => s.name.startsWith('benefits.'));
    expect(ours.map((s) => [s.name, 'scope' in s.access ? 'scoped' : 'unscoped', [...s.tables].sort()])).toEqual([
      ['benefits.deskEligibility', 'unscoped', ['aid_application', 'allocation', 'member_fact', 'programme', 'voucher']],
      ['benefits.deskVoucher', 'unscoped', ['allocation', 'member_fact', 'voucher']],
    ]);
    // Unscoped, so it must say why; the desk's reason names the partner binding and what reaches the partner.
    expect('unscoped' in DESK_ELIGIBILITY.access && DESK_ELIGIBILITY.access.unscoped).toMatch(/bound to the calling partner.*masked name/);
    expect('unscoped' in DESK_VOUCHER.access && DESK_VOUCHER.access.unscoped).toMatch(/programmes the calling partner is bound to.*masked name/);
    // Every table the SQL names is declared, and nothing declared is missing from the SQL.
    for (const s of ours) {
      const named = new Set([...s.sql.matchAll(/\b(?:FROM|JOIN)\s+(\w+)/gi)].map((m) => m[1]));
      expect([...named].sort()).toEqual([...s.tables].sort());
    }
  });
});
