import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { InputError } from '../constructs/errors';
import { isDnsSubdomain } from '../dns-names';
import { SOURCE_METADATA, type IncludedSource } from '../constructs/escape/include-yaml';
import type { Manifest } from '../constructs/escape/manifest-reader';
import { parseRendered } from './parse-output';
import { MANAGED_BY } from '../constructs/labels';
import { isClusterScoped } from '../synth/kinds';
import { findHelm } from './binary';
import { chartDirectory, type ChartReference } from './chart-source';
import { hookOf, isTestHook, RESOURCE_POLICY_ANNOTATION, unappliedEvents, type HookSpec } from './hooks';
import { helmTemplate, helmTemplateTwice, type RenderedDocument, type RenderInput } from './render';
import { isKnownDeterministic, recordDeterministic, renderDigest } from './determinism-cache';
import { scanTemplates } from './template-scan';
import { checkValues, mergeValues, readValuesFile } from './values';

/** Node metadata type of a synth warning a construct records (synth lists it with the problems). */
export const WARNING_METADATA = 'kapstan:warning';
/** Node metadata type under which a rendered object records its chart and template. */
export const HELM_SOURCE_METADATA = 'kapstan:helm-source';

export interface HelmChartProps<V extends object = Record<string, unknown>> extends ChartReference {
  /** Values (win over `valuesFiles` and the chart's defaults); `kapstan import helm` types them. */
  readonly values?: V;
  /** Values files, in order: later files win, as with `helm -f a.yaml -f b.yaml`. */
  readonly valuesFiles?: string[];
  /** The release name (`.Release.Name`). Default: the construct id. */
  readonly releaseName?: string;
  /** The release namespace (`.Release.Namespace`), also given to namespaced objects the chart leaves without one. Default: the stack's namespace, else `default`. */
  readonly namespace?: string;
  /** `.Capabilities.KubeVersion`. Default 1.34, the version Kapstan validates against. */
  readonly kubeVersion?: string;
  /** Include the chart's `crds/` (default true; false is helm's `--skip-crds`, for CRDs another stack owns). */
  readonly includeCrds?: boolean;
  /** Extra `.Capabilities.APIVersions` (helm's `--api-versions`), for charts that render optional kinds when the cluster serves them. */
  readonly apiVersions?: string[];
}

/** Where a rendered object came from. */
export interface HelmSource {
  readonly chart: string;
  readonly template: string;
  readonly document: number;
}

/** A rendered object of the chart. */
export interface HelmObject {
  readonly apiObject: ApiObject;
  readonly source: HelmSource;
  /** Set for a hook: run around the apply by the engine (helm/README.md). */
  readonly hook?: HookSpec;
}

/** A hook Kapstan does not apply (tests), listed at synth. */
export interface LeftOutHook {
  readonly kind: string;
  readonly name: string;
  readonly template: string;
  readonly events: string[];
}

/**
 * A Helm chart rendered at synth time with `helm template` (no cluster is contacted) into
 * ApiObjects that are validated, ordered, applied and tracked like any other. The chart's CRDs are
 * included; hooks become phases of the apply; test hooks are left out and listed.
 */
export class HelmChart<V extends object = Record<string, unknown>> extends Construct {
  public readonly objects: HelmObject[] = [];
  /** Test hooks (and hooks of events Kapstan does not know): not applied, listed as synth warnings. */
  public readonly leftOut: LeftOutHook[] = [];
  public readonly releaseName: string;
  public readonly namespace: string;
  /** The chart directory rendered (a package or pulled chart: its unpacked copy). */
  public readonly chartDir: string;

