import fs from 'node:fs';

/**
 * Where a CPU profile (node --cpu-prof) says a service spent its busy time: self time per
 * package and per function (DevTools' "Bottom-up" view), idle left out, so a report can
 * name the hot spots without anyone opening the file.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

export interface HotSpot {
  /** A package (or node internals, GC, native code), or a function with its file and line. */
  where: string;
  /** Share of the busy (non-idle) samples. */
  percent: number;
  ms: number;
}

export interface ProfileSummary {
  busyMs: number;
  byPackage: HotSpot[];
  byFunction: HotSpot[];
}

/** The package a frame's code belongs to: `@scope/name` or `name` under node_modules, else what kind of code it is. */
function packageOf(frame: ProfileNode['callFrame']): string {
  const url = frame.url.replace(/^file:\/\//, '');
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) return 'node (built-in modules)';
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : 'native (V8, libuv, sockets)';
  return 'lianxin (our code)';
}

function shortWhere(frame: ProfileNode['callFrame']): string {
  const url = frame.url.replace(/^file:\/\//, '');
  const nm = url.lastIndexOf('node_modules/');
  const file = nm >= 0 ? url.slice(nm + 'node_modules/'.length) : url.split('/').slice(-3).join('/');
  return `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
}

/** Summarises one .cpuprofile file: the `top` packages and functions by self time. */
export function summariseProfile(file: string, top = 12): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const msPerSample = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    busy++;
    const pkg = packageOf(frame);
    packages.set(pkg, (packages.get(pkg) ?? 0) + 1);
    const fn = shortWhere(frame);
    functions.set(fn, (functions.get(fn) ?? 0) + 1);
  }
  const rank = (m: Map<string, number>): HotSpot[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, n]) => ({ where, percent: Math.round((n / Math.max(1, busy)) * 1000) / 10, ms: Math.round(n * msPerSample) }));
  return { busyMs: Math.round(busy * msPerSample), byPackage: rank(packages), byFunction: rank(functions) };
}
