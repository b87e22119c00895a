import { Chart } from 'cdk8s';
import type { Construct, IConstruct } from 'constructs';
import { applyPatch, validate as validatePatch, type Operation } from 'fast-json-patch';
import { applyOrder } from '../synth/order';
import type { StackExpander } from '../synth/synthesize';
import type { StackDefaults } from '../synth/normalize';
import type { Problem, SynthObject, SynthStack } from '../synth/types';
import type { ValidateOptions } from '../validate';
import { KARMADA_CRDS, karmadaObjects } from './karmada';
import { overrideOps, REPLICATED_KINDS, TYPED_FIELDS, typedChangeApplies, type ClusterOverride } from './overrides';
import { divideAutoscalerBounds, divideReplicas, matchesSelector, type ClusterSelector, type Placement } from './placement';
import { checkLabels, checkName } from './stack';

const FEDERATION_SYMBOL = Symbol.for('kapstan.Federation');

/** One member cluster of a federation. */
export interface FederationMember {
  /** Cluster name (a DNS label): the output goes to `dist/<federation>/<name>/`. */
  readonly name: string;
  /** Kube context of the cluster (default: the cluster name). */
  readonly context?: string;
  /** Labels to select the cluster by, e.g. `{ region: 'eu', zone: 'a' }`. */
  readonly labels?: Record<string, string>;
  /** Share of Divided replicas (default 1; 0 gets only its minimum). */
  readonly weight?: number;
  /** Apply wave: the engine applies wave 1 (e.g. a canary cluster) before wave 2 (default 1). */
  readonly wave?: number;
}

export interface FederationProps {
  readonly members: readonly FederationMember[];
  /** Namespace given to every namespaced object that does not set one. */
  readonly namespace?: string;
  /** Labels and annotations added to every object in every member. */
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly validation?: ValidateOptions;
  /**
   * Also write `dist/<federation>/karmada/`: the objects as resource templates plus Karmada
   * PropagationPolicy/OverridePolicy objects expressing the same placement and overrides.
   */
  readonly karmada?: boolean | { readonly context?: string };
  readonly disableResourceNameHashes?: boolean;
}

/** A member with defaults filled in. */
export interface ResolvedMember {
  readonly name: string;
  readonly context: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly weight: number;
  readonly wave: number;
}

interface PlacementEntry {
  readonly path: string;
  readonly placement: Placement;
  readonly clusters: readonly string[];
}

interface OverrideEntry {
  readonly index: number;
  readonly path: string;
  readonly override: ClusterOverride;
  readonly clusters: ReadonlySet<string>;
}

/** How one object is spread over the members (shared by member output and Karmada output). */
export interface ObjectPlan {
  readonly object: SynthObject;
  /** Construct path of the placement that applies ('' for the federation-wide default). */
  readonly placementPath: string;
  readonly placement: Placement;
  readonly clusters: readonly string[];
  /** Replicas per cluster when Divided applies to this object. */
  readonly divided?: ReadonlyMap<string, number>;
  /** Per-cluster HPA bounds when Divided applies to an autoscaler. */
  readonly autoscaler?: ReadonlyMap<string, { minReplicas: number; maxReplicas: number }>;
  /** Override operations per cluster (by override index), computed against the declared manifest. */
  readonly ops: ReadonlyMap<string, ReadonlyArray<{ readonly index: number; readonly ops: Operation[] }>>;
}

/**
 * One app on many clusters. Constructs go inside the federation as in a Stack; `place()` puts the
 * objects under a construct on members by name or label selector (Duplicated or Divided
 * replicas), `override()` changes them in some members. Synthesis writes one stack per member to
 * `dist/<federation>/<cluster>/`.
 */
export class Federation extends Chart implements StackExpander {
  public static isFederation(x: unknown): x is Federation {
    return x !== null && typeof x === 'object' && FEDERATION_SYMBOL in x;
  }

