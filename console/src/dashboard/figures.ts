/** Which states count as open on the dashboard: not yet resolved, declined or closed. Pure. */
export const OPEN_STATES = ['REGISTERED', 'TRANSFERRED', 'ACCEPTED', 'IN_PROGRESS', 'WAITING_ON_WORKER'];

export function openCount(byState: { state: string; count: number }[]): number {
  return byState.filter((s) => OPEN_STATES.includes(s.state)).reduce((n, s) => n + s.count, 0);
}
