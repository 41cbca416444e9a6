import path from 'node:path';
import { buildBenefitsSubgraph } from '@lianxin/benefits';
import { buildCasesSubgraph } from '@lianxin/cases';
import { buildMembersSubgraph } from '@lianxin/members';
import { composeSupergraph } from '@lianxin/gateway';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Every subgraph: where its SDL is committed, the URL recorded in the supergraph, how to build it. */
export const SUBGRAPHS = [
  { name: 'members', url: 'http://127.0.0.1:4001/graphql', file: 'services/members/schema.graphql', build: buildMembersSubgraph },
  { name: 'cases', url: 'http://127.0.0.1:4002/graphql', file: 'services/cases/schema.graphql', build: buildCasesSubgraph },
  { name: 'benefits', url: 'http://127.0.0.1:4003/graphql', file: 'services/benefits/schema.graphql', build: buildBenefitsSubgraph },
];

export const SUPERGRAPH_FILE = 'gateway/supergraph.graphql';

export interface GeneratedSchemas {
  subgraphs: { name: string; url: string; file: string; sdl: string }[];
  supergraph: { file: string; sdl: string };
}

/** Prints each subgraph's SDL from code and composes the supergraph from them. */
export async function generateSchemas(): Promise<GeneratedSchemas> {
  const subgraphs = [];
  for (const s of SUBGRAPHS) subgraphs.push({ name: s.name, url: s.url, file: s.file, sdl: (await s.build()).sdl });
  return { subgraphs, supergraph: { file: SUPERGRAPH_FILE, sdl: composeSupergraph(subgraphs) } };
}