  public readonly federationName: string;
  public readonly members: readonly ResolvedMember[];
  public readonly defaults: StackDefaults;
  public readonly validation?: ValidateOptions;
  public readonly karmada?: { readonly context: string | null };
  private readonly placements: PlacementEntry[] = [];
  private readonly overrides: OverrideEntry[] = [];

  constructor(scope: Construct, name: string, props: FederationProps) {
    super(scope, name, { namespace: props.namespace, disableResourceNameHashes: props.disableResourceNameHashes });
    const path = this.node.path;
    checkName(path, 'name', name);
    if (props.namespace !== undefined) checkName(path, 'namespace', props.namespace);
    checkLabels(path, 'labels', props.labels);
    if (!props.members?.length) throw new Error(`${path}: members must list at least one cluster`);
    const seen = new Set<string>();
    this.members = props.members.map((m, i) => {
      checkName(path, `members[${i}].name`, m.name);
      checkLabels(path, `members[${i}].labels`, m.labels);
      if (seen.has(m.name)) throw new Error(`${path}: members[${i}].name '${m.name}' is used twice`);
      if (props.karmada && m.name === 'karmada') throw new Error(`${path}: members[${i}].name 'karmada' is reserved for the Karmada output`);
      seen.add(m.name);
      const weight = m.weight ?? 1;
      const wave = m.wave ?? 1;
      if (!Number.isInteger(weight) || weight < 0) throw new Error(`${path}: members[${i}].weight must be a non-negative integer, got ${weight}`);
      if (!Number.isInteger(wave) || wave < 1) throw new Error(`${path}: members[${i}].wave must be a positive integer, got ${wave}`);
      return { name: m.name, context: m.context ?? m.name, labels: { ...m.labels }, weight, wave };
    });
    this.federationName = name;
    this.defaults = { namespace: props.namespace, labels: { ...props.labels }, annotations: { ...props.annotations } };
    this.validation = props.validation;
    if (props.karmada) this.karmada = { context: (typeof props.karmada === 'object' && props.karmada.context) || null };
    Object.defineProperty(this, FEDERATION_SYMBOL, { value: true });
  }

  /** Stack names (`<federation>-<cluster>`) and folders (`<federation>/<cluster>`) of the members, for `--stack`. */
  public get memberStackNames(): string[] {
    const clusters = [...this.members.map((m) => m.name), ...(this.karmada ? ['karmada'] : [])];
    return clusters.flatMap((c) => [`${this.federationName}-${c}`, `${this.federationName}/${c}`]);
  }

  /** Puts the objects under `scope` on the members `placement` selects (the nearest placement wins). */
  public place(scope: IConstruct, placement: Placement): this {
    const path = this.scopePath(scope);
    const where = `${path}: placement`;
    if (this.placements.some((p) => p.path === path)) throw new Error(`${where} is already set for this construct`);
    const clusters = this.select(where, placement.clusters, placement.selector);
    const r = placement.replicas;
    if (r && r.type !== 'Duplicated' && r.type !== 'Divided') throw new Error(`${where}.replicas.type must be 'Duplicated' or 'Divided'`);
    if (r?.type === 'Divided') {
      for (const [cluster, lim] of Object.entries(r.limits ?? {})) {
        const field = `${where}.replicas.limits.${cluster}`;
        if (!clusters.includes(cluster)) throw new Error(`${field}: '${cluster}' is not among the selected clusters (${clusters.join(', ')})`);
        for (const k of ['min', 'max'] as const) {
          const v = lim[k];
          if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new Error(`${field}.${k} must be a non-negative integer, got ${v}`);
        }
        if ((lim.min ?? 0) > (lim.max ?? Infinity)) throw new Error(`${field}: min ${lim.min} is greater than max ${lim.max}`);
      }
    }
    this.placements.push({ path, placement, clusters });
    return this;
  }

