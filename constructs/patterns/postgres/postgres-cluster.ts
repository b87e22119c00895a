import { Construct } from 'constructs';
import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { k8s } from 'cdk8s-plus-34';
import { recommendedLabels, selectorLabels, type AppLabels } from '../../labels';
import { checkName, checkPositiveInt, constructError } from '../../errors';
import type { Resources } from '../pod-style';
import { ConfigMap } from '../../config/config-map';
import { Secret } from '../../config/secret';
import { Role } from '../../tenancy/role';
import { RoleBinding } from '../../tenancy/role-binding';
import { ServiceAccount } from '../../tenancy/service-account';
import { Service, type ServicePortSpec } from '../../networking/service';
import { PodDisruptionBudget, UnhealthyPodEvictionPolicy } from '../../scaling/pod-disruption-budget';
import { derivePassword, resolveSecretSeed } from '../secret-seed';
import { CREDENTIAL_KEYS, type PostgresCredentials } from './credentials';
import { postgresScripts } from './scripts';
import { PORT, POSTGRES_ROLE_LABEL, POSTGRES_UID, postgresContainers, type PostgresVolumes } from './pod';
import { PATTERN_POD_STYLE } from '../pod-style';
import { ClaimRetention, StatefulSet } from '../../workloads/stateful-set';
import type { PodAffinityTerm } from '../../workloads/scheduling';

export { POSTGRES_ROLE_LABEL } from './pod';

const POSTGRES_PORTS: ServicePortSpec[] = [{ name: 'postgres', port: PORT, targetPort: 'postgres' }];

export interface PostgresClusterProps {
  /** Base name of every object (default: the construct id). */
  readonly name?: string;
  readonly namespace?: string;
  /** Number of instances: ordinal 0 is the primary, the others are streaming replicas. Default 3. */
  readonly instances?: number;
  /** PostgreSQL image (Debian-based official image layout). Default `postgres:17.6`. */
  readonly image?: string;
  /** Image with kubectl used to label replicas for the `-ro` Service. */
  readonly kubectlImage?: string;
  /** StorageClass of the data claims (default: the cluster's default class). */
  readonly storageClassName?: string;
  /** Size of each instance's data claim. Default `10Gi`. */
  readonly storageSize?: string;
  /** Application database created on the primary. Default `app`. */
  readonly database?: string;
  /** Superuser name stored in the generated Secret. Default `postgres`. */
  readonly superuser?: string;
  /** Replication role. Default `replicator`. */
  readonly replicationUser?: string;
  readonly credentials?: PostgresCredentials;
  /** Extra postgresql.conf parameters. */
  readonly parameters?: Record<string, string | number | boolean>;
  readonly resources?: Resources;
  /** Spread instances across zones: `preferred` (default) or `required`. */
  readonly zoneAntiAffinity?: 'preferred' | 'required';
  /** PodDisruptionBudget: at most this many instances down at once. Default 1. */
  readonly maxUnavailable?: number;
  readonly version?: string;
}

/**
 * A PostgreSQL primary with streaming replicas on one StatefulSet.
 *
 * Services: `<name>-headless` (governing, stable pod DNS), `<name>-rw` (only `<name>-0`, the
 * primary, via `statefulset.kubernetes.io/pod-name`) and `<name>-ro` (the replicas).
 */
export class PostgresCluster extends Construct {
  public readonly name: string;
  public readonly headlessServiceName: string;
  public readonly readWriteServiceName: string;
  public readonly readOnlyServiceName: string;
  public readonly secretName: string;
  public readonly configMapName: string;
  /** `<name>-0.<headless service>`: where replicas stream from. */
  public readonly primaryHost: string;
  public readonly statefulSet: StatefulSet;
  private readonly namespace: string;
  private readonly labels: Record<string, string>;
  private readonly selector: Record<string, string>;
  private readonly app: AppLabels;

