import path from 'node:path';
import { SUBGRAPHS } from '@lianxin/config';
import { composeSupergraph } from '@lianxin/gateway';
import type { BuiltSubgraph } from '@lianxin/subgraph';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

export const SUPERGRAPH_FILE = 'gateway/supergraph.graphql';

/** What every subgraph package exports under one name (services/<name>/src/index.ts). */
interface SubgraphPackage {
  buildServiceSubgraph(): Promise<BuiltSubgraph>;
}

export interface GeneratedSchemas {
  subgraphs: { name: string; url: string; file: string; sdl: string }[];
  supergraph: { file: string; sdl: string };
}

/**
 * Prints each subgraph's SDL from code and composes the supergraph from them. The list of
 * subgraphs (name, the URL recorded in the supergraph, where the SDL is committed, the
 * package that builds it) is the one in @lianxin/config.
 */
export async function generateSchemas(): Promise<GeneratedSchemas> {
  const subgraphs = [];
  for (const s of SUBGRAPHS) {
    const pkg = (await import(s.packageName)) as Partial<SubgraphPackage>;
    if (typeof pkg.buildServiceSubgraph !== 'function') throw new Error(`${s.packageName} does not export buildServiceSubgraph (see services/*/src/index.ts)`);
    subgraphs.push({ name: s.name, url: s.defaultUrl, file: s.sdlFile, sdl: (await pkg.buildServiceSubgraph()).sdl });
  }
  return { subgraphs, supergraph: { file: SUPERGRAPH_FILE, sdl: composeSupergraph(subgraphs) } };
}
