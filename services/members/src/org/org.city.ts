import { levelsAboveCity } from '@lianxin/subgraph';
import type { DataSource } from 'typeorm';
import { OrgLevel } from './org.entity';

/** The level at the top of the tree for each ORG_LEVELS_ABOVE_CITY. */
const ROOT_LEVEL: readonly OrgLevel[] = [OrgLevel.CITY, OrgLevel.PROVINCE, OrgLevel.NATION];

/**
 * ORG_LEVELS_ABOVE_CITY must describe the tree, or every row would be stamped with the wrong
 * level's id as its city (a province's id for all its cities' rows) and a split by city would
 * put them all on one shard. Only members knows the levels, so it checks at start, and refuses
 * to start on a tree whose top is not the level the setting names. An empty tree passes.
 */
export async function assertCityLevel(db: DataSource, above: number = levelsAboveCity()): Promise<void> {
  const expected = ROOT_LEVEL[above];
  const roots = ((await db.query('SELECT DISTINCT level FROM org WHERE parent_id IS NULL')) as { level: string }[]).map((r) => r.level);
  const wrong = roots.filter((l) => l !== expected);
  if (wrong.length === 0) return;
  const fits = ROOT_LEVEL.indexOf(wrong[0] as OrgLevel);
  throw new Error(
    `ORG_LEVELS_ABOVE_CITY is ${above}, so the top of the org tree should be ${expected}, but it is ${[...new Set(roots)].join(' and ')}. ` +
      (fits >= 0 ? `Set ORG_LEVELS_ABOVE_CITY=${fits} for every service and for npm run migrate (docs/deployment.md), then start again.` : 'The tree has a root below the city level: fix the org tree.'),
  );
}
