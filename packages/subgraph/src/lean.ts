/**
 * Issue 11's cuts to the work every subgraph request does beyond its data, behind one switch
 * so the bench can measure them against the old way in the same run, on the same processes:
 *
 * - members decrypts an ID number or a phone when something reads it, not for every row it
 *   loads (member/member.pii.ts): a page of 50 members used to decrypt 100 values it never showed;
 * - plain object fields and simple field resolvers skip type-graphql's per-call wrappers (build.ts);
 * - Apollo Server runs without the cache-control plugin, whose per-field hook wraps every
 *   resolver (server.ts);
 * - mysql2 does not capture a stack trace for every statement (db.ts; read when the pool opens);
 * - the partner desk's eligibility check reads the member, their grants and the programme's
 *   shares in one prepared statement instead of four reads (benefits partner/partner.statements.ts);
 * - the members page (with each member's org, so org names cost no second statement), memberById,
 *   orgById and caseById are raw statements hydrated straight into entities (members
 *   member/member.statements.ts, org/org.statements.ts, cases casefile/case.statements.ts), and
 *   so is an org's case list (its ids from case_scope) unless it filters on case_file's own columns.
 *
 * `SUBGRAPH_LEAN=off` starts a process the old way. None of these changes an answer, an error
 * or who sees what: the whole suite runs with the switch on.
 */
export const lean = { on: (process.env.SUBGRAPH_LEAN ?? 'on').toLowerCase() !== 'off' };

/** The bench flips this between interleaved slices (serveSubgraph's /bench/lean, only with SUBGRAPH_LEAN_SWITCH=1). */
export function setLean(on: boolean): void {
  lean.on = on;
}
