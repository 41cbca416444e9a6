import { ConfigError, defineCommand, loadAll, embeddedSubgraphs, exitOnStartupError, GATEWAY_PORT, graphqlUrl, perSubgraph, readPort, SUBGRAPHS, subgraphUrlEnv, type Env, type SubgraphName } from '@lianxin/config';
import { loadGatewayConfig } from '@lianxin/gateway/dist/config';
import { loadServiceConfig } from '@lianxin/subgraph';
import { loadSweepSettings } from '@lianxin/cases/dist/sweep/sweep.scheduler';
import { loadRollupSettings } from '@lianxin/cases/dist/rollup/rollup.settings';
import { loadExpiryInterval } from '@lianxin/benefits/dist/expiry-settings';

const command = defineCommand({
  usage: 'node test/dist/bin/check-config.js',
  summary:
    "npm start's configuration check: validates the settings of the gateway and of every subgraph together, as npm start would run them, " +
    'and lists every problem at once, naming the variable and the processes it stops. Exit 1 when there is one.',
  options: {},
});

const PORTS: [variable: string, fallback: number, owner: string][] = [
  ['GATEWAY_PORT', GATEWAY_PORT, 'gateway'],
  ...SUBGRAPHS.map((s): [string, number, string] => [s.portVariable, s.port, s.name]),
];

/** Settings a subgraph reads beside loadServiceConfig(): checked with its own. */
const EXTRA_SETTINGS: Partial<Record<SubgraphName, (env: Env) => unknown>> = { cases: (env) => loadAll(() => loadSweepSettings(env), () => loadRollupSettings(env)), benefits: loadExpiryInterval };

export interface StartCheck {
  /** Each problem once, with the processes it concerns. */
  problems: { problem: string; processes: string[] }[];
  warnings: string[];
}

/** What npm start (scripts/start.mjs) would meet, for the environment it was given. */
export function checkStartConfig(env: Env): StartCheck {
  const found = new Map<string, string[]>();
  const note = (process: string, problem: string) => found.set(problem, [...(found.get(problem) ?? []), process]);

  // The ports first: npm start needs real ones (0 would hide where a process listens), and a different one for each process.
  const ports: Partial<Record<string, number>> = {};
  for (const [name, fallback, owner] of PORTS) {
    const problems: string[] = [];
    const port = readPort(env, name, fallback, problems);
    if (port === 0) problems.push(`${name} must be a port number 1–65535 (got "0")`);
    problems.forEach((p) => note(owner, p));
    if (!problems.length) ports[name] = port;
  }
  const byPort = new Map<number, string[]>();
  for (const [name, port] of Object.entries(ports)) byPort.set(port!, [...(byPort.get(port!) ?? []), name]);
  for (const [port, names] of byPort) if (names.length > 1) note('npm start', `${names.join(' and ')} are both ${port}: give each process its own port`);

  // Then every process with the settings npm start hands it (its port, and where the subgraphs are).
  const processEnv = { ...env, ...subgraphUrlEnv(perSubgraph((s) => graphqlUrl(ports[s.portVariable] ?? 1))) };
  const portless = (name: string) => ({ ...processEnv, [name]: String(ports[name] ?? 1) });
  const loaders: [string, () => unknown][] = [['gateway', () => loadGatewayConfig(portless('GATEWAY_PORT'))]];
  for (const s of SUBGRAPHS) {
    loaders.push([s.name, () => loadServiceConfig(s.name, portless(s.portVariable))]);
    const extra = EXTRA_SETTINGS[s.name];
    if (extra) loaders.push([s.name, () => extra(env)]);
  }
  for (const [name, load] of loaders) {
    try {
      load();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      err.problems.forEach((p) => note(name, p));
    }
  }

  const warnings: string[] = [];
  const production = env.NODE_ENV === 'production';
  const embedded = embeddedSubgraphs(env);
  if (production && embedded.length) {
    warnings.push(
      `NODE_ENV=production on the embedded SQLite database (${embedded.join(', ')}): it is for trials only. Set DATABASE_URL to a MariaDB server for real use.`,
    );
  }
  return { problems: [...found].map(([problem, processes]) => ({ problem, processes: [...new Set(processes)] })), warnings };
}

function main(): void {
  command.read();
  const { problems, warnings } = checkStartConfig(process.env);
  for (const w of warnings) process.stdout.write(`⚠ ${w}\n`);
  if (problems.length) {
    const lines = problems.map(({ problem, processes }) => `  - ${problem}  [${processes.join(', ')}]`);
    process.stderr.write(`✖ The configuration has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}; nothing was started:\n${lines.join('\n')}\n`);
    process.exit(1);
  }
}

try {
  main();
} catch (err) {
  exitOnStartupError(err, { name: 'configuration check' });
}