  constructor(scope: Construct, id: string, props: HelmChartProps<V>) {
    super(scope, id);
    const where = this.node.path;
    if (typeof props.chart !== 'string' || !props.chart) throw new InputError(`${where}: chart: required (a chart directory, a .tgz, oci://… or a name with repo)`);
    this.releaseName = props.releaseName ?? id;
    // Helm's rule: a DNS-1123 subdomain of at most 53 characters (room for its Secret's suffix).
    if (!isDnsSubdomain(this.releaseName, 53)) {
      throw new InputError(`${where}: releaseName: ${JSON.stringify(this.releaseName)} is not a valid Helm release name (lowercase letters, digits, '-' and '.', at most 53 characters)`);
    }
    this.namespace = props.namespace ?? stackNamespace(this) ?? 'default';
    let helm: string;
    try {
      helm = findHelm().path;
    } catch (e) {
      throw new InputError(`${where}: ${(e as Error).message}`);
    }
    this.chartDir = asInput(() => chartDirectory(props, helm, where));

    let values: Record<string, unknown> = {};
    (props.valuesFiles ?? []).forEach((f, i) => { values = mergeValues(values, asInput(() => readValuesFile(f, `${where}: valuesFiles[${i}]`))); });
    if (props.values !== undefined) {
      if (typeof props.values !== 'object' || props.values === null || Array.isArray(props.values)) throw new InputError(`${where}: values: must be a mapping`);
      values = mergeValues(values, props.values as Record<string, unknown>);
    }
    asInput(() => checkValues(this.chartDir, values, where));

    const input: RenderInput = {
      helm, chartDir: this.chartDir, releaseName: this.releaseName, namespace: this.namespace,
      kubeVersion: props.kubeVersion ?? '1.34', valuesFiles: [], values, includeCrds: props.includeCrds ?? true, apiVersions: props.apiVersions ?? [], where,
    };
    // A chart calling random or time functions is rendered twice (at once), to find the templates
    // whose output changes, until two renders of this very input agreed; any other renders once.
    const scan = scanTemplates(this.chartDir);
    let docs: RenderedDocument[];
    const digest = scan.volatile.size ? renderDigest(helm, this.chartDir, [input.releaseName, input.namespace, input.kubeVersion, input.includeCrds, input.apiVersions, values]) : undefined;
    if (digest && !isKnownDeterministic(digest)) {
      const [first, second] = asInput(() => helmTemplateTwice(input));
      checkDeterministic(first, second, scan.volatile, where);
      recordDeterministic(digest);
      docs = first;
    } else {
      docs = asInput(() => helmTemplate(input));
    }
    for (const template of [...scan.lookup].sort()) {
      this.warn(`${template} calls lookup: helm template renders it as if the cluster held nothing (Kapstan never reads the cluster at synth); set the values it would read explicitly`);
    }
    this.addObjects(docs);
  }

  /** The rendered objects of a kind (and name), hooks included. */
  public find(kind: string, name?: string): ApiObject[] {
    return this.objects.map((o) => o.apiObject).filter((o) => o.kind === kind && (name === undefined || o.name === name));
  }

  private addObjects(docs: RenderedDocument[]): void {
    const chart = this.chartDir;
    const parsed = docs.flatMap((d) => asInput(() => parseRendered(d.text, d.template)).map((r) => ({ doc: d, manifest: r.manifest, where: r.where })));
    // Kinds the chart's own CRDs declare cluster-scoped are left without a namespace.
    const scopes = new Map<string, string>();
    for (const { manifest } of parsed) {
      const spec = manifest['spec'] as { group?: string; names?: { kind?: string }; scope?: string } | undefined;
      if (manifest.kind === 'CustomResourceDefinition' && spec?.group && spec.names?.kind && spec.scope) scopes.set(`${spec.group}/${spec.names.kind}`, spec.scope);
    }
    const seen = new Set<string>();
    for (const { doc, manifest, where } of parsed) {
      const name = `${manifest.kind} ${manifest.metadata.name}`;
      let hook: HookSpec | undefined;
      try {
        hook = hookOf(manifest);
      } catch (e) {
        throw new InputError(`${this.node.path}: ${where}: ${name}: ${(e as Error).message}`);
      }
      if (hook && (isTestHook(hook) || unappliedEvents(hook).length === hook.events.length)) {
        this.leftOut.push({ kind: manifest.kind, name: manifest.metadata.name, template: doc.template, events: hook.events });
        this.warn(`${doc.template}: ${name} is a ${hook.events.join(',')} hook: left out (${isTestHook(hook) ? 'run chart tests with helm test' : 'Kapstan runs no such hook'})`);
        continue;
      }
      if (hook && unappliedEvents(hook).length) {
        this.warn(`${doc.template}: ${name}: its ${unappliedEvents(hook).join(', ')} hook event(s) are not run by Kapstan`);
      }
      if (!manifest.metadata.namespace && !isClusterScoped(manifest.apiVersion, manifest.kind, scopes)) manifest.metadata.namespace = this.namespace;
      const key = `${manifest.apiVersion.split('/').slice(0, -1).join('/')}/${manifest.kind}/${manifest.metadata.namespace ?? ''}/${manifest.metadata.name}`;
      if (seen.has(key)) throw new InputError(`${this.node.path}: ${where}: ${name} is rendered twice by the chart`);
      seen.add(key);
      this.add(manifest, { chart, template: doc.template, document: doc.document }, hook);
    }
  }

