import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';
import { OrgLevel } from '@lianxin/members-client';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { registerEnumType } from 'type-graphql';

// Shared with the other subgraphs (their org directory speaks it); members registers it as the GraphQL enum.
export { OrgLevel };

/** What an org is within its level: a district-level node may be a county or an industry federation, and so on. */
export enum OrgKind {
  NATIONAL_FEDERATION = 'NATIONAL_FEDERATION',
  PROVINCE_FEDERATION = 'PROVINCE_FEDERATION',
  CITY_FEDERATION = 'CITY_FEDERATION',
  DISTRICT = 'DISTRICT',
  COUNTY = 'COUNTY',
  INDUSTRY_FEDERATION = 'INDUSTRY_FEDERATION',
  STREET = 'STREET',
  TOWN = 'TOWN',
  DEVELOPMENT_ZONE = 'DEVELOPMENT_ZONE',
  ENTERPRISE = 'ENTERPRISE',
  UNION_POST = 'UNION_POST',
}

export const KINDS_BY_LEVEL: Record<OrgLevel, OrgKind[]> = {
  [OrgLevel.NATION]: [OrgKind.NATIONAL_FEDERATION],
  [OrgLevel.PROVINCE]: [OrgKind.PROVINCE_FEDERATION],
  [OrgLevel.CITY]: [OrgKind.CITY_FEDERATION],
  [OrgLevel.DISTRICT]: [OrgKind.DISTRICT, OrgKind.COUNTY, OrgKind.INDUSTRY_FEDERATION],
  [OrgLevel.STREET]: [OrgKind.STREET, OrgKind.TOWN, OrgKind.DEVELOPMENT_ZONE],
  [OrgLevel.ENTERPRISE]: [OrgKind.ENTERPRISE, OrgKind.UNION_POST],
};

registerEnumType(OrgLevel, {
  name: 'OrgLevel',
  description: 'Nation, province, city, district, street or enterprise level of the hierarchy',
  valuesConfig: {
    NATION: { description: 'The national federation (全国总工会), the root of a national deployment; ORG_LEVELS_ABOVE_CITY 2' },
    PROVINCE: { description: 'A provincial federation (省总工会), above the cities of a provincial deployment; ORG_LEVELS_ABOVE_CITY 1 (2 under a nation)' },
    CITY: { description: 'The city federation of trade unions (市总工会): the top of a city deployment, below a province in a provincial one' },
    DISTRICT: { description: 'A district or county federation, or an industry union federation (区/县总工会, 行业工会联合会)' },
    STREET: { description: 'A street, town or development-zone union (街道/镇工会, 开发区工会)' },
    ENTERPRISE: { description: 'A grassroots union: an enterprise union or a union post (基层工会); the leaves of the tree' },
  },
});
registerEnumType(OrgKind, {
  name: 'OrgKind',
  description: 'What kind of union an org is within its level',
  valuesConfig: {
    NATIONAL_FEDERATION: { description: 'All-China Federation of Trade Unions (全国总工会); level NATION' },
    PROVINCE_FEDERATION: { description: 'Provincial federation of trade unions (省总工会); level PROVINCE' },
    CITY_FEDERATION: { description: 'City federation of trade unions (市总工会); level CITY' },
    DISTRICT: { description: 'District federation of trade unions (区总工会); level DISTRICT' },
    COUNTY: { description: 'County federation of trade unions (县总工会); level DISTRICT' },
    INDUSTRY_FEDERATION: { description: 'Industry union federation (行业工会联合会); level DISTRICT' },
    STREET: { description: 'Street union (街道工会); level STREET' },
    TOWN: { description: 'Town union (镇工会); level STREET' },
    DEVELOPMENT_ZONE: { description: 'Development-zone union (开发区工会); level STREET' },
    ENTERPRISE: { description: 'Enterprise union of a company (企业工会); level ENTERPRISE' },
    UNION_POST: { description: 'A union post serving outdoor and gig workers (工会驿站); level ENTERPRISE' },
  },
});

@Entity('org')
export class OrgRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'parent_id', type: 'varchar', length: 26, nullable: true })
  parentId: string | null;

  @Column({ type: 'varchar', length: 16 })
  level: OrgLevel;

  @Column({ type: 'varchar', length: 24 })
  kind: OrgKind;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** `/<cityId>/<districtId>/…/<id>/`; see @lianxin/auth org-path.ts. */
  @Column({ type: 'varchar', length: PATH_LENGTH })
  path: string;

  /** The shard key: the city this row belongs to, stamped from `path` (@lianxin/subgraph city.ts). */
  @CityColumn('path')
  city?: string;

  @Column({ name: 'join_code', type: 'varchar', length: 16 })
  joinCode: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  /** Set when the org was closed (撤销) or merged into another; the row stays, so history and old records keep their place. */
  @Column({ name: 'closed_at', type: 'datetime', nullable: true })
  closedAt?: Date | null;

  /** The survivor, when it was closed by a merge. */
  @Column({ name: 'merged_into_id', type: 'varchar', length: 26, nullable: true })
  mergedIntoId?: string | null;

  /** Every change to the row is `UPDATE … WHERE version = ?`. */
  @Column({ type: 'int', default: 1 })
  version?: number;
}
