// What the kernel knows about a process and the machine, read from /proc (Linux only). We read
// the server's memory from outside instead of asking it, so the measurement costs the server
// nothing and works the same for Keepsake and for the baselines.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

function statusField(pid, field) {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** Resident set size in bytes (VmRSS): what the process holds in RAM right now. */
export const rssBytes = (pid) => statusField(pid, 'VmRSS');

/** Peak resident set size in bytes since start or since the last `resetPeak`. */
export const peakRssBytes = (pid) => statusField(pid, 'VmHWM');

/**
 * Resets VmHWM (writing 5 to clear_refs, Linux ≥ 4.0), so the next peak belongs to the
 * measured phase only. The peak catches spikes shorter than the sampling interval. Returns
 * false where the kernel or container refuses; callers then rely on sampling alone.
 */
export function resetPeak(pid) {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may itself contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/** The process and its descendants (nginx's workers are children of its master). */
export function processTree(pid) {
  const parents = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Exited while we looked.
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  }
  return tree;
}

/** CPU seconds of a process tree; a child that exits in between simply stops counting. */
export function treeCpuSeconds(pid) {
  let total = 0;
  for (const member of processTree(pid)) {
    try {
      total += cpuSeconds(member);
    } catch {
      // Gone.
    }
  }
  return total;
}

/**
 * I/O counters: rchar/wchar count every read()/write() byte (sockets and page-cache hits
 * included), read_bytes/write_bytes only what went to the block device.
 */
export function ioCounters(pid) {
  const text = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
  const out = {};
  for (const line of text.trim().split('\n')) {
    const [key, value] = line.split(':');
    out[key.trim()] = Number(value);
  }
  return out;
}

/**
 * Samples VmRSS every `intervalMs` until stopped. `baseline` is taken at start; `growth` is the
 * highest of the sampled maximum and the kernel's peak (when resettable) minus the baseline.
 */
/**
 * Waits until the process's RSS stops moving (less than 1 MiB over `quietMs`), at most
 * `timeoutMs`: one-time work a request set off (loading a library, a background job) ends
 * before growth is measured. Returns how long it waited.
 */
export async function rssSettled(pid, { quietMs = 1000, timeoutMs = 15_000 } = {}) {
  const started = performance.now();
  let mark = rssBytes(pid);
  let markedAt = started;
  while (performance.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = rssBytes(pid);
    if (Math.abs(now - mark) >= 1024 * 1024) {
      mark = now;
      markedAt = performance.now();
    } else if (performance.now() - markedAt >= quietMs) break;
  }
  return performance.now() - started;
}

export function sampleRss(pid, intervalMs = 20) {
  const peakResettable = resetPeak(pid);
  const baseline = rssBytes(pid);
  let max = baseline;
  let samples = 1;
  const timer = setInterval(() => {
    try {
      max = Math.max(max, rssBytes(pid));
      samples++;
    } catch {
      // The process exited; stop() still reports what was seen.
    }
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      let peak = max;
      try {
        max = Math.max(max, rssBytes(pid));
        if (peakResettable) peak = Math.max(max, peakRssBytes(pid));
        else peak = max;
      } catch {
        peak = max;
      }
      return { baseline, sampledMax: max, peak, growth: peak - baseline, samples, peakResettable };
    },
  };
}

function firstLine(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** The facts a reader needs to judge a figure: cores, memory, CPU, kernel, disk, Node. */
export function machineInfo(dir = os.tmpdir()) {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const memKiB = Number(/^MemTotal:\s+(\d+)/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))?.[1]);
  const df = firstLine('df', ['-P', '-T', dir])?.split('\n')[1]?.split(/\s+/);
  return {
    date: new Date().toISOString(),
    nproc: Number(firstLine('nproc', [])) || os.availableParallelism(),
    memoryGiB: Math.round((memKiB / 1024 ** 2) * 10) / 10,
    freeG: firstLine('free', ['-g'])?.split('\n')[1]?.replace(/\s+/g, ' '),
    cpu: model,
    kernel: `${os.type()} ${os.release()}`,
    os: /^PRETTY_NAME="(.+)"$/m.exec(fs.readFileSync('/etc/os-release', 'utf8'))?.[1],
    node: process.version,
    disk: df ? { device: df[0], fs: df[1], mount: df[6] } : undefined,
  };
}
