import fs from 'node:fs';
import path from 'node:path';
import { embeddedSubgraphs, GATEWAY_PORT, SUBGRAPH_NAMES, SUBGRAPHS, subgraph, subgraphProcessEnv, subgraphUrlEnv } from '../subgraphs';

describe('the list of subgraphs', () => {
  test('holds every package under services/, once', () => {
    const services = path.resolve(__dirname, '..', '..', '..', '..', 'services');
    const dirs = fs.readdirSync(services, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect([...SUBGRAPH_NAMES].sort()).toEqual(dirs.sort());
  });

  test('every process has a port of its own', () => {
    const ports = [GATEWAY_PORT, ...SUBGRAPHS.map((s) => s.port)];
    expect(new Set(ports).size).toBe(ports.length);
  });

  test('members starts first: the others read the org tree from it', () => {
    expect(SUBGRAPHS[0]).toMatchObject({ name: 'members', readsOrgTree: false });
  });

  test('derives the variables, the default URL and the files from the name and port', () => {
    expect(subgraph('cases')).toEqual({
      name: 'cases',
      port: 4002,
      readsOrgTree: true,
      readsCases: false,
      portVariable: 'CASES_PORT',
      urlVariable: 'CASES_URL',
      databaseVariable: 'CASES_DATABASE_URL',
      defaultUrl: 'http://127.0.0.1:4002/graphql',
      sdlFile: 'services/cases/schema.graphql',
      mainFile: 'services/cases/dist/main.js',
      migrateFile: 'services/cases/dist/migrate-cli.js',
      packageName: '@lianxin/cases',
    });
  });

  test('a process is told its port, where members is when it reads the org tree, and where cases is when it reads cases', () => {
    expect(subgraphProcessEnv(subgraph('members'), 5001, 'http://127.0.0.1:5001/graphql', 'http://127.0.0.1:5002/graphql')).toEqual({ MEMBERS_PORT: '5001' });
    expect(subgraphProcessEnv(subgraph('cases'), 5002, 'http://127.0.0.1:5001/graphql', 'http://127.0.0.1:5002/graphql')).toEqual({ CASES_PORT: '5002', MEMBERS_URL: 'http://127.0.0.1:5001/graphql' });
    expect(subgraphProcessEnv(subgraph('benefits'), 5003, 'http://127.0.0.1:5001/graphql', 'http://127.0.0.1:5002/graphql')).toEqual({
      BENEFITS_PORT: '5003', MEMBERS_URL: 'http://127.0.0.1:5001/graphql', CASES_URL: 'http://127.0.0.1:5002/graphql',
    });
    expect(subgraphUrlEnv({ members: 'http://m/graphql', cases: 'http://c/graphql', benefits: 'http://b/graphql' })).toEqual({
      MEMBERS_URL: 'http://m/graphql',
      CASES_URL: 'http://c/graphql',
      BENEFITS_URL: 'http://b/graphql',
    });
  });

  test('a subgraph without a database URL of its own or a shared one runs on the embedded database', () => {
    expect(embeddedSubgraphs({})).toEqual(SUBGRAPH_NAMES);
    expect(embeddedSubgraphs({ CASES_DATABASE_URL: 'mysql://h' })).toEqual(SUBGRAPH_NAMES.filter((n) => n !== 'cases'));
    expect(embeddedSubgraphs({ DATABASE_URL: 'mysql://h' })).toEqual([]);
  });
});