  /** Changes the objects under `scope` in the selected members (all members when none selected). */
  public override(scope: IConstruct, override: ClusterOverride): this {
    const path = this.scopePath(scope);
    const index = this.overrides.length;
    const where = `${path}: overrides[${index}]`;
    const all = override.clusters === undefined && override.selector === undefined;
    const clusters = all ? this.members.map((m) => m.name) : this.select(where, override.clusters, override.selector);
    if (!TYPED_FIELDS.some((f) => override[f] !== undefined) && !override.patches?.length) {
      throw new Error(`${where} changes nothing: set image, replicas, env, resources or patches`);
    }
    if (override.replicas !== undefined && (!Number.isInteger(override.replicas) || override.replicas < 0)) {
      throw new Error(`${where}.replicas must be a non-negative integer, got ${override.replicas}`);
    }
    if (override.patches) {
      const err = validatePatch([...override.patches]);
      if (err) throw new Error(`${where}.patches[${err.index}]: ${err.message.split('\n')[0]}`);
    }
    this.overrides.push({ index, path, override, clusters: new Set(clusters) });
    return this;
  }

  /** The member names a name list and/or selector pick, in member order; throws with `where`. */
  private select(where: string, names: readonly string[] | undefined, selector: ClusterSelector | undefined): string[] {
    const known = this.members.map((m) => m.name);
    (names ?? []).forEach((n, i) => {
      if (!known.includes(n)) throw new Error(`${where}.clusters[${i}]: '${n}' is not a member (members: ${known.join(', ')})`);
    });
    const picked = this.members
      .filter((m) => (names === undefined || names.includes(m.name)) && (selector === undefined || matchesSelector(m.labels, selector)))
      .map((m) => m.name);
    if (picked.length === 0) throw new Error(`${where} selects no member cluster`);
    return picked;
  }

  private scopePath(scope: IConstruct): string {
    const path = scope.node.path;
    if (path !== this.node.path && !path.startsWith(`${this.node.path}/`)) {
      throw new Error(`${path}: can only place or override constructs inside federation '${this.node.path}'`);
    }
    return path;
  }

  /** Per-object plan: clusters, divided replicas and per-cluster override operations. */
  public plan(objects: readonly SynthObject[], problems: Problem[]): ObjectPlan[] {
    const within = (path: string, scope: string) => path === scope || path.startsWith(`${scope}/`);
    const everywhere: PlacementEntry = { path: '', placement: {}, clusters: this.members.map((m) => m.name) };
    const plans = objects.map((object): ObjectPlan => {
      const entry = this.placements.filter((p) => within(object.path, p.path)).sort((a, b) => b.path.length - a.path.length)[0] ?? everywhere;
      const m = object.manifest;
      let divided: Map<string, number> | undefined;
      let autoscaler: Map<string, { minReplicas: number; maxReplicas: number }> | undefined;
      const r = entry.placement.replicas;
      const isAutoscaler = m.kind === 'HorizontalPodAutoscaler';
      if (r?.type === 'Divided' && (REPLICATED_KINDS.has(m.kind) || isAutoscaler)) {
        const shares = this.members
          .filter((mem) => entry.clusters.includes(mem.name))
          .map((mem) => ({ name: mem.name, weight: mem.weight, min: r.limits?.[mem.name]?.min ?? 0, max: r.limits?.[mem.name]?.max ?? Infinity }));
        try {
          if (isAutoscaler) autoscaler = divideAutoscalerBounds(m.spec?.minReplicas ?? 1, m.spec?.maxReplicas ?? 1, shares);
          else divided = divideReplicas(m.spec?.replicas ?? 1, shares);
        } catch (err) {
          problems.push({ severity: 'error', rule: 'federation/replicas', path: object.path, field: 'spec.replicas', message: `cannot divide by placement ${entry.path}: ${(err as Error).message}` });
        }
      }
      const ops = new Map<string, { index: number; ops: Operation[] }[]>();
      for (const o of this.overrides) {
        if (!within(object.path, o.path) || (o.override.kinds && !o.override.kinds.includes(m.kind))) continue;
        const opsForObject = overrideOps(m, o.override);
        if (opsForObject.length === 0) continue;
        for (const cluster of entry.clusters) {
          if (o.clusters.has(cluster)) ops.set(cluster, [...(ops.get(cluster) ?? []), { index: o.index, ops: opsForObject }]);
        }
      }
      return { object, placementPath: entry.path, placement: entry.placement, clusters: entry.clusters, divided, autoscaler, ops };
    });
    this.reportIneffectiveOverrides(objects, problems);
    return plans;
  }

