import type { KubeConfig } from '@kubernetes/client-node';
import { assess, POD_OWNERS, type KObject, type StatusContext } from '../status';
import { ClusterReader, type ResourceInfo } from './cluster';
import { ContextWatches, type ContextNeeds } from './context-watches';
import { isTransient, ListWatch } from './list-watch';
import { objectId } from './object-id';
import { buildResult } from './outcome';
import { annotatedTimeout, DEFAULT_TIMEOUT_MS, formatMs, waitDisabled } from './timeout';
import type { ObjectRef, ObjectState, TrackEvent, TrackOptions, TrackResult } from './types';
import { fetchPodLog, wantsLogs } from './pod-logs';
import { currentFromRead } from './known';
import { Affected } from './affected';

const RESOLVE_RETRY_MS = 1000;

interface Entry {
  ref: ObjectRef;
  state: ObjectState;
  resource?: ResourceInfo;
  collection?: ListWatch;
  deadline: number;
  timer?: NodeJS.Timeout;
  resolveTimer?: NodeJS.Timeout;
  /** Timeout from ref/options; the annotation may replace it once the live object is seen. */
  timeoutFixed: boolean;
  /** The rule says the failure is for good (e.g. a failed Job): done even with failFast=false. */
  final?: boolean;
  /** When the object was first seen Failed without a Warning event to show for it. */
  failedAt?: number;
  graceTimer?: NodeJS.Timeout;
  /** Assessed at least once: later evaluations assess it again only when its inputs changed. */
  assessed?: boolean;
  /** The live object's uid at the last assessment (a recreated object is marked by name as well). */
  uid?: string;
}

// A kubelet or controller records its Warning event just after the status that shows the failure;
// a failure is reported after at most this long without one, so the report can carry it.
const EVENT_GRACE_MS = 1000;

const MAX_EVALUATION_GAP_MS = 250;

/** One tracking run. Use through trackRollout / currentStatus (index.ts). */
export class Tracker {
  private readonly entries: Entry[];
  private byKindAndNameCache?: Map<string, Entry>;
  private readonly collections = new Map<string, ListWatch>();
  private context?: ContextWatches;
  private readonly kc: () => KubeConfig;
  private readerCache?: ClusterReader;
  private defaultNamespaceCache?: string;
  private readonly failFast: boolean;
  private readonly waitFor: 'current' | 'deleted';
  private startedAt = Date.now();
  private watching = false;
  private scheduled = false;
  /** Set once the reporter got `start`: watch events before that are folded into the first evaluation. */
  private started = false;
  private finished = false;
  /** Entries not done at the last evaluation (all of them before the first). */
  private pending?: Entry[];
  private lastEvaluation = 0;
  private finish?: (result: TrackResult) => void;

  constructor(
    kc: KubeConfig | (() => KubeConfig),
    refs: ObjectRef[],
    private readonly options: TrackOptions,
  ) {
    // The KubeConfig (and @kubernetes/client-node with it) is loaded only when something is watched.
    let loaded: KubeConfig | undefined;
    this.kc = typeof kc === 'function' ? () => (loaded ??= kc()) : () => kc;
    this.failFast = options.failFast ?? true;
    this.waitFor = options.waitFor ?? 'current';
    const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.entries = refs.map((ref) => ({
      ref,
      deadline: this.startedAt + (ref.timeoutMs ?? defaultTimeout),
      timeoutFixed: ref.timeoutMs !== undefined,
      state: {
        ref,
        id: objectId(ref),
        status: 'InProgress',
        message: 'waiting for the first status',
        warnings: [],
        elapsedMs: 0,
        done: false,
        timedOut: false,
      },
    }));
    if (this.waitFor === 'current' && options.known) this.settleKnown(options.known);
  }

  /** Objects read just before and unchanged since, already Current: done, nothing to watch. */
  private settleKnown(known: ReadonlyMap<string, KObject>): void {
    for (const e of this.entries) {
      const current = currentFromRead(e.ref, known.get(e.state.id));
      if (current) e.state = { ...e.state, status: 'Current', message: current.message, ready: current.ready, desired: current.desired, done: true };
    }
  }

  private get reader(): ClusterReader {
    this.readerCache ??= new ClusterReader(this.kc(), this.options.requests);
    return this.readerCache;
  }

