import { OrgKind, type OrgRow } from '../org/org.entity';

/**
 * A county union's further 部室, as Funing's county union names those that take workers' menu
 * orders (职工点单、部室接单、县总签单): labour and economic work, and organisation and publicity,
 * beside the office and rights protection every district has. Each has one account (subject
 * `lj:<code>:<slug>`) so the demo's orders can be taken by it.
 */
export const COUNTY_DEPARTMENTS = [
  { name: '劳动和经济工作部', slug: 'laojing' },
  { name: '组宣部', slug: 'zuxuan' },
] as const;

/** The extra 部室 of an org: a county's, none elsewhere. */
export const extraDepartments = (org: Pick<OrgRow, 'kind'>): readonly { name: string; slug: string }[] => (org.kind === OrgKind.COUNTY ? COUNTY_DEPARTMENTS : []);
