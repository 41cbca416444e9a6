import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';
import type { CaseKind } from '../casefile/case.enums';

/** Where a menu is in its life: edited as a draft, then open to orders in its period. */
export enum MenuState {
  /** Being put together by the owner's staff; nobody else sees it. */
  DRAFT = 'DRAFT',
  /** Published: members of the owner's subtree order from it between startsOn and endsOn. */
  PUBLISHED = 'PUBLISHED',
}

/**
 * 菜单式服务: a menu of services an org offers its subtree's workers for a period (Funing's
 * county union: "职工点单、部室接单、县总签单"). Kept by the owner org's own staff.
 */
@Entity('service_menu')
export class ServiceMenuRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  @CityColumn('orgPath')
  city: string;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  /** First and last China day orders are taken, YYYY-MM-DD, inclusive. */
  @Column({ name: 'starts_on', type: 'varchar', length: 10 })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'varchar', length: 10 })
  endsOn: string;

  @Column({ type: 'varchar', length: 16 })
  state: MenuState;

  @Column({ name: 'published_at', type: 'datetime', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'updated_by', type: 'varchar', length: 64 })
  updatedBy: string;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;

  @Column({ type: 'int', default: 1 })
  version: number;
}

/**
 * One service on a menu (职工子女自行车, 食堂地方菜窗口, a 微梦成真 study item). An order of it
 * is a case of `kind` raised at the menu's org. `quantity` limits the orders taken; `ordered`
 * counts them, raised by one conditional UPDATE per order so that a limited item is never
 * over-ordered however many members order at once.
 */
@Entity('menu_item')
export class MenuItemRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'menu_id', type: 'varchar', length: 26 })
  menuId: string;

  /** The menu's org and path (copies), so an item is scoped like its menu without a join. */
  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  @CityColumn('orgPath')
  city: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  @Column({ type: 'varchar', length: 1000 })
  description: string;

  @Column({ type: 'varchar', length: 24 })
  kind: CaseKind;

  /** At most this many orders; null: no limit. */
  @Column({ type: 'int', nullable: true })
  quantity: number | null;

  @Column({ type: 'int', default: 0 })
  ordered: number;

  @Column({ type: 'int', default: 1 })
  version: number;
}

/**
 * 点单: a member's order of an item, and the case it raised (case_file.source_kind MENU_ITEM,
 * source_id the item). Carries the member's own org path, so a street sees its workers' orders
 * and figures count per subtree of where the workers are, not of the county that handles them.
 * One order per member and item.
 */
@Entity('menu_order')
export class MenuOrderRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'menu_id', type: 'varchar', length: 26 })
  menuId: string;

  @Column({ name: 'item_id', type: 'varchar', length: 26 })
  itemId: string;

  @Column({ name: 'case_id', type: 'varchar', length: 26 })
  caseId: string;

  @Column({ name: 'member_id', type: 'varchar', length: 26 })
  memberId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  @CityColumn('orgPath')
  city: string;

  @Column({ name: 'ordered_at', type: 'datetime' })
  orderedAt: Date;

  /** The China day of orderedAt, for figures by period without date arithmetic in SQL. */
  @Column({ name: 'ordered_on', type: 'varchar', length: 10 })
  orderedOn: string;
}