  constructor(scope: Construct, id: string, props: PostgresClusterProps = {}) {
    super(scope, id);
    const name = checkName(this, 'name', props.name ?? id, 40);
    const instances = checkPositiveInt(this, 'instances', props.instances ?? 3);
    const maxUnavailable = checkPositiveInt(this, 'maxUnavailable', props.maxUnavailable ?? 1);
    const replicationUser = props.replicationUser ?? 'replicator';
    this.checkProps(props, replicationUser);

    this.name = name;
    this.headlessServiceName = `${name}-headless`;
    this.readWriteServiceName = `${name}-rw`;
    this.readOnlyServiceName = `${name}-ro`;
    this.configMapName = `${name}-config`;
    this.secretName = props.credentials?.existingSecret ?? `${name}-credentials`;
    this.primaryHost = `${name}-0.${this.headlessServiceName}`;

    this.app = { name: 'postgresql', instance: name, component: 'database', version: props.version, partOf: name };
    this.labels = recommendedLabels(this.app);
    this.selector = selectorLabels(this.app);
    const ns = props.namespace ?? Chart.of(this).namespace;
    if (!ns) throw constructError(this, 'namespace', 'required (set it here or on the stack/chart): the RoleBinding must name it');
    this.namespace = ns;

    this.buildConfig(replicationUser, props.parameters);
    if (!props.credentials?.existingSecret) this.buildCredentials(props);
    this.buildLabeler();
    // The set right after its governing Service: cdk8s writes a dependency just before the first
    // object that needs it, so the Services keep their order (headless, -rw, -ro).
    const headless = this.buildHeadlessService();
    this.statefulSet = this.buildStatefulSet(props, instances, headless);
    this.buildRoutingServices();
    this.buildBudget(maxUnavailable);
  }

  /** The bootstrap and start scripts, mounted into every instance. */
  private buildConfig(replicationUser: string, parameters: PostgresClusterProps['parameters']): void {
    new ConfigMap(this, 'Config', {
      metadata: this.meta(this.configMapName),
      data: postgresScripts({ replicationUser, parameters }),
    });
  }

  private buildBudget(maxUnavailable: number): void {
    // The budget Kubernetes applies by default, written out: a not-ready instance still counts.
    new PodDisruptionBudget(this, 'Budget', {
      metadata: this.meta(this.name),
      selector: { labels: this.selector },
      maxUnavailable,
      unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy.IF_HEALTHY_BUDGET,
    });
  }

