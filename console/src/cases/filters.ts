import type { CaseChannel, CaseFilter, CaseKind, CaseState, Urgency } from '../gql/graphql';

/** Which part of the subtree's cases the desk looks at. */
export type Desk = 'all' | 'mine' | 'here';

export interface BoardFilters {
  desk?: Desk;
  state?: CaseState;
  kind?: CaseKind;
  channel?: CaseChannel;
  urgency?: Urgency;
  overdue?: boolean;
  supervised?: boolean;
  orgId?: string;
}

/** Every filter goes to the API, so paging walks the filtered list, not the page on screen. */
export function toCaseFilter(f: BoardFilters): CaseFilter {
  return {
    state: f.state,
    kind: f.kind,
    channel: f.channel,
    urgency: f.urgency,
    overdue: f.overdue,
    supervised: f.supervised,
    orgId: f.orgId,
    needsMyAction: f.desk === 'mine' || undefined,
    handledHere: f.desk === 'here' || undefined,
  };
}

