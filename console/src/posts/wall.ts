/** How a wish card on the wall reads, from the case it became. Pure: unit-tested. */

export type WishStatus = 'granted' | 'chosen' | 'declined' | 'waiting';

export const WISH_STATUS: Record<WishStatus, { word: string; color: string }> = {
  granted: { word: '已实现', color: 'green' },
  chosen: { word: '已选中', color: 'blue' },
  declined: { word: '未入选', color: 'default' },
  waiting: { word: '待选', color: 'gold' },
};

const DONE = new Set(['RESOLVED', 'SIGNED_OFF', 'CLOSED']);

/** 已实现 once its case is resolved (a project's or its own), 已选中 while its project runs, 未入选 when declined, otherwise 待选. */
export function wishStatus(c: { state: string; inProject: boolean }): WishStatus {
  if (DONE.has(c.state)) return 'granted';
  if (c.inProject) return 'chosen';
  if (c.state === 'DECLINED') return 'declined';
  return 'waiting';
}

/** A wish can still be chosen into a project while it is open and in none. */
export const choosable = (c: { state: string; inProject: boolean }): boolean => !c.inProject && ['REGISTERED', 'ACCEPTED', 'IN_PROGRESS'].includes(c.state);

/** A suggestion is answered once resolved, signed off, closed or declined with a reason. */
export const answered = (state: string): boolean => DONE.has(state) || state === 'DECLINED';

/** The project a chosen wish is in, from the responsible the project put on it (项目：…). */
export const projectOf = (responsible: string | null | undefined): string | null => (responsible?.startsWith('项目：') ? responsible.slice(3) : null);
