import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** The repository root, where `node <service>/dist/main.js` runs. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** A port nobody listens on right now; the OS picks it, so parallel runs do not collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A service started as its own process, as it is deployed. */
export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts `node <mainFile>` with exactly `env` (plus PATH): nothing leaks in from the test's own
 * environment. Output is kept for the failure message.
 */
export function spawnService(mainFile: string, port: number, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, [mainFile], { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Until it answers /health (true) or exits (false); throws after a minute of neither. */
export async function cameUp(p: ServiceProcess, name = 'the service'): Promise<boolean> {
  for (let i = 0; i < 600; i++) {
    if (p.child.exitCode !== null) return false;
    try {
      if ((await fetch(`${p.url}/health`)).ok) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`${name} on ${p.port} neither came up nor exited:\n${p.output()}`);
}