  /** Like kubectl: a namespaced object without a namespace lives in the context's namespace. */
  private get defaultNamespace(): string {
    if (this.defaultNamespaceCache === undefined) {
      const kc = this.kc();
      this.defaultNamespaceCache = kc.getContextObject(kc.getCurrentContext())?.namespace || 'default';
    }
    return this.defaultNamespaceCache;
  }

  /** Entries by kind, namespace and name: how an autoscaler finds its tracked scale target. */
  private get byKindAndName(): Map<string, Entry> {
    if (!this.byKindAndNameCache) {
      this.byKindAndNameCache = new Map();
      for (const e of this.entries) this.byKindAndNameCache.set(this.kindAndName(e.ref.kind, e.ref.namespace, e.ref.name), e);
    }
    return this.byKindAndNameCache;
  }

  private kindAndName(kind: string, namespace: string | null | undefined, name: string): string {
    return `${kind}/${namespace ?? this.defaultNamespace}/${name}`;
  }

  /** Watches until every object is done; see trackRollout. */
  async run(): Promise<TrackResult> {
    this.startedAt = Date.now();
    this.watching = true;
    const done = new Promise<TrackResult>((resolve) => (this.finish = resolve));
    const signal = this.options.signal;
    const onAbort = () => this.abort();
    if (signal?.aborted) return this.abortedBeforeStart();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await this.setup();
    } catch (err) {
      this.stopAll();
      signal?.removeEventListener('abort', onAbort);
      throw err;
    }
    this.emit({ type: 'start', at: new Date().toISOString(), objects: this.entries.map((e) => ({ ...e.state })) });
    this.started = true;
    for (const entry of this.entries) this.armTimer(entry);
    this.evaluate();
    const result = await done;
    signal?.removeEventListener('abort', onAbort);
    return result;
  }

  /** Lists once and returns every object's current state; see currentStatus. */
  async snapshot(): Promise<ObjectState[]> {
    this.startedAt = Date.now();
    await this.setup();
    for (const entry of this.entries) {
      if (entry.state.done) continue;
      if (!entry.resource) {
        entry.state = { ...entry.state, status: 'NotFound', message: `${entry.ref.apiVersion} ${entry.ref.kind} is not served by the cluster` };
      } else {
        this.update(entry);
      }
    }
    return this.entries.map((e) => ({ ...e.state, done: true, elapsedMs: 0 }));
  }

  // --- watches -------------------------------------------------------------------------------

  private async setup(): Promise<void> {
    const starts: Promise<void>[] = [];
    const resolved = await this.resolveAll();
    // Ask for each collection once: by name when it holds a single tracked object.
    const groups = new Map<string, Entry[]>();
    this.entries.forEach((entry, i) => {
      if (entry.state.done) return;
      const resource = resolved[i];
      if (!resource) {
        if (this.watching) this.retryResolve(entry);
        return;
      }
      entry.resource = resource;
      const path = this.reader.collectionPath(resource, this.namespaceOf(entry, resource));
      const group = groups.get(path);
      if (group) group.push(entry);
      else groups.set(path, [entry]);
    });
    for (const [path, members] of groups) {
      const names = new Set(members.map((m) => m.ref.name));
      const fieldSelector = names.size === 1 ? `metadata.name=${members[0].ref.name}` : undefined;
      const collection = new ListWatch(this.reader, { path, fieldSelector, onChange: () => this.schedule() });
      this.collections.set(`${path}?${fieldSelector ?? ''}`, collection);
      for (const m of members) m.collection = collection;
      starts.push(this.startCollection(collection));
    }
    // Pods, events and classes only explain rollouts; deletion needs none of them. Warning events
    // from a minute before the run on may belong to this rollout; older ones to earlier ones.
    const needs = this.waitFor === 'current' ? this.contextNeeds() : undefined;
    if (needs && (needs.namespaces.size || needs.storageClasses || needs.ingressClasses)) {
      const since = this.watching ? new Date(this.startedAt - 60_000).toISOString() : '';
      this.context = new ContextWatches(this.reader, () => this.schedule(), this.watching, since);
      starts.push(...this.context.start(needs));
    }
    await Promise.all(starts);
  }

  /**
   * Discovery for every object. When it fails for all of them the cluster is unreachable: retry
   * for a few seconds (an API server restarting), then give up with the error.
   */
  private async resolveAll(): Promise<Array<ResourceInfo | undefined>> {
    for (let attempt = 0; ; attempt++) {
      const errors: unknown[] = [];
      const resolved = await Promise.all(
        this.entries.map((e) => e.state.done ? undefined : this.reader.resolve(e.ref.apiVersion, e.ref.kind).catch((err) => void errors.push(err))),
      );
      const asked = this.entries.filter((e) => !e.state.done).length;
      if (asked === 0 || errors.length < asked) return resolved;
      if (attempt >= 4 || !isTransient(errors[0])) throw errors[0];
      await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
    }
  }

  private startCollection(collection: ListWatch): Promise<void> {
    return this.watching ? collection.start(true) : collection.listOnce();
  }

  private contextNeeds(): ContextNeeds {
    const namespaces = new Map<string, { pods: boolean; replicaSets: boolean }>();
    for (const e of this.entries) {
      if (!e.resource?.namespaced) continue;
      const ns = e.ref.namespace ?? this.defaultNamespace;
      const need = namespaces.get(ns) ?? { pods: false, replicaSets: false };
      if (POD_OWNERS.has(e.ref.kind)) need.pods = true;
      if (e.ref.kind === 'Deployment') need.replicaSets = true;
      namespaces.set(ns, need);
    }
    const has = (kind: string) => this.entries.some((e) => e.ref.kind === kind && e.resource);
    return { namespaces, storageClasses: has('PersistentVolumeClaim'), ingressClasses: has('Ingress') };
  }

  private namespaceOf(entry: Entry, resource: ResourceInfo): string | undefined {
    if (!resource.namespaced) return undefined;
    return entry.ref.namespace ?? this.defaultNamespace;
  }

  /** A kind the server does not serve yet (CRD still being established): look again shortly. */
  private retryResolve(entry: Entry): void {
    entry.state = { ...entry.state, message: `waiting for the API server to serve ${entry.ref.apiVersion} ${entry.ref.kind}` };
    entry.resolveTimer = setTimeout(async () => {
      if (this.finished) return;
      const resource = await this.reader.resolve(entry.ref.apiVersion, entry.ref.kind).catch(() => undefined);
      if (this.finished) return;
      if (!resource) return this.retryResolve(entry);
      entry.resource = resource;
      const path = this.reader.collectionPath(resource, this.namespaceOf(entry, resource));
      const fieldSelector = `metadata.name=${entry.ref.name}`;
      const collection = new ListWatch(this.reader, { path, fieldSelector, onChange: () => this.schedule() });
      this.collections.set(`${path}?${fieldSelector}#${entry.state.id}`, collection);
      entry.collection = collection;
      void collection.start(false);
    }, RESOLVE_RETRY_MS);
  }

  private stopAll(): void {
    for (const c of this.collections.values()) c.stop();
    this.context?.stop();
    for (const e of this.entries) {
      if (e.timer) clearTimeout(e.timer);
      if (e.resolveTimer) clearTimeout(e.resolveTimer);
      if (e.graceTimer) clearTimeout(e.graceTimer);
    }
  }

  // --- evaluation ------------------------------------------------------------------------------

  /** Coalesce bursts of watch events into one evaluation. */
  private schedule(): void {
    if (!this.started || this.scheduled || this.finished) return;
    this.scheduled = true;
    // A few objects are evaluated at once (the latency of a small rollout is what users see); a
    // large rollout's steady stream of events is folded into evaluations at most every
    // pending/20 ms (250 ms at most): each one goes over every pending object.
    const gap = Math.min(MAX_EVALUATION_GAP_MS, (this.pending?.length ?? this.entries.length) / 20);
    const wait = Math.max(0, this.lastEvaluation + gap - Date.now());
    const run = () => {
      this.scheduled = false;
      this.evaluate();
    };
    if (wait < 1) setImmediate(run);
    else setTimeout(run, wait);
  }

  private evaluate(): void {
    if (this.finished || !this.started) return;
    this.lastEvaluation = Date.now();
    this.context?.refresh();
    const affected = this.takeChanges();
    // Only the objects not done yet: an evaluation runs on every burst of watch events, so going
    // over all of them each time made a large rollout cost objects x events. Of those, only the
    // ones the burst can affect (engine/track/affected.ts).
    this.pending ??= this.entries.filter((e) => !e.state.done);
    for (const entry of this.pending) {
      if (this.finished) return; // a reporter may abort mid-loop
      if (entry.state.done) continue;
      if (entry.assessed && !this.needsAssessment(entry, affected)) continue;
      entry.assessed = true;
      const before = entry.state;
      this.update(entry);
      this.settle(entry);
      if (changed(before, entry.state)) this.emit({ type: 'update', at: new Date().toISOString(), object: { ...entry.state } });
    }
    this.pending = this.pending.filter((e) => !e.state.done);
    if (!this.pending.length) void this.complete(false);
  }

  /** The objects the watch events since the last evaluation may affect. */
  private takeChanges(): Affected {
    const affected = new Affected();
    const find = (kind: string, namespace: string, name: string) => this.context?.find(kind, namespace, name) ?? this.findTracked(kind, namespace, name);
    const changes = [...[...this.collections.values()].map((c) => c.takeChanges()), ...(this.context ? [this.context.takeChanges()] : [])];
    for (const c of changes) {
      if (c.relisted) affected.all = true;
      if (!affected.all) for (const o of c.objects) affected.addChanged(o, find);
    }
    return affected;
  }

  private findTracked(kind: string, namespace: string, name: string): KObject | undefined {
    const e = this.byKindAndName.get(this.kindAndName(kind, namespace || undefined, name));
    return e?.collection && e.resource ? e.collection.get(this.namespaceOf(e, e.resource), e.ref.name) : undefined;
  }

  /**
   * Whether an object assessed before must be assessed again: something it reads changed, it
   * waits for its Warning event, or its verdict reads another tracked object (an autoscaler).
   */
  private needsAssessment(entry: Entry, affected: Affected): boolean {
    if (affected.all || entry.failedAt !== undefined || entry.ref.kind === 'HorizontalPodAutoscaler') return true;
    const { collection, resource } = entry;
    if (!collection || !resource || !collection.synced) return true;
    return affected.has(entry.ref.kind, this.namespaceOf(entry, resource) ?? '', entry.ref.name, entry.uid);
  }

  /** Recompute one object's state from the watched objects. */
  private update(entry: Entry): void {
    const collection = entry.collection;
    if (!entry.resource || !collection) return;
    const live = collection.get(entry.resource.namespaced ? this.namespaceOf(entry, entry.resource) : undefined, entry.ref.name);
    entry.uid = live?.metadata?.uid;
    this.applyAnnotatedTimeout(entry, live);
    const base = { ...entry.state, elapsedMs: Date.now() - this.startedAt, reason: undefined, pod: undefined, warnings: [] as ObjectState['warnings'] };
    if (!collection.synced) {
      entry.state = { ...base, status: 'InProgress', message: collection.lastError ? `cannot read: ${collection.lastError}` : 'listing' };
      return;
    }
    const related = entry.resource.namespaced ? this.context?.related(entry.ref.namespace ?? this.defaultNamespace) : undefined;
    const a = assess(live, related, this.statusContext(entry, live));
    entry.final = a.status === 'Failed' && !!a.final;
    entry.state = { ...base, status: a.status, message: a.message, ready: a.ready, desired: a.desired, old: a.old, reason: a.reason, pod: a.pod, warnings: a.warnings };
  }

  /** What the object's rule needs beyond the object: classes from the context, a tracked scale target. */
  private statusContext(entry: Entry, live: KObject | undefined): StatusContext | undefined {
    const ctx = { ...this.context?.statusContext(live), clusterCanGrow: this.options.clusterCanGrow, crashLoopRestarts: this.options.crashLoopRestarts };
    const ref = live?.kind === 'HorizontalPodAutoscaler' ? live.spec?.scaleTargetRef : undefined;
    if (!ref) return ctx;
    const target = this.byKindAndName.get(this.kindAndName(ref.kind, entry.ref.namespace, ref.name));
    const scaleTarget = target?.collection && target.resource ? target.collection.get(this.namespaceOf(target, target.resource), target.ref.name) : undefined;
    return scaleTarget ? { ...ctx, scaleTarget } : ctx;
  }

  /** Decide whether the tracker stops waiting for this object. */
  private settle(entry: Entry): void {
    const s = entry.state;
    const live = entry.collection && entry.resource ? entry.collection.get(this.namespaceOf(entry, entry.resource), entry.ref.name) : undefined;
    let done = false;
    if (this.waitFor === 'deleted') done = s.status === 'NotFound';
    else if (s.status === 'Current') done = true;
    else if (s.status === 'Failed') done = (this.failFast || !!entry.final) && this.eventsArrived(entry);
    else if (live && waitDisabled(live) && s.status === 'InProgress') {
      entry.state = { ...s, status: 'Current', message: `${s.message} (not waited for: kapstan.io/wait=false)` };
      done = true;
    }
    if (done) this.markDone(entry);
  }

  /** True once the failed object has a Warning event, or after EVENT_GRACE_MS without one. */
  private eventsArrived(entry: Entry): boolean {
    if (entry.state.warnings.length || !this.watching || !this.context) return true;
    entry.failedAt ??= Date.now();
    const left = entry.failedAt + EVENT_GRACE_MS - Date.now();
    if (left <= 0) return true;
    entry.graceTimer ??= setTimeout(() => {
      entry.graceTimer = undefined;
      this.schedule();
    }, left);
    return false;
  }

  private markDone(entry: Entry): void {
    entry.state = { ...entry.state, done: true, elapsedMs: Date.now() - this.startedAt };
    if (entry.timer) clearTimeout(entry.timer);
  }

  // --- timeouts, abort, completion -------------------------------------------------------------

  private applyAnnotatedTimeout(entry: Entry, live: KObject | undefined): void {
    if (entry.timeoutFixed) return;
    const annotated = annotatedTimeout(live);
    if (annotated === undefined) return;
    entry.timeoutFixed = true;
    entry.deadline = this.startedAt + annotated;
    this.armTimer(entry);
  }

  private armTimer(entry: Entry): void {
    if (!this.watching || entry.state.done) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.timeOut(entry), Math.max(entry.deadline - Date.now(), 0));
  }

  private timeOut(entry: Entry): void {
    if (entry.state.done || this.finished) return;
    this.context?.refresh();
    this.update(entry);
    const limit = formatMs(entry.deadline - this.startedAt);
    entry.state = {
      ...entry.state,
      timedOut: true,
      reason: entry.state.reason ?? 'Timeout',
      message: `timed out after ${limit}: ${entry.state.message}`,
    };
    this.markDone(entry);
    this.emit({ type: 'update', at: new Date().toISOString(), object: { ...entry.state } });
    if (this.entries.every((e) => e.state.done)) void this.complete(false);
  }

  private abort(): void {
    if (this.finished) return;
    for (const entry of this.entries) {
      if (entry.state.done) continue;
      entry.state = { ...entry.state, reason: entry.state.reason ?? 'Aborted', message: `aborted: ${entry.state.message}` };
      this.markDone(entry);
    }
    void this.complete(true);
  }

  private abortedBeforeStart(): TrackResult {
    for (const entry of this.entries) entry.state = { ...entry.state, reason: 'Aborted', message: 'aborted before tracking started', done: true };
    this.finished = true;
    return this.result(true);
  }

  private async complete(aborted: boolean): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.stopAll();
    if (!aborted) await this.attachLogs();
    const result = this.result(aborted);
    this.emit({ type: 'done', at: new Date().toISOString(), result });
    this.finish?.(result);
  }

  /** Adds the last log lines of crashed containers to their failures (in parallel, bounded). */
  private async attachLogs(): Promise<void> {
    await Promise.all(this.entries.filter((e) => wantsLogs(e.state)).map(async (e) => {
      const logs = await fetchPodLog(this.reader, e.state);
      if (logs) e.state = { ...e.state, logs };
    }));
  }

  private result(aborted: boolean): TrackResult {
    return buildResult(
      this.entries.map((e) => e.state),
      { aborted, waitFor: this.waitFor, durationMs: Date.now() - this.startedAt },
    );
  }

  private emit(event: TrackEvent): void {
    try {
      this.options.reporter?.onEvent(event);
    } catch {
      // A broken reporter must not break tracking.
    }
  }
}

function changed(a: ObjectState, b: ObjectState): boolean {
  return a.status !== b.status || a.message !== b.message || a.ready !== b.ready || a.desired !== b.desired || a.old !== b.old || a.done !== b.done || a.reason !== b.reason;
}
