import type { SynthObject } from '../../synth/types';
import type { Labels, LabelSelector } from './labels';

type Segments = Array<string | number>;

/** A pod template inside a workload (or a bare Pod), with where its parts live in the manifest. */
export interface PodTemplate {
  obj: SynthObject;
  kind: string;
  name: string;
  namespace: string;
  labels: Labels;
  /** The pod spec and its field path (`spec.template.spec`). */
  spec: Record<string, any>;
  specPath: Segments;
  /** The workload's own selector (undefined for Pods, CronJobs and Jobs without manualSelector). */
  selector?: LabelSelector;
  selectorPath?: Segments;
  labelsPath: Segments;
}

export interface ContainerRef {
  container: Record<string, any>;
  path: Segments;
  init: boolean;
}

/** Workload kinds whose pods keep running, i.e. can sit behind a Service. */
export const LONG_RUNNING = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);

export const namespaceOf = (m: Record<string, any>): string => m?.metadata?.namespace ?? '';

/** Finds the pod template of a workload manifest, if it has one. */
export function podTemplate(obj: SynthObject): PodTemplate | undefined {
  const m = obj.manifest;
  const base = { obj, kind: m.kind, name: m.metadata?.name ?? '', namespace: namespaceOf(m) };
  const at = (tpl: any, path: Segments) =>
    tpl && typeof tpl === 'object' && tpl.spec && typeof tpl.spec === 'object'
      ? { labels: tpl.metadata?.labels ?? {}, spec: tpl.spec, specPath: [...path, 'spec'], labelsPath: [...path, 'metadata', 'labels'] }
      : undefined;
  switch (m.kind) {
    case 'Pod':
      return m.spec && typeof m.spec === 'object'
        ? { ...base, labels: m.metadata?.labels ?? {}, spec: m.spec, specPath: ['spec'], labelsPath: ['metadata', 'labels'] }
        : undefined;
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': {
      const t = at(m.spec?.template, ['spec', 'template']);
      return t && { ...base, ...t, selector: m.spec?.selector ?? {}, selectorPath: ['spec', 'selector'] };
    }
    case 'ReplicationController': {
      const t = at(m.spec?.template, ['spec', 'template']);
      const sel = m.spec?.selector;
      return t && { ...base, ...t, ...(sel ? { selector: { matchLabels: sel }, selectorPath: ['spec', 'selector'] } : {}) };
    }
    case 'Job': {
      const t = at(m.spec?.template, ['spec', 'template']);
      const manual = m.spec?.manualSelector === true;
      return t && { ...base, ...t, ...(manual ? { selector: m.spec?.selector ?? {}, selectorPath: ['spec', 'selector'] } : {}) };
    }
    case 'CronJob': {
      const t = at(m.spec?.jobTemplate?.spec?.template, ['spec', 'jobTemplate', 'spec', 'template']);
      return t && { ...base, ...t };
    }
    default:
      return undefined;
  }
}

const containerCache = new WeakMap<PodTemplate, ContainerRef[]>();

/** Init and app containers of a pod spec, each with its field path (computed once per template). */
export function containersOf(t: PodTemplate): ContainerRef[] {
  const cached = containerCache.get(t);
  if (cached) return cached;
  const out: ContainerRef[] = [];
  containerCache.set(t, out);
  for (const [key, init] of [['initContainers', true], ['containers', false]] as const) {
    const list = t.spec[key];
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => { if (c && typeof c === 'object') out.push({ container: c, path: [...t.specPath, key, i], init }); });
  }
  return out;
}

const portCache = new WeakMap<object, { numbers: Set<number>; names: Set<string> }>();

/** Ports a container exposes, by number and by name (computed once per container). */
export function containerPorts(c: Record<string, any>): { numbers: Set<number>; names: Set<string> } {
  const cached = portCache.get(c);
  if (cached) return cached;
  const numbers = new Set<number>();
  const names = new Set<string>();
  portCache.set(c, { numbers, names });
  for (const p of Array.isArray(c.ports) ? c.ports : []) {
    if (typeof p?.containerPort === 'number') numbers.add(p.containerPort);
    if (typeof p?.name === 'string') names.add(p.name);
  }
  return { numbers, names };
}
