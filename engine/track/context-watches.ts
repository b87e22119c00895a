import { ingressClassName, type KObject, type Related, type StatusContext } from '../status';
import type { ClusterReader } from './cluster';
import { ListWatch } from './list-watch';
import { eventMatters } from './reduce';

/** What the tracked objects need around them. */
export interface ContextNeeds {
  /** Per namespace: pods (workloads), ReplicaSets (Deployments); events always. */
  namespaces: Map<string, { pods: boolean; replicaSets: boolean }>;
  storageClasses: boolean;
  ingressClasses: boolean;
}

interface NamespaceWatches {
  pods?: ListWatch;
  replicaSets?: ListWatch;
  events: ListWatch;
}

/**
 * The objects that explain the tracked ones without being tracked: pods, ReplicaSets and events
 * (Warnings, and autoscalers' Normal ones) per namespace, StorageClasses (claim binding mode) and IngressClasses. Failures to read
 * them never fail tracking; they only leave less to explain.
 */
export class ContextWatches {
  private readonly namespaces = new Map<string, NamespaceWatches>();
  private storageClasses?: ListWatch;
  private ingressClasses?: ListWatch;
  private readonly snapshots = new Map<string, Required<Related>>();
  /** A namespace's recent events, kept while its event list has not changed. */
  private readonly recentEvents = new Map<string, { version: number; events: KObject[] }>();

  constructor(
    private readonly reader: ClusterReader,
    private readonly onChange: () => void,
    /** Watch (tracking) or list once (one-shot status). */
    private readonly watching: boolean,
    /** Warning events last seen before this (ISO time) belong to earlier rollouts. */
    private readonly eventsSince = '',
  ) {}

  start(needs: ContextNeeds): Promise<void>[] {
    const make = (path: string, opts: { keep?: (o: KObject) => boolean; indexed?: boolean } = {}) => new ListWatch(this.reader, { path, ...opts, onChange: this.onChange });
    const started: ListWatch[] = [];
    for (const [ns, need] of needs.namespaces) {
      const base = `/namespaces/${encodeURIComponent(ns)}`;
      // Every type: autoscalers report scale-ups for pending pods as Normal events (engine/status/capacity.ts).
      const watches: NamespaceWatches = { events: make(`/api/v1${base}/events`, { keep: eventMatters }) };
      if (need.pods) watches.pods = make(`/api/v1${base}/pods`, { indexed: true });
      if (need.replicaSets) watches.replicaSets = make(`/apis/apps/v1${base}/replicasets`, { indexed: true });
      this.namespaces.set(ns, watches);
      started.push(...Object.values(watches));
    }
    if (needs.storageClasses) started.push((this.storageClasses = make('/apis/storage.k8s.io/v1/storageclasses')));
    if (needs.ingressClasses) started.push((this.ingressClasses = make('/apis/networking.k8s.io/v1/ingressclasses')));
    return started.map((w) => (this.watching ? w.start(false) : w.listOnce().catch(() => undefined)));
  }

  /**
   * Changes since the last call of every context watch: the pods, ReplicaSets and events changed;
   * `relisted` when a list replaced a collection or a class changed (any object may be affected).
   */
  takeChanges(): { relisted: boolean; objects: KObject[] } {
    let relisted = false;
    const objects: KObject[] = [];
    for (const ns of this.namespaces.values()) {
      for (const w of Object.values(ns) as ListWatch[]) {
        const c = w.takeChanges();
        relisted ||= c.relisted;
        for (const o of c.objects) objects.push(o);
      }
    }
    for (const w of [this.storageClasses, this.ingressClasses]) {
      const c = w?.takeChanges();
      if (c && (c.relisted || c.objects.length)) relisted = true;
    }
    return { relisted, objects };
  }

  /** A watched pod or ReplicaSet (to follow a changed object up to its owners). */
  find(kind: string, namespace: string, name: string): KObject | undefined {
    const ns = this.namespaces.get(namespace);
    if (kind === 'Pod') return ns?.pods?.get(namespace, name);
    if (kind === 'ReplicaSet') return ns?.replicaSets?.get(namespace, name);
    return undefined;
  }

  /** Forget the snapshots: called before each evaluation so it sees the latest objects. */
  refresh(): void {
    this.snapshots.clear();
  }

  /** Pods, ReplicaSets and recent Warning events of a namespace (snapshotted until refresh). */
  related(namespace: string): Required<Related> | undefined {
    const cached = this.snapshots.get(namespace);
    if (cached) return cached;
    const ns = this.namespaces.get(namespace);
    if (!ns) return undefined;
    // The same arrays, and their indexes, as long as their lists did not change: an evaluation
    // after one ReplicaSet changed does not copy or index the namespace's 20,000 again.
    let recent = this.recentEvents.get(namespace);
    if (recent?.version !== ns.events.version) {
      recent = { version: ns.events.version, events: ns.events.values().filter((e) => eventTime(e) >= this.eventsSince) };
      this.recentEvents.set(namespace, recent);
    }
    const snapshot = {
      pods: (ns.pods?.snapshot() ?? []) as KObject[],
      replicaSets: (ns.replicaSets?.snapshot() ?? []) as KObject[],
      events: recent.events,
    };
    this.snapshots.set(namespace, snapshot);
    return snapshot;
  }

  /** Facts from cluster-wide classes that some status rules need. */
  statusContext(live: KObject | undefined): StatusContext | undefined {
    if (live?.kind === 'Ingress' && this.ingressClasses?.synced) {
      const name = ingressClassName(live);
      const classes = this.ingressClasses.values();
      const exists = name
        ? classes.some((c) => c.metadata?.name === name)
        : classes.some((c) => c.metadata?.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true');
      return { ingressClassExists: exists };
    }
    if (live?.kind === 'PersistentVolumeClaim' && this.storageClasses) {
      const classes = this.storageClasses.values();
      const name: string | undefined = live.spec?.storageClassName;
      const sc = name
        ? classes.find((c) => c.metadata?.name === name)
        : classes.find((c) => c.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
      return { storageClassBindingMode: sc?.volumeBindingMode };
    }
    return undefined;
  }

  stop(): void {
    for (const ns of this.namespaces.values()) for (const w of Object.values(ns)) (w as ListWatch).stop();
    this.storageClasses?.stop();
    this.ingressClasses?.stop();
  }
}

function eventTime(e: KObject): string {
  return e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '';
}
