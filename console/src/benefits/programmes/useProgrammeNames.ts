import { useQuery } from '@apollo/client';
import { ProgrammeChoices } from './operations';
import type { Rule } from './rules';

/** Names of the programmes that "not aided by" rules list, by id; asked for only when some rule lists programmes. */
export function useProgrammeNames(rules: Rule[][]): (id: string) => string {
  const needed = rules.some((set) => set.some((r) => r.type === 'notAidedBy' && (r.programmeIds?.length ?? 0) > 0));
  const { data } = useQuery(ProgrammeChoices, { variables: {}, skip: !needed });
  const names = new Map((data?.programmes?.edges ?? []).map((e) => [e.node.id, e.node.name]));
  return (id) => names.get(id) ?? '（已看不到的项目）';
}
