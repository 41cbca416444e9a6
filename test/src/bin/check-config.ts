import { ConfigError, defineCommand, exitOnStartupError, readPort, type Env } from '@lianxin/config';
import { loadGatewayConfig } from '@lianxin/gateway/dist/config';
import { loadServiceConfig } from '@lianxin/subgraph';
import { loadSweepSettings } from '@lianxin/cases/dist/sweep/sweep.scheduler';
import { loadExpiryInterval } from '@lianxin/benefits/dist/expiry-settings';

const command = defineCommand({
  usage: 'node test/dist/bin/check-config.js',
  summary:
    "npm start's configuration check: validates the settings of the gateway and of every subgraph together, as npm start would run them, " +
    'and lists every problem at once, naming the variable and the processes it stops. Exit 1 when there is one.',
  options: {},
});

const PORTS = [
  ['GATEWAY_PORT', 4000, 'gateway'],
  ['MEMBERS_PORT', 4001, 'members'],
  ['CASES_PORT', 4002, 'cases'],
  ['BENEFITS_PORT', 4003, 'benefits'],
] as const;

export interface StartCheck {
  /** Each problem once, with the processes it concerns. */
  problems: { problem: string; processes: string[] }[];
  warnings: string[];
}

/** What npm start (scripts/start.mjs) would meet, for the environment it was given. */
export function checkStartConfig(env: Env): StartCheck {
  const found = new Map<string, string[]>();
  const note = (process: string, problem: string) => found.set(problem, [...(found.get(problem) ?? []), process]);

  // The ports first: npm start needs real ones (0 would hide where a process listens), and four different ones.
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
  const url = (name: string) => `http://127.0.0.1:${ports[name] ?? 1}/graphql`;
  const processEnv = { ...env, MEMBERS_URL: url('MEMBERS_PORT'), CASES_URL: url('CASES_PORT'), BENEFITS_URL: url('BENEFITS_PORT') };
  const portless = (name: string) => ({ ...processEnv, [name]: String(ports[name] ?? 1) });
  const loaders: [string, () => unknown][] = [
    ['gateway', () => loadGatewayConfig(portless('GATEWAY_PORT'))],
    ['members', () => loadServiceConfig('members', 4001, portless('MEMBERS_PORT'))],
    ['cases', () => loadServiceConfig('cases', 4002, portless('CASES_PORT'))],
    ['cases', () => loadSweepSettings(env)],
    ['benefits', () => loadServiceConfig('benefits', 4003, portless('BENEFITS_PORT'))],
    ['benefits', () => loadExpiryInterval(env)],
  ];
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
  const embedded = ['MEMBERS', 'CASES', 'BENEFITS'].filter((s) => !(env[`${s}_DATABASE_URL`] || env.DATABASE_URL)).map((s) => s.toLowerCase());
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
