// Runs PostgresCluster's emitted scripts against the machine's real PostgreSQL (Debian's
// `postgresql` package) on loopback ports, as the unprivileged `postgres` user when run as root.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** Directory holding initdb, pg_ctl, postgres, psql, pg_basebackup (newest installed version). */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_basebackup')))
    : [];
  if (versions.length === 0) {
    throw new Error("PostgreSQL is not installed: run `apt-get install -y postgresql` (Debian's package)");
  }
  versions.sort((a, b) => Number(b) - Number(a));
  return path.join(root, versions[0], 'bin');
}

const asRoot = process.getuid?.() === 0;

/** argv prefix that drops to the `postgres` user when we are root (PostgreSQL refuses root). */
function userPrefix(): string[] {
  return asRoot ? ['runuser', '-u', 'postgres', '--'] : [];
}

export function makeWorkDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-pg-'));
  fs.chmodSync(dir, 0o755);
  if (asRoot) chownPostgres(dir);
  return dir;
}

function chownPostgres(p: string): void {
  execFileSync('chown', ['-R', 'postgres:postgres', p]);
}

/** Writes the ConfigMap's files into `<dir>/config` byte for byte. */
export function writeConfigDir(dir: string, files: Record<string, string>): string {
  const configDir = path.join(dir, 'config');
  fs.mkdirSync(configDir);
  for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(configDir, name), body);
  if (asRoot) chownPostgres(configDir);
  return configDir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function envArgs(env: Record<string, string>): string[] {
  return ['env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`)];
}

/** Runs a script to completion with exactly `env` (plus PATH to the PostgreSQL binaries). */
export function runScript(script: string, env: Record<string, string>): string {
  const [cmd, ...args] = [...userPrefix(), ...envArgs(withPath(env)), 'bash', script];
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${path.basename(script)} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** Starts a long-running script (the main container) in the background; output goes to a log. */
export function startScript(script: string, env: Record<string, string>, log: string): ChildProcess {
  const out = fs.openSync(log, 'a');
  const [cmd, ...args] = [...userPrefix(), ...envArgs(withPath(env)), 'bash', script];
  const child = spawn(cmd, args, { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  return child;
}

function withPath(env: Record<string, string>): Record<string, string> {
  return { PATH: `${postgresBinDir()}:/usr/bin:/bin`, ...env };
}

/** Runs one SQL statement over TCP with password authentication; returns unaligned output. */
export function psql(port: number, user: string, password: string, sql: string, db = 'postgres'): string {
  const bin = path.join(postgresBinDir(), 'psql');
  return execFileSync(bin, ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', db, '-c', sql], {
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

export function isReady(port: number): boolean {
  try {
    execFileSync(path.join(postgresBinDir(), 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` a bounded number of times, 250 ms apart; returns whether it ever held. */
export async function eventually(check: () => boolean, attempts = 240): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** Stops an instance started by `startScript` (immediate: the test data is thrown away). */
export function stopInstance(pgdata: string): void {
  if (!fs.existsSync(path.join(pgdata, 'postmaster.pid'))) return;
  const [cmd, ...args] = [...userPrefix(), path.join(postgresBinDir(), 'pg_ctl'), '-D', pgdata, '-m', 'immediate', '-w', 'stop'];
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
  } catch {
    // Already gone.
  }
}
