import { ingressClassName, type KObject, type Related, type StatusContext } from '../status';
import type { ClusterReader } from './cluster';
import { ListWatch } from './list-watch';

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

  constructor(
    private readonly reader: ClusterReader,
    private readonly onChange: () => void,
    /** Watch (tracking) or list once (one-shot status). */
    private readonly watching: boolean,
    /** Warning events last seen before this (ISO time) belong to earlier rollouts. */
    private readonly eventsSince = '',
  ) {}

  start(needs: ContextNeeds): Promise<void>[] {
    const make = (path: string, fieldSelector?: string) => new ListWatch(this.reader, { path, fieldSelector, onChange: this.onChange });
    const started: ListWatch[] = [];
    for (const [ns, need] of needs.namespaces) {
      const base = `/namespaces/${encodeURIComponent(ns)}`;
      // Every type: autoscalers report scale-ups for pending pods as Normal events (engine/status/capacity.ts).
      const watches: NamespaceWatches = { events: make(`/api/v1${base}/events`) };
      if (need.pods) watches.pods = make(`/api/v1${base}/pods`);
      if (need.replicaSets) watches.replicaSets = make(`/apis/apps/v1${base}/replicasets`);
      this.namespaces.set(ns, watches);
      started.push(...Object.values(watches));
    }
    if (needs.storageClasses) started.push((this.storageClasses = make('/apis/storage.k8s.io/v1/storageclasses')));
    if (needs.ingressClasses) started.push((this.ingressClasses = make('/apis/networking.k8s.io/v1/ingressclasses')));
    return started.map((w) => (this.watching ? w.start(false) : w.listOnce().catch(() => undefined)));
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
    const snapshot = {
      pods: ns.pods?.values() ?? [],
      replicaSets: ns.replicaSets?.values() ?? [],
      events: ns.events.values().filter((e) => eventTime(e) >= this.eventsSince),
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
