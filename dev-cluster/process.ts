import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';

/** How to (re)start one component: kept in the cluster state so `restartComponent` can reuse it. */
export interface ProcessSpec {
  name: string;
  binary: string;
  args: string[];
  log: string;
  pidFile: string;
}

/** Starts a component detached (it outlives the CLI) with stdout/stderr appended to its log. */
export function startProcess(spec: ProcessSpec): number {
  const fd = openSync(spec.log, 'a');
  try {
    const child = spawn(spec.binary, spec.args, { detached: true, stdio: ['ignore', fd, fd] });
    if (child.pid === undefined) throw new Error(`could not start ${spec.binary}`);
    child.unref();
    writeFileSync(spec.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/**
 * True when `pid` is alive and is still the program we started (its command line names our
 * binary and our state directory), so a recycled pid is never mistaken for ours.
 */
export function isOurProcess(pid: number, binary: string, marker: string): boolean {
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return false;
  }
  const argv = cmdline.split('\0');
  if (argv[0] !== binary || !cmdline.includes(marker)) return false;
  // A zombie (exited, not yet reaped) is not running.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. Only touches our pid. */
export async function stopProcess(pid: number, binary: string, marker: string, graceMs = 5000): Promise<void> {
  if (!isOurProcess(pid, binary, marker)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isOurProcess(pid, binary, marker)) return;
    await sleep(50);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  while (isOurProcess(pid, binary, marker)) await sleep(20);
}

export function readPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const n = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Last lines of a component log, for error messages. */
export function tailLog(path: string, lines = 15): string {
  if (!existsSync(path)) return '(no log)';
  return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
