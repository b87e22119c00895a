import type { KObject } from '../status';
import type { ClusterReader } from './cluster';
import { reducedForTracking } from './reduce';
import { OwnerIndex } from '../status/lookup';

export interface ListWatchOptions {
  path: string;
  fieldSelector?: string;
  labelSelector?: string;
  /** Keep an index of the objects by owner up to date (pods, ReplicaSets: looked up by owner). */
  indexed?: boolean;
  /** Objects this returns false for are not kept (events no rule reads). */
  keep?: (obj: KObject) => boolean;
  /** Called after every change to `items` (add, update, delete, relist). */
  onChange: () => void;
}

const MAX_BACKOFF_MS = 5000;

/** Errors worth retrying: throttling, server errors, timeouts and connection failures. */
export function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'number') return code === 408 || code === 429 || code >= 500;
  return true;
}

function keyOf(obj: KObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

/**
 * An informer for one collection: list, then watch from the list's resourceVersion. A watch that
 * the server closes normally resumes from the last seen resourceVersion (kept fresh by bookmarks);
 * "410 Gone" or a broken connection re-lists (with backoff on errors) so no change is missed.
 */
export class ListWatch {
  /** Current objects by "namespace/name". */
  readonly items = new Map<string, KObject>();
  /** By owner, kept current with `items` when the options ask for it. */
  readonly index?: OwnerIndex;
  /** Grows with every change to `items`: a snapshot of the same version is still current. */
  version = 0;
  /** True after the first successful list. */
  synced = false;
  /** The last error seen, cleared by the next successful list or event. */
  lastError?: string;
  private resourceVersion = '';
  /** Objects changed since the last takeChanges (old and new versions), and whether it re-listed. */
  private changed: KObject[] = [];
  private relisted = false;
  private stopped = false;
  private controller?: AbortController;
  private backoffMs = 0;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    private readonly reader: ClusterReader,
    private readonly options: ListWatchOptions,
  ) {
    if (options.indexed) this.index = new OwnerIndex();
  }

  get(namespace: string | null | undefined, name: string): KObject | undefined {
    return this.items.get(`${namespace ?? ''}/${name}`);
  }

  values(): KObject[] {
    return [...this.items.values()];
  }

  private snapshotCache?: { version: number; list: readonly KObject[] };

  /** The objects as one array, the same array (and index) as long as nothing changed. */
  snapshot(): readonly KObject[] {
    if (this.snapshotCache?.version !== this.version) {
      const list = this.values();
      this.snapshotCache = { version: this.version, list: this.index ? this.index.of(list) : list };
    }
    return this.snapshotCache.list;
  }

  /**
   * What changed since the last call: the objects an event added, changed or deleted (both
   * versions), or `relisted` when a list replaced everything.
   */
  takeChanges(): { relisted: boolean; objects: KObject[] } {
    const taken = { relisted: this.relisted, objects: this.changed };
    this.relisted = false;
    this.changed = [];
    return taken;
  }

  /**
   * Lists once without watching (for one-shot status), retrying briefly on transient errors
   * (429 while a new CRD's storage initialises, 5xx, connection resets). Throws otherwise.
   */
  async listOnce(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.relist();
      } catch (err) {
        if (!isTransient(err) || attempt >= 4) throw err;
        await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
      }
    }
  }

  /**
   * Lists and starts watching. With `mustSucceed`, a first list refused for good (401, 403, 404…)
   * throws; transient errors, or any error without `mustSucceed`, are kept in `lastError` and the
   * list is retried in the background.
   */
  async start(mustSucceed: boolean): Promise<void> {
    try {
      await this.relist();
    } catch (err) {
      if (mustSucceed && !isTransient(err)) throw err;
      this.retry(err);
      return;
    }
    this.watch();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.controller?.abort();
  }

  private async relist(): Promise<void> {
    const { path, fieldSelector, labelSelector } = this.options;
    const list = await this.reader.list(path, { fieldSelector, labelSelector });
    if (this.stopped) return;
    this.items.clear();
    const keep = this.options.keep;
    this.index?.clear();
    for (const item of list.items) {
      if (keep && !keep(item)) continue;
      const kept = reducedForTracking(item);
      this.items.set(keyOf(kept), kept);
      this.index?.replace(undefined, kept);
    }
    this.version++;
    this.resourceVersion = list.resourceVersion;
    this.relisted = true;
    this.changed = [];
    this.synced = true;
    this.lastError = undefined;
    this.options.onChange();
  }

  private watch(): void {
    if (this.stopped) return;
    const { path, fieldSelector, labelSelector } = this.options;
    let gone = false;
    let sawEvent = false;
    const startedAt = Date.now();
    const query = {
      resourceVersion: this.resourceVersion,
      allowWatchBookmarks: true,
      fieldSelector,
      labelSelector,
      // Spread reconnects of many watches; the server closes the watch after this.
      timeoutSeconds: 240 + Math.floor(Math.random() * 60),
    };
    const onEvent = (phase: string, obj: KObject) => {
      if (this.stopped) return;
      const rv = obj?.metadata?.resourceVersion;
      switch (phase) {
        case 'ADDED':
        case 'MODIFIED': {
          const key = keyOf(obj);
          const old = this.items.get(key);
          if (old) this.changed.push(old);
          if (this.options.keep && !this.options.keep(obj)) {
            if (!old) {
              sawEvent = true;
              if (rv) this.resourceVersion = rv;
              return;
            }
            this.items.delete(key);
            this.index?.remove(old);
            break;
          }
          const kept = reducedForTracking(obj);
          this.items.set(key, kept);
          this.index?.replace(old, kept);
          this.changed.push(kept);
          break;
        }
        case 'DELETED': {
          const key = keyOf(obj);
          const old = this.items.get(key);
          this.changed.push(old ?? obj);
          this.items.delete(key);
          if (old) this.index?.remove(old);
          break;
        }
        case 'BOOKMARK':
          if (rv) this.resourceVersion = rv;
          return;
        case 'ERROR':
          // A Status object: 410 means our resourceVersion is too old to resume from.
          if (obj?.code === 410) gone = true;
          else this.lastError = `watch ${path}: ${obj?.message ?? 'error'}`;
          return;
        default:
          return;
      }
      sawEvent = true;
      this.version++;
      this.backoffMs = 0;
      this.lastError = undefined;
      if (rv) this.resourceVersion = rv;
      this.options.onChange();
    };
    const onDone = (err: any) => {
      if (this.stopped) return;
      if (err?.statusCode === 410) gone = true;
      const quickClose = !sawEvent && Date.now() - startedAt < 1000;
      if (!err && !gone && !quickClose) return this.watch();
      this.retry(err ?? (gone ? undefined : new Error('watch closed immediately')), gone);
    };
    this.reader.count(path, { watch: true });
    const { Watch } = require('@kubernetes/client-node') as typeof import('@kubernetes/client-node');
    new Watch(this.reader.kc)
      .watch(path, query, onEvent, onDone)
      .then((controller) => {
        if (this.stopped) controller.abort();
        else this.controller = controller;
      })
      .catch((err) => onDone(err));
  }

  /** Re-list and resume watching: at once after 410 Gone, with growing backoff after errors. */
  private retry(err: unknown, gone = false): void {
    if (this.stopped) return;
    if (err) {
      this.lastError = `${this.options.path}: ${err instanceof Error ? err.message : String(err)}`;
      this.backoffMs = Math.min(Math.max(this.backoffMs * 2, 250), MAX_BACKOFF_MS);
    }
    const delay = gone && !err ? 0 : this.backoffMs;
    this.retryTimer = setTimeout(() => {
      this.relist().then(
        () => this.watch(),
        (e) => this.retry(e),
      );
    }, delay);
  }
}
