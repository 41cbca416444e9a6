import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

/** Composes subgraph SDLs into the supergraph; throws with every composition error listed. */
export function composeSupergraph(subgraphs: SubgraphSdl[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors) {
    throw new Error(`Supergraph composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