  private checkProps(props: PostgresClusterProps, replicationUser: string): void {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(replicationUser)) {
      throw constructError(this, 'replicationUser', `"${replicationUser}" must be a lower-case SQL identifier`);
    }
    if (props.credentials?.existingSecret && props.credentials.seed) {
      throw constructError(this, 'credentials', 'set either existingSecret or seed, not both');
    }
  }

  private meta(objName: string, extra: Record<string, string> = {}): k8s.ObjectMeta {
    return { name: objName, namespace: this.namespace, labels: { ...this.labels, ...extra } };
  }

  /** The generated Secret: passwords derived from the seed and the construct path (stable across synths). */
  private buildCredentials(props: PostgresClusterProps): void {
    const seed = resolveSecretSeed(props.credentials?.seed);
    const path = this.node.path;
    new Secret(this, 'Credentials', {
      metadata: this.meta(this.secretName),
      stringData: {
        [CREDENTIAL_KEYS.username]: props.superuser ?? 'postgres',
        [CREDENTIAL_KEYS.password]: derivePassword(seed, `${path}/password`),
        [CREDENTIAL_KEYS.replicationPassword]: derivePassword(seed, `${path}/replication-password`),
      },
    });
  }

  /** The account of the pods, allowed to label ordinal 0 as the primary (the `mark-primary` init container). */
  private buildLabeler(): void {
    const name = this.name;
    // The token is mounted (Kubernetes' default): `mark-primary` calls the API server with it.
    const account = new ServiceAccount(this, 'ServiceAccount', { metadata: this.meta(name), automountToken: true });
    // The init container that marks the primary may list pods and label only that one pod.
    const role = new Role(this, 'LabelerRole', {
      metadata: this.meta(`${name}-labeler`),
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
        { apiGroups: [''], resources: ['pods'], resourceNames: [`${name}-0`], verbs: ['get', 'patch'] },
      ],
    });
    new RoleBinding(this, 'LabelerBinding', { metadata: this.meta(`${name}-labeler`), role, subjects: [account] });
  }

  /** The governing headless Service: stable DNS names for the instances. */
  private buildHeadlessService(): Service {
    return new Service(this, 'Headless', {
      metadata: this.meta(this.headlessServiceName),
      headless: true,
      publishNotReadyAddresses: true,
      selector: { labels: this.selector },
      ports: POSTGRES_PORTS,
    });
  }

  /** `-rw` (ordinal 0, the primary) and `-ro` (the replicas). */
  private buildRoutingServices(): void {
    new Service(this, 'ReadWrite', {
      metadata: this.meta(this.readWriteServiceName, { [POSTGRES_ROLE_LABEL]: 'primary' }),
      selector: { labels: { ...this.selector, 'statefulset.kubernetes.io/pod-name': `${this.name}-0` } },
      ports: POSTGRES_PORTS,
    });
    new Service(this, 'ReadOnly', {
      metadata: this.meta(this.readOnlyServiceName, { [POSTGRES_ROLE_LABEL]: 'replica' }),
      selector: { labels: { ...this.selector, [POSTGRES_ROLE_LABEL]: 'replica' } },
      ports: POSTGRES_PORTS,
    });
  }

  private buildStatefulSet(props: PostgresClusterProps, instances: number, headless: Service): StatefulSet {
    const volumes: PostgresVolumes = {
      data: kplus.Volume.fromName(this, 'DataVolume', 'data'),
      config: kplus.Volume.fromConfigMap(this, 'ConfigVolume', kplus.ConfigMap.fromConfigMapName(this, 'ConfigRef', this.configMapName), { name: 'config', defaultMode: 0o555 }),
      run: kplus.Volume.fromEmptyDir(this, 'RunVolume', 'run'),
      tmp: kplus.Volume.fromEmptyDir(this, 'TmpVolume', 'tmp'),
    };
    const pod = postgresContainers({
      name: this.name,
      image: props.image ?? 'postgres:17.6',
      kubectlImage: props.kubectlImage,
      database: props.database ?? 'app',
      secretName: this.secretName,
      primaryHost: this.primaryHost,
      resources: props.resources,
    }, volumes);
    return new StatefulSet(this, 'StatefulSet', {
      metadata: this.meta(this.name),
      app: this.app,
      service: headless,
      replicas: instances,
      // Replicas clone the primary, so instances start in order.
      podManagementPolicy: kplus.PodManagementPolicy.ORDERED_READY,
      strategy: kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition: 0 }),
      claimsWhenDeleted: ClaimRetention.RETAIN,
      claimsWhenScaled: ClaimRetention.RETAIN,
      // Every pod starts as a replica; `mark-primary` relabels ordinal 0.
      podMetadata: { labels: { [POSTGRES_ROLE_LABEL]: 'replica' } },
      ...PATTERN_POD_STYLE,
      serviceAccount: this.name,
      // `mark-primary` calls the API server with the pod's token.
      automountServiceAccountToken: true,
      terminationGracePeriod: Duration.seconds(60),
      securityContext: { user: POSTGRES_UID, group: POSTGRES_UID, fsGroup: POSTGRES_UID, ensureNonRoot: true },
      podAntiAffinity: spreadTerms(kplus.Pods.select(this, 'Instances', { labels: this.selector }), props.zoneAntiAffinity ?? 'preferred'),
      initContainers: pod.initContainers,
      containers: pod.containers,
      volumeClaimTemplates: [{
        name: 'data',
        labels: this.labels,
        storage: props.storageSize ?? '10Gi',
        storageClass: props.storageClassName,
      }],
    });
  }
}

/** Instances away from each other: zones (preferred or required), hosts always preferred. */
function spreadTerms(instances: kplus.IPodSelector, zones: 'preferred' | 'required'): PodAffinityTerm[] {
  const zone = { selector: instances, topology: kplus.Topology.ZONE };
  const host = { selector: instances, topology: kplus.Topology.HOSTNAME, weight: 50 };
  return zones === 'required' ? [zone, host] : [{ ...zone, weight: 100 }, host];
}
