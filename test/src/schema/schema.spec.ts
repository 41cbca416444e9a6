import fs from 'node:fs';
import path from 'node:path';
import { getMetadataStorage } from 'type-graphql';
import { declaredAccess } from '@lianxin/subgraph';
import { SUBGRAPHS } from '@lianxin/config';
import { composeSupergraph } from '@lianxin/gateway';
import { generateSchemas, ROOT } from './generate';

describe('committed schemas', () => {
  let generated: Awaited<ReturnType<typeof generateSchemas>>;
  beforeAll(async () => {
    generated = await generateSchemas();
  });

  test.each(SUBGRAPHS.map((s) => s.sdlFile))('%s matches the code (run `npm run schema` after changing resolvers)', (file) => {
    const sdl = generated.subgraphs.find((s) => s.file === file)!.sdl;
    expect(fs.readFileSync(path.join(ROOT, file), 'utf8')).toBe(sdl);
  });

  test('gateway/supergraph.graphql matches the composition of the subgraphs', () => {
    expect(fs.readFileSync(path.join(ROOT, generated.supergraph.file), 'utf8')).toBe(generated.supergraph.sdl);
  });

  test('composition reports errors instead of writing a broken supergraph', () => {
    const members = generated.subgraphs[0];
    const clash = { name: 'clash', url: 'http://127.0.0.1:1/graphql', sdl: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\ntype Org @key(fields: "id") { id: ID! name: Int! }' };
    expect(() => composeSupergraph([members, clash])).toThrow(/composition failed[\s\S]*name/i);
  });
});

describe('every root field declares who may call it', () => {
  test('no Query or Mutation field without @Access, @Public or @System', async () => {
    await generateSchemas(); // loads every resolver class
    const storage = getMetadataStorage();
    const roots = [...storage.queries, ...storage.mutations];
    expect(roots.length).toBeGreaterThan(5);
    const undeclared = roots.filter((r) => !declaredAccess().has(`${r.target.name}.${r.methodName}`)).map((r) => `${r.target.name}.${r.methodName}`);
    expect(undeclared).toEqual([]);
  });

  test('only the QR join operations are public', () => {
    const open = [...declaredAccess()].filter(([, roles]) => roles.includes('public')).map(([k]) => k.split('.')[1]).sort();
    expect(open).toEqual(['applyToJoin', 'driveJoinForm', 'joinTarget', 'joinThroughDrive']);
  });
});
