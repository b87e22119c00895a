import { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { recommendedLabels, selectorLabels } from '../../labels';
import { checkName, checkPositiveInt, constructError } from '../../errors';
import { port, q, resourceRequirements, restrictedContainer, spreadAffinity, type Resources } from '../k8s-helpers';
import { derivePassword, resolveSecretSeed } from '../secret-seed';
import { CREDENTIAL_KEYS, type PostgresCredentials } from './credentials';
import { postgresScripts, SCRIPT_FILES } from './scripts';

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

const PORT = 5432;
const DATA_DIR = '/var/lib/postgresql/data';
const CONFIG_DIR = '/etc/kapstan/postgres';
const SOCKET_DIR = '/var/run/postgresql';
/** `primary` on ordinal 0 (set at start-up), `replica` on the others: the `-ro` Service selects replicas. */
export const POSTGRES_ROLE_LABEL = 'kapstan.io/postgres-role';
const POSTGRES_UID = 999; // the `postgres` user of the official image

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

  constructor(scope: Construct, id: string, props: PostgresClusterProps = {}) {
    super(scope, id);
    const name = checkName(this, 'name', props.name ?? id, 40);
    const instances = checkPositiveInt(this, 'instances', props.instances ?? 3);
    const maxUnavailable = checkPositiveInt(this, 'maxUnavailable', props.maxUnavailable ?? 1);
    const replicationUser = props.replicationUser ?? 'replicator';
    const superuser = props.superuser ?? 'postgres';
    const database = props.database ?? 'app';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(replicationUser)) {
      throw constructError(this, 'replicationUser', `"${replicationUser}" must be a lower-case SQL identifier`);
    }
    if (props.credentials?.existingSecret && props.credentials.seed) {
      throw constructError(this, 'credentials', 'set either existingSecret or seed, not both');
    }

    this.name = name;
    this.headlessServiceName = `${name}-headless`;
    this.readWriteServiceName = `${name}-rw`;
    this.readOnlyServiceName = `${name}-ro`;
    this.configMapName = `${name}-config`;
    this.secretName = props.credentials?.existingSecret ?? `${name}-credentials`;
    this.primaryHost = `${name}-0.${this.headlessServiceName}`;

    const app = { name: 'postgresql', instance: name, component: 'database', version: props.version, partOf: name };
    const labels = recommendedLabels(app);
    const selector = selectorLabels(app);
    const ns = props.namespace ?? Chart.of(this).namespace;
    if (!ns) throw constructError(this, 'namespace', 'required (set it here or on the stack/chart): the RoleBinding must name it');
    const meta = (objName: string, extra: Record<string, string> = {}): k8s.ObjectMeta => ({
      name: objName,
      namespace: ns,
      labels: { ...labels, ...extra },
    });

    new k8s.KubeConfigMap(this, 'Config', {
      metadata: meta(this.configMapName),
      data: postgresScripts({ replicationUser, parameters: props.parameters }),
    });

    if (!props.credentials?.existingSecret) {
      const seed = resolveSecretSeed(props.credentials?.seed);
      const path = this.node.path;
      new k8s.KubeSecret(this, 'Credentials', {
        metadata: meta(this.secretName),
        type: 'Opaque',
        stringData: {
          [CREDENTIAL_KEYS.username]: superuser,
          [CREDENTIAL_KEYS.password]: derivePassword(seed, `${path}/password`),
          [CREDENTIAL_KEYS.replicationPassword]: derivePassword(seed, `${path}/replication-password`),
        },
      });
    }

    // The init container that marks the primary may list pods and label only that one pod.
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: meta(name) });
    new k8s.KubeRole(this, 'LabelerRole', {
      metadata: meta(`${name}-labeler`),
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
        { apiGroups: [''], resources: ['pods'], resourceNames: [`${name}-0`], verbs: ['get', 'patch'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'LabelerBinding', {
      metadata: meta(`${name}-labeler`),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${name}-labeler` },
      subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
    });

    const servicePorts: k8s.ServicePort[] = [{ name: 'postgres', port: PORT, targetPort: port('postgres'), protocol: 'TCP' }];
    new k8s.KubeService(this, 'Headless', {
      metadata: meta(this.headlessServiceName),
      spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector, ports: servicePorts },
    });
    new k8s.KubeService(this, 'ReadWrite', {
      metadata: meta(this.readWriteServiceName, { [POSTGRES_ROLE_LABEL]: 'primary' }),
      spec: { selector: { ...selector, 'statefulset.kubernetes.io/pod-name': `${name}-0` }, ports: servicePorts },
    });
    new k8s.KubeService(this, 'ReadOnly', {
      metadata: meta(this.readOnlyServiceName, { [POSTGRES_ROLE_LABEL]: 'replica' }),
      spec: { selector: { ...selector, [POSTGRES_ROLE_LABEL]: 'replica' }, ports: servicePorts },
    });

    const secretEnv = (envName: string, key: string): k8s.EnvVar => ({
      name: envName,
      valueFrom: { secretKeyRef: { name: this.secretName, key } },
    });
    const env: k8s.EnvVar[] = [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'PGDATA', value: `${DATA_DIR}/pgdata` },
      { name: 'PGPORT', value: String(PORT) },
      { name: 'CONFIG_DIR', value: CONFIG_DIR },
      { name: 'PG_SOCKET_DIR', value: SOCKET_DIR },
      { name: 'PRIMARY_HOST', value: this.primaryHost },
      { name: 'PRIMARY_PORT', value: String(PORT) },
      { name: 'POSTGRES_DB', value: database },
      secretEnv('POSTGRES_USER', CREDENTIAL_KEYS.username),
      secretEnv('POSTGRES_PASSWORD', CREDENTIAL_KEYS.password),
      secretEnv('REPLICATION_PASSWORD', CREDENTIAL_KEYS.replicationPassword),
    ];
    const mounts: k8s.VolumeMount[] = [
      { name: 'data', mountPath: DATA_DIR },
      { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
      { name: 'run', mountPath: SOCKET_DIR },
      { name: 'tmp', mountPath: '/tmp' },
    ];
    const image = props.image ?? 'postgres:17.6';
    const resources = resourceRequirements(
      props.resources ?? { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    );
    const isReady = (period: number, failures: number): k8s.Probe => ({
      exec: { command: ['pg_isready', '-q', '-h', '127.0.0.1', '-p', String(PORT)] },
      periodSeconds: period,
      timeoutSeconds: 5,
      failureThreshold: failures,
    });

    this.statefulSet = new k8s.KubeStatefulSet(this, 'StatefulSet', {
      metadata: meta(name),
      spec: {
        serviceName: this.headlessServiceName,
        replicas: instances,
        // Replicas clone the primary, so instances start in order.
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...labels, [POSTGRES_ROLE_LABEL]: 'replica' } },
          spec: {
            serviceAccountName: name,
            terminationGracePeriodSeconds: 60,
            securityContext: {
              runAsUser: POSTGRES_UID,
              runAsGroup: POSTGRES_UID,
              fsGroup: POSTGRES_UID,
              runAsNonRoot: true,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            affinity: spreadAffinity(selector, props.zoneAntiAffinity ?? 'preferred'),
            initContainers: [
              {
                // Instances start as `replica` (template label); this marks ordinal 0 as the
                // primary before it can become ready, so `-ro` never routes to it.
                name: 'mark-primary',
                image: props.kubectlImage ?? 'registry.k8s.io/kubectl:v1.34.1',
                // By selector, so a replica restarting while ordinal 0 is away labels nothing
                // instead of failing.
                command: [
                  'kubectl', 'label', 'pods', '-l', `statefulset.kubernetes.io/pod-name=${name}-0`,
                  `${POSTGRES_ROLE_LABEL}=primary`, '--overwrite',
                ],
                resources: resourceRequirements({ requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } }),
                securityContext: restrictedContainer(),
              },
              {
                name: 'bootstrap',
                image,
                command: ['bash', `${CONFIG_DIR}/${SCRIPT_FILES.init}`],
                env,
                volumeMounts: mounts,
                resources,
                securityContext: restrictedContainer(),
              },
            ],
            containers: [
              {
                name: 'postgres',
                image,
                command: ['bash', `${CONFIG_DIR}/${SCRIPT_FILES.start}`],
                env,
                ports: [{ name: 'postgres', containerPort: PORT, protocol: 'TCP' }],
                volumeMounts: mounts,
                resources,
                securityContext: restrictedContainer(),
                startupProbe: isReady(5, 120),
                readinessProbe: isReady(10, 3),
                livenessProbe: isReady(10, 6),
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: this.configMapName, defaultMode: 0o555 } },
              { name: 'run', emptyDir: {} },
              { name: 'tmp', emptyDir: {} },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: props.storageClassName,
              resources: { requests: { storage: q(props.storageSize ?? '10Gi') } },
            },
          },
        ],
      },
    });

    new k8s.KubePodDisruptionBudget(this, 'Budget', {
      metadata: meta(name),
      spec: { maxUnavailable: port(maxUnavailable), selector: { matchLabels: selector } },
    });
  }
}
