import fs from 'node:fs';

/**
 * CPU time per process from /proc (Linux), to say where a target's time goes: how much
 * the gateway adds per request, whether the load generator itself is eating a core, and
 * how busy the whole machine (MariaDB, other work) was. On this 2-core box everything
 * competes for the same CPUs, so throughput alone cannot tell these apart.
 */

/** /proc reports times in USER_HZ, which Linux fixes at 100 for every architecture's userland. */
const USER_HZ = 100;

/** User+system CPU seconds a process has used so far; undefined when it is gone or not on Linux. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: fields are counted after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, so 11 and 12 after the name.
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return undefined;
  }
}

/** Busy CPU seconds summed over all cores since boot (everything but idle and iowait). */
export function machineBusySeconds(): number | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [, user, nice, system, _idle, _iowait, irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return (user + nice + system + irq + softirq + steal) / USER_HZ;
  } catch {
    return undefined;
  }
}

/** The local MariaDB/MySQL server process, if it runs on this machine and /proc shows it. */
export function findDatabasePid(): number | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    try {
      const comm = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm === 'mariadbd' || comm === 'mysqld') return Number(entry);
    } catch {
      // Processes come and go while we scan.
    }
  }
  return undefined;
}

/** The processes whose CPU time is tracked. */
export interface CpuPids {
  members: number;
  gateway: number;
  /** The cases subgraph, when it is under load too. */
  cases?: number;
  /** The benefits subgraph, when it is under load too. */
  benefits?: number;
  database?: number;
}

/** A point-in-time reading of every CPU counter the report uses. */
export interface CpuSnapshot {
  members?: number;
  gateway?: number;
  cases?: number;
  benefits?: number;
  database?: number;
  /** This process: the load generator (and nothing else while a slice runs). */
  loadGenerator: number;
  machine?: number;
}

/** Reads all counters at once. */
export function cpuSnapshot(pids: CpuPids): CpuSnapshot {
  const own = process.cpuUsage();
  return {
    members: processCpuSeconds(pids.members),
    gateway: processCpuSeconds(pids.gateway),
    cases: pids.cases === undefined ? undefined : processCpuSeconds(pids.cases),
    benefits: pids.benefits === undefined ? undefined : processCpuSeconds(pids.benefits),
    database: pids.database === undefined ? undefined : processCpuSeconds(pids.database),
    loadGenerator: (own.user + own.system) / 1e6,
    machine: machineBusySeconds(),
  };
}

/** CPU seconds used between two snapshots, per counter. */
export type CpuUsage = { [K in keyof CpuSnapshot]-?: number };

/** Accumulates CPU used during one target's slices. */
export class CpuTotals {
  readonly used: CpuUsage = { members: 0, gateway: 0, cases: 0, benefits: 0, database: 0, loadGenerator: 0, machine: 0 };

  add(before: CpuSnapshot, after: CpuSnapshot): void {
    for (const key of Object.keys(this.used) as (keyof CpuUsage)[]) {
      const a = before[key];
      const b = after[key];
      if (a !== undefined && b !== undefined) this.used[key] += b - a;
    }
  }
}
