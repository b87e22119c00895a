// One engine run: the stack, the cluster connection, discovery and the inventory, set up once.
import { KubeClient } from './client';
import { isDnsLabel } from '../dns-names';
import { withoutPrompt, type Confirm } from './confirm';
import { Discovery } from './discovery';
import { UsageError } from './errors';
import { Inventory, readInventory } from './inventory';
import { Output } from './printer';
import type { StackSource } from './source';

export interface SessionOptions {
  kubeconfig?: string;
  context?: string;
  /** Overrides the stack's namespace (-n). */
  namespace?: string;
  concurrency?: number;
  /** Asks the user before deleting (the CLI's prompt); without it only `yes` deletes. */
  confirm?: Confirm;
}

export interface Session {
  client: KubeClient;
  discovery: Discovery;
  out: Output;
  source: StackSource;
  /** The stack namespace: holds the inventory and the history. */
  namespace: string;
  inventory: Inventory;
  concurrency: number;
  confirm: Confirm;
}


export function stackNamespace(source: StackSource, override?: string): string {
  const ns = override || source.namespace || 'default';
  if (!isDnsLabel(ns)) throw new UsageError(`namespace "${ns}" is not a valid name (lowercase letters, digits and '-')`);
  return ns;
}

export async function openSession(source: StackSource, out: Output, opts: SessionOptions = {}): Promise<Session> {
  const namespace = stackNamespace(source, opts.namespace);
  // Checked by the CLI (cli/flags.ts: one range for every command).
  const concurrency = opts.concurrency ?? 16;
  for (const o of source.objects) out.redactor.addManifest(o.manifest);
  const client = await KubeClient.connect({
    kubeconfig: opts.kubeconfig, context: opts.context || source.context || undefined, maxSockets: Math.max(concurrency, 8),
  });
  // Every Secret read from the cluster (live objects for diff, prune, destroy, rollback) is known to
  // the redactor before anything about it can be printed.
  client.onBody = (body) => out.redactor.addResponse(body);
  client.onRetry = (info, attempt, reason, delay) => {
    if (attempt === 1 || attempt % 5 === 0) {
      out.warn(`${info.verb} ${info.resource}${info.name ? ` ${info.name}` : ''}: ${reason}; retrying in ${delay} ms (attempt ${attempt})`);
    }
  };
  const discovery = new Discovery(client);
  const inventory = await readInventory(client, source.stack, namespace);
  return { client, discovery, out, source, namespace, inventory, concurrency, confirm: opts.confirm ?? withoutPrompt };
}