  private add(manifest: Manifest, source: HelmSource, hook: HookSpec | undefined): void {
    const { apiVersion, kind, metadata, ...rest } = manifest;
    // Kapstan manages the release now: Helm's `managed-by: Helm` (.Release.Service) would make the
    // engine's ownership check take the object for a Helm release's.
    const labels = { ...metadata.labels, 'app.kubernetes.io/managed-by': MANAGED_BY };
    const annotations = { ...(metadata['annotations'] as Record<string, string> | undefined) };
    if (annotations[RESOURCE_POLICY_ANNOTATION] === 'keep') annotations['kapstan.io/keep'] = 'true';
    let id = [kind, metadata.namespace, metadata.name].filter(Boolean).join('-');
    if (this.node.tryFindChild(id)) id = `${id}-${apiVersion}`;
    const apiObject = new ApiObject(this, id, {
      apiVersion, kind, ...rest,
      metadata: { ...metadata, labels, ...(Object.keys(annotations).length ? { annotations } : {}) },
    });
    apiObject.node.addMetadata(SOURCE_METADATA, { file: source.template, document: source.document } satisfies IncludedSource);
    apiObject.node.addMetadata(HELM_SOURCE_METADATA, source);
    this.objects.push({ apiObject, source, ...(hook ? { hook } : {}) });
  }

  private warn(message: string): void {
    this.node.addMetadata(WARNING_METADATA, message);
  }
}

/** The chart and template an object was rendered from, or undefined for other objects. */
export function helmSource(apiObject: ApiObject): HelmSource | undefined {
  return apiObject.node.metadata.find((m) => m.type === HELM_SOURCE_METADATA)?.data as HelmSource | undefined;
}

function stackNamespace(c: Construct): string | undefined {
  for (let node: Construct | undefined = c; node; node = node.node.scope as Construct | undefined) {
    if (Symbol.for('kapstan.Stack') in node) return (node as unknown as { defaultNamespace?: string }).defaultNamespace;
  }
  return undefined;
}

/** Errors about the user's input are printed as one line, without a stack trace. */
function asInput<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if ((e as InputError).kapstanInputError) throw e;
    throw new InputError((e as Error).message);
  }
}

/**
 * A chart that calls random or time functions renders differently on every run: rendered twice,
 * the templates whose output differs are an error naming them (each synth would change the object
 * and every apply would write it).
 */
function checkDeterministic(first: RenderedDocument[], second: RenderedDocument[], volatile: Map<string, string[]>, where: string): void {
  const text = (docs: RenderedDocument[]) => {
    const m = new Map<string, string>();
    for (const d of docs) m.set(d.template, (m.get(d.template) ?? '') + d.text);
    return m;
  };
  const a = text(first);
  const b = text(second);
  const differing = [...new Set([...a.keys(), ...b.keys()])].filter((t) => a.get(t) !== b.get(t)).sort();
  if (differing.length === 0) return;
  const named = differing.map((t) => `${t}${volatile.has(t) ? ` (calls ${volatile.get(t)!.join(', ')})` : ''}`);
  throw new InputError(
    `${where}: chart: not deterministic: ${named.join(', ')} render${differing.length === 1 ? 's' : ''} differently on every run, so every synth would change ${differing.length === 1 ? 'it' : 'them'}; ` +
      'set the values these templates generate (a password, a key, a certificate) explicitly in values',
  );
}
