export * from './app';
export * from './schema';
/** Under the name every subgraph exports it: the schema generator finds it from the list of subgraphs in @lianxin/config. */
export { buildCasesSubgraph as buildServiceSubgraph } from './schema';
export * from './entities';
export * from './casefile/case.enums';
export { migrations } from './migrations';
export { runSweep } from './sweep/sweep.service';
export { verifyLedger } from './ledger/ledger.service';
export { expectedTally, tallyDrift } from './figures/tally.rebuild';
export { FIGURES_TOPIC, type FigureEvent } from './rollup/figure.event';
export { loadRollupSettings, type RollupSettings, type CasesRole } from './rollup/rollup.settings';
export { cityOf, cityDepth } from './casefile/city';
export { applyChange } from './case/case.writer';
