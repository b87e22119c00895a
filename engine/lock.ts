// One writer per stack: apply, rollback, destroy and prune hold a coordination.k8s.io Lease in the
// stack namespace, renewed while they run. A second run fails at once naming the holder (or waits
// with --wait-for-lock); a crashed run's Lease is taken over once it has not been renewed for
// its duration.
import * as os from 'node:os';
import { stackSlug } from './applyset';
import type { KubeClient } from './client';
import { exitInterrupted, onInterrupt } from './interrupt';
import { ANN_STACK } from './ownership';

export const LEASE_SECONDS = 30;
const RENEW_MS = 10_000;
const ANN_COMMAND = 'kapstan.io/command';
const leases = (ns: string) => `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/leases`;

export function lockName(stack: string): string {
  return `kapstan-lock-${stackSlug(stack)}`;
}

/** Another run holds the stack's lock. Exit code 1: the command did not run. */
export class LockHeldError extends Error {
  readonly exitCode = 1;
}

export interface LockOptions {
  /** What this run does, recorded on the Lease (`apply`, `destroy`, ...). */
  command: string;
  /** Wait for the holder to finish instead of failing. */
  wait?: boolean;
  /** Told once when the lock is held by another run and this one waits. */
  onWait?: (holder: string) => void;
}

export interface Lock {
  readonly name: string;
  release(): Promise<void>;
}

/** RFC 3339 with microseconds, as a Lease's MicroTime fields require. */
function microTime(d = new Date()): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function holderIdentity(): string {
  let user = 'unknown';
  try { user = os.userInfo().username; } catch { /* no passwd entry */ }
  return `${user}@${os.hostname()} pid ${process.pid}`;
}

/** Whether a Lease's holder stopped renewing it (or nobody holds it). */
export function isExpired(lease: any, now = Date.now()): boolean {
  const spec = lease?.spec ?? {};
  if (!spec.holderIdentity) return true;
  const renewed = Date.parse(spec.renewTime ?? spec.acquireTime ?? '');
  if (!Number.isFinite(renewed)) return true;
  return renewed + (spec.leaseDurationSeconds ?? LEASE_SECONDS) * 1000 < now;
}

export function describeHolder(lease: any): string {
  const spec = lease.spec ?? {};
  const cmd = lease.metadata?.annotations?.[ANN_COMMAND];
  return `${spec.holderIdentity}${cmd ? ` running "${cmd}"` : ''} since ${spec.acquireTime ?? '?'} (Lease ${lease.metadata.namespace}/${lease.metadata.name})`;
}

export async function acquireLock(client: KubeClient, namespace: string, stack: string, opts: LockOptions): Promise<Lock> {
  const name = lockName(stack);
  const path = `${leases(namespace)}/${name}`;
  const holder = holderIdentity();
  const duration = LEASE_SECONDS;
  const body = (rv?: string) => {
    const now = microTime();
    return {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: {
        name, namespace, ...(rv ? { resourceVersion: rv } : {}),
        labels: { 'app.kubernetes.io/managed-by': 'kapstan' },
        annotations: { [ANN_COMMAND]: opts.command, [ANN_STACK]: stack },
      },
      spec: { holderIdentity: holder, leaseDurationSeconds: duration, acquireTime: now, renewTime: now },
    };
  };
  let told = false;
  let held: any;
  for (let delay = 250; ; delay = Math.min(delay * 2, 2000)) {
    const live = await client.request('GET', path, { allow: [404] });
    if (!live) {
      held = await client.request('POST', leases(namespace), { body: body(), allow: [409] });
    } else if (isExpired(live)) {
      held = await client.request('PUT', path, { body: body(live.metadata.resourceVersion), allow: [409] });
    } else {
      if (!opts.wait) {
        throw new LockHeldError(`stack ${stack} is locked by ${describeHolder(live)}; ` +
          'nothing was changed. Rerun with --wait-for-lock to wait for it; a crashed run\'s lock expires ' +
          `${live.spec.leaseDurationSeconds ?? LEASE_SECONDS}s after its last renewal.`);
      }
      if (!told) opts.onWait?.(describeHolder(live));
      told = true;
    }
    if (held) break;
    await new Promise((r) => setTimeout(r, delay));
  }
  let current = held;
  let stopped = false;
  // Renewal keeps the Lease fresh; a lost Lease (someone took it over) is not fought for.
  const timer = setInterval(() => {
    if (stopped) return;
    const next = { ...current, spec: { ...current.spec, renewTime: microTime() } };
    client.request('PUT', path, { body: next, allow: [404, 409] }).then((r) => {
      if (r) current = r;
      else stopped = true;
    }).catch(() => undefined);
  }, Math.min(RENEW_MS, (duration * 1000) / 3));
  timer.unref();
  // Stopped early, the run still hands the lock back.
  // The CLI handles Ctrl-C itself (cli/stdout.ts: a run wraps up, and exits through the
  // cleanups); only without it does the lock stop the process.
  const onSigint = () => void exitInterrupted(130);
  const onSigterm = () => void exitInterrupted(143);
  const ownSigint = process.listenerCount('SIGINT') === 0;
  if (ownSigint) process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  const release = async () => {
    stopped = true;
    clearInterval(timer);
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    unregister();
    try {
      await client.request('DELETE', path, {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: current.metadata.uid } }, allow: [404, 409],
      });
    } catch {
      // Not handed back (the API server is unreachable): it expires on its own.
    }
  };
  const unregister = onInterrupt(release);
  return { name, release };
}
