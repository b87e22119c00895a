import type { SynthObject } from '../../synth/types';
import { isEmptySelector, selectorMatches, serviceSelector, type LabelSelector } from './labels';
import { namespaceOf, podTemplate, type PodTemplate } from './pods';

const SEP = '\u0000';

/**
 * Lookups across the app, built once per validation: objects by kind/namespace/name and pod
 * templates by label, always within one stack (stacks deploy to different clusters).
 */
export class AppIndex {
  readonly templates: PodTemplate[] = [];
  private readonly names = new Map<string, SynthObject>();
  private readonly byScope = new Map<string, PodTemplate[]>();
  private readonly byLabel = new Map<string, PodTemplate[]>();
  private selectedBy?: Map<PodTemplate, SynthObject[]>;

  constructor(readonly objects: SynthObject[], private readonly clusterScoped: (m: Record<string, any>) => boolean) {
    for (const obj of objects) {
      const m = obj.manifest;
      if (!m || typeof m !== 'object') continue;
      const key = [obj.stack, m.kind, this.namespace(m), m.metadata?.name].join(SEP);
      if (!this.names.has(key)) this.names.set(key, obj);
      const t = podTemplate(obj);
      if (!t) continue;
      this.templates.push(t);
      push(this.byScope, [obj.stack, t.namespace].join(SEP), t);
      for (const [k, v] of Object.entries(t.labels)) push(this.byLabel, [obj.stack, t.namespace, k, v].join(SEP), t);
    }
  }

  /** The object's namespace for lookups: '' for cluster-scoped kinds. */
  namespace(m: Record<string, any>): string {
    return this.clusterScoped(m) ? '' : namespaceOf(m);
  }

  /** Whether the stack declares an object of this kind (namespace '' for cluster-scoped kinds). */
  has(stack: string, kind: string, namespace: string, name: string): boolean {
    return this.names.has([stack, kind, namespace, name].join(SEP));
  }

  /** The first object of the stack with this kind, namespace ('' when cluster-scoped) and name. */
  get(stack: string, kind: string, namespace: string, name: string): SynthObject | undefined {
    return this.names.get([stack, kind, namespace, name].join(SEP));
  }

  /** Pod templates in the stack and namespace that the selector matches (empty selector: none). */
  podsSelectedBy(stack: string, namespace: string, selector: LabelSelector | undefined): PodTemplate[] {
    if (isEmptySelector(selector)) return [];
    const first = Object.entries(selector!.matchLabels ?? {})[0];
    // Narrow by one matchLabels pair first so 1,000 Services x 1,000 workloads stays linear.
    const candidates = first ? this.byLabel.get([stack, namespace, first[0], first[1]].join(SEP)) : this.byScope.get([stack, namespace].join(SEP));
    return (candidates ?? []).filter((t) => selectorMatches(selector, t.labels));
  }

  /** Services (with a selector) that send traffic to each pod template. */
  servicesSelecting(t: PodTemplate): SynthObject[] {
    if (!this.selectedBy) {
      this.selectedBy = new Map();
      for (const obj of this.objects) {
        const m = obj.manifest;
        if (m?.kind !== 'Service' || m.apiVersion !== 'v1') continue;
        for (const p of this.podsSelectedBy(obj.stack, namespaceOf(m), serviceSelector(m))) push(this.selectedBy, p, obj);
      }
    }
    return this.selectedBy.get(t) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
