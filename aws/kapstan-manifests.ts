// Kapstan stacks on an EKS cluster through CloudFormation: what `kapstan synth` would write for a
// stack (defaults, apply order, validation), as KubernetesManifest resources that `cdk deploy`
// applies, one per apply group, each depending on the one before (manifest-groups.ts).
import { Annotations, RemovalPolicy } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';
import { formatProblems } from '../synth/report';
import { synthesizeInMemory } from '../synth/synthesize';
import type { SynthStack } from '../synth/types';
import { ebsCsiDriver, usesEbsCsi } from './ebs-csi-driver';
import { manifestResource, type AnyCluster } from './eks-module';
import { manifestParts, RETAINED_GROUPS, stackNamespacePart } from './manifest-groups';

export interface KapstanManifestsProps {
  /** The EKS cluster (`aws-eks` or `aws-eks-v2`; created here or imported) with a kubectl handler. */
  readonly cluster: AnyCluster;
  /** A Kapstan Stack (in its cdk8s App), or the cdk8s App for every stack in it. */
  readonly source: IConstruct;
  /**
   * Create with `kubectl apply` rather than `kubectl create`, so objects that already exist (a
   * stack deployed with `kapstan apply` before) are taken over instead of failing the deploy.
   * @default true
   */
  readonly overwrite?: boolean;
  /**
   * Add the cluster's EBS CSI add-on (aws-ebs-csi-driver) and apply after it. `auto`: when a
   * StorageClass of `ebs.csi.aws.com` (AwsEbsStorageClass) is synthesized.
   * @default 'auto'
   */
  readonly ebsCsiDriver?: 'auto' | 'always' | 'never';
  /**
   * Keep every object when its resource leaves the template (not only namespaces and claims): the
   * step before handing a stack over to `kapstan apply --adopt`.
   * @default false
   */
  readonly retainOnDelete?: boolean;
}

/** One KubernetesManifest resource per apply group and stack. */
export interface KapstanManifestResource {
  readonly stack: string;
  readonly group: string;
  readonly resource: Construct;
}

/**
 * Synthesizes `source` as `kapstan synth` does and adds its objects to the cluster: a validation
 * error fails `cdk synth` with the construct path and field; the stack namespace (created first
 * when the stack does not declare it, as `kapstan apply` does), namespaces and CRDs are applied
 * before what uses them; Namespaces, PersistentVolumes and claims are retained when the
 * CloudFormation stack is deleted and never pruned (as `kapstan apply` never prunes them unless
 * told to). Build the Kapstan stack completely before creating this construct: it synthesizes
 * once, here.
 */
export class KapstanManifests extends Construct {
  /** The manifest resources in apply order (empty when synthesis failed). */
  public readonly resources: readonly KapstanManifestResource[];
  /** The stacks synthesized, objects in apply order. */
  public readonly stacks: readonly SynthStack[];

  constructor(scope: Construct, id: string, props: KapstanManifestsProps) {
    super(scope, id);
    const root = props.source.node.root;
    const result = synthesizeInMemory(root, { validate: 'strict', ...(props.source === root ? {} : { stack: props.source.node.id }) });
    const problems = [...result.problems];
    for (const s of result.stacks) {
      if (s.federation) problems.push({ severity: 'error', rule: 'aws', path: s.name, message: `federation member stacks deploy to clusters of their own: attach one member stack per EKS cluster (source: ${props.source.node.path})` });
    }
    const errors = problems.filter((p) => p.severity === 'error');
    const warnings = problems.filter((p) => p.severity === 'warning');
    for (const line of formatProblems(warnings)) Annotations.of(this).addWarningV2('kapstan:validation', line);
    this.stacks = result.stacks;
    if (errors.length > 0) {
      // Fails `cdk synth` (and deploy) listing every problem, as `kapstan synth` would.
      const lines = formatProblems(errors);
      this.node.addValidation({ validate: () => lines.map((l) => `kapstan synth of ${props.source.node.path}: ${l}`) });
      this.resources = [];
      return;
    }

    const mode = props.ebsCsiDriver ?? 'auto';
    const needsEbs = (s: SynthStack) => mode === 'always' || (mode === 'auto' && usesEbsCsi(s.objects.map((o) => o.manifest)));
    const addon = result.stacks.some(needsEbs) ? ebsCsiDriver(props.cluster) : undefined;

    const resources: KapstanManifestResource[] = [];
    for (const stack of result.stacks) {
      warnAboutSecrets(this, stack);
      const scopeOfStack = new Construct(this, stack.name);
      let previous: Construct | undefined;
      const namespacePart = stackNamespacePart(stack);
      for (const part of [...(namespacePart ? [namespacePart] : []), ...manifestParts(stack.objects)]) {
        const retained = RETAINED_GROUPS.has(part.group);
        const resource = manifestResource(scopeOfStack, part.id, props.cluster, {
          manifest: part.manifests,
          overwrite: props.overwrite ?? true,
          ...(retained ? { prune: false } : {}),
          ...(retained || props.retainOnDelete ? { removalPolicy: RemovalPolicy.RETAIN } : {}),
        });
        if (previous) resource.node.addDependency(previous);
        else if (addon && needsEbs(stack)) resource.node.addDependency(addon);
        previous = resource;
        resources.push({ stack: stack.name, group: part.group, resource });
      }
    }
    this.resources = resources;
  }
}

/**
 * A Secret's data ends up in the CloudFormation template (as it does in dist/); say so, naming the
 * Secret, never its value, so teams can choose the Kapstan engine or an external secret store.
 */
function warnAboutSecrets(scope: Construct, stack: SynthStack): void {
  for (const o of stack.objects) {
    if (o.manifest['kind'] !== 'Secret') continue;
    const m = o.manifest['metadata'] ?? {};
    Annotations.of(scope).addWarningV2('kapstan:secret-in-template', `${o.path}: Secret ${m.namespace ? `${m.namespace}/` : ''}${m.name} is written into the CloudFormation template`);
  }
}
