import { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { recommendedLabels, selectorLabels } from '../../labels';
import { checkName, checkPositiveInt, constructError } from '../../errors';
import { q, spreadAffinity, type Resources } from '../k8s-helpers';
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
import { PORT, POSTGRES_ROLE_LABEL, POSTGRES_UID, postgresContainers } from './pod';

export { POSTGRES_ROLE_LABEL } from './pod';

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
  public readonly statefulSet: k8s.KubeStatefulSet;
  private readonly namespace: string;
  private readonly labels: Record<string, string>;
  private readonly selector: Record<string, string>;

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

    const app = { name: 'postgresql', instance: name, component: 'database', version: props.version, partOf: name };
    this.labels = recommendedLabels(app);
    this.selector = selectorLabels(app);
    const ns = props.namespace ?? Chart.of(this).namespace;
    if (!ns) throw constructError(this, 'namespace', 'required (set it here or on the stack/chart): the RoleBinding must name it');
    this.namespace = ns;

    this.buildConfig(replicationUser, props.parameters);
    if (!props.credentials?.existingSecret) this.buildCredentials(props);
    this.buildLabeler();
    this.buildServices();
    this.statefulSet = this.buildStatefulSet(props, instances);
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

  /** The governing headless Service, `-rw` (ordinal 0) and `-ro` (the replicas). */
  private buildServices(): void {
    const ports: ServicePortSpec[] = [{ name: 'postgres', port: PORT, targetPort: 'postgres' }];
    new Service(this, 'Headless', {
      metadata: this.meta(this.headlessServiceName),
      headless: true,
      publishNotReadyAddresses: true,
      selector: { labels: this.selector },
      ports,
    });
    new Service(this, 'ReadWrite', {
      metadata: this.meta(this.readWriteServiceName, { [POSTGRES_ROLE_LABEL]: 'primary' }),
      selector: { labels: { ...this.selector, 'statefulset.kubernetes.io/pod-name': `${this.name}-0` } },
      ports,
    });
    new Service(this, 'ReadOnly', {
      metadata: this.meta(this.readOnlyServiceName, { [POSTGRES_ROLE_LABEL]: 'replica' }),
      selector: { labels: { ...this.selector, [POSTGRES_ROLE_LABEL]: 'replica' } },
      ports,
    });
  }

  private buildStatefulSet(props: PostgresClusterProps, instances: number): k8s.KubeStatefulSet {
    const containers = postgresContainers({
      name: this.name,
      image: props.image ?? 'postgres:17.6',
      kubectlImage: props.kubectlImage,
      database: props.database ?? 'app',
      secretName: this.secretName,
      primaryHost: this.primaryHost,
      resources: props.resources,
    });
    return new k8s.KubeStatefulSet(this, 'StatefulSet', {
      metadata: this.meta(this.name),
      spec: {
        serviceName: this.headlessServiceName,
        replicas: instances,
        // Replicas clone the primary, so instances start in order.
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        selector: { matchLabels: this.selector },
        template: {
          // Every pod starts as a replica; `mark-primary` relabels ordinal 0.
          metadata: { labels: { ...this.labels, [POSTGRES_ROLE_LABEL]: 'replica' } },
          spec: {
            serviceAccountName: this.name,
            terminationGracePeriodSeconds: 60,
            securityContext: {
              runAsUser: POSTGRES_UID,
              runAsGroup: POSTGRES_UID,
              fsGroup: POSTGRES_UID,
              runAsNonRoot: true,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            affinity: spreadAffinity(this.selector, props.zoneAntiAffinity ?? 'preferred'),
            ...containers,
            volumes: [
              { name: 'config', configMap: { name: this.configMapName, defaultMode: 0o555 } },
              { name: 'run', emptyDir: {} },
              { name: 'tmp', emptyDir: {} },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels: this.labels },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: props.storageClassName,
              resources: { requests: { storage: q(props.storageSize ?? '10Gi') } },
            },
          },
        ],
      },
    });
  }
}