  /** An image/env/resources/replicas override that matches no object it could change is a mistake. */
  private reportIneffectiveOverrides(objects: readonly SynthObject[], problems: Problem[]): void {
    for (const o of this.overrides) {
      if (!TYPED_FIELDS.some((f) => o.override[f] !== undefined)) continue;
      const hits = objects.some((obj) =>
        (obj.path === o.path || obj.path.startsWith(`${o.path}/`)) &&
        (!o.override.kinds || o.override.kinds.includes(obj.manifest.kind)) &&
        typedChangeApplies(obj.manifest, o.override));
      if (!hits) {
        problems.push({ severity: 'error', rule: 'federation/override', path: o.path, field: `overrides[${o.index}]`, message: 'changes no object under this construct (no matching workload, container or kind)' });
      }
    }
  }

  /** One stack per member (and the Karmada output when enabled). Called by `synthesize`. */
  public expandStacks(objects: SynthObject[], problems: Problem[]): SynthStack[] {
    const plans = this.plan(objects, problems);
    const stacks: SynthStack[] = this.members.map((member) => {
      const stack = `${this.federationName}-${member.name}`;
      const placed: SynthObject[] = [];
      for (const p of plans) {
        if (!p.clusters.includes(member.name)) continue;
        const manifest = structuredClone(p.object.manifest);
        const count = p.divided?.get(member.name);
        if (count !== undefined) (manifest.spec ??= {}).replicas = count;
        const bounds = p.autoscaler?.get(member.name);
        if (bounds) Object.assign((manifest.spec ??= {}), bounds);
        for (const { index, ops } of p.ops.get(member.name) ?? []) {
          try {
            applyPatch(manifest, ops, true);
          } catch (err) {
            problems.push({ severity: 'error', rule: 'federation/override', path: p.object.path, field: `overrides[${index}]`, message: `in cluster ${member.name}: ${(err as Error).message.split('\n')[0]}` });
          }
        }
        placed.push({ ...p.object, manifest, stack });
      }
      return {
        name: stack,
        dir: `${this.federationName}/${member.name}`,
        context: member.context,
        namespace: this.defaults.namespace ?? null,
        labels: { ...this.defaults.labels },
        annotations: { ...this.defaults.annotations },
        federation: { name: this.federationName, cluster: member.name, labels: { ...member.labels }, weight: member.weight, wave: member.wave },
        ...(this.validation ? { validation: this.validation } : {}),
        objects: applyOrder(placed),
      };
    });
    if (this.karmada) {
      const stack = `${this.federationName}-karmada`;
      const objectsWithPolicies = karmadaObjects(this.federationName, this.members, plans, this.defaults, problems)
        .map((o) => ({ ...o, stack }));
      stacks.push({
        name: stack,
        dir: `${this.federationName}/karmada`,
        context: this.karmada.context,
        namespace: this.defaults.namespace ?? null,
        labels: { ...this.defaults.labels },
        annotations: { ...this.defaults.annotations },
        validation: { ...this.validation, crds: [...(this.validation?.crds ?? []), ...KARMADA_CRDS] },
        objects: applyOrder(objectsWithPolicies),
      });
    }
    return stacks;
  }
}
