import { k8s } from 'cdk8s-plus-34';
import { resourceRequirements, restrictedContainer, type Resources } from '../k8s-helpers';
import { CREDENTIAL_KEYS } from './credentials';
import { SCRIPT_FILES } from './scripts';

// The containers of a PostgresCluster pod: `mark-primary` and `bootstrap` (init), `postgres`.

export const PORT = 5432;
export const DATA_DIR = '/var/lib/postgresql/data';
const CONFIG_DIR = '/etc/kapstan/postgres';
const SOCKET_DIR = '/var/run/postgresql';
/** `primary` on ordinal 0 (set at start-up), `replica` on the others: the `-ro` Service selects replicas. */
export const POSTGRES_ROLE_LABEL = 'kapstan.io/postgres-role';
export const POSTGRES_UID = 999; // the `postgres` user of the official image

export interface PostgresPodOptions {
  /** The cluster name: ordinal 0 is `<name>-0`. */
  readonly name: string;
  readonly image: string;
  readonly kubectlImage?: string;
  readonly database: string;
  readonly secretName: string;
  readonly primaryHost: string;
  readonly resources?: Resources;
}

const DEFAULT_RESOURCES: Resources = { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '2', memory: '1Gi' } };

/** The init containers and the main container of every instance. */
export function postgresContainers(o: PostgresPodOptions): Pick<k8s.PodSpec, 'initContainers' | 'containers'> {
  const env = postgresEnv(o);
  const mounts = postgresMounts();
  const resources = resourceRequirements(o.resources ?? DEFAULT_RESOURCES);
  return {
    initContainers: [
      markPrimary(o),
      {
        name: 'bootstrap',
        image: o.image,
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
        image: o.image,
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
  };
}

/**
 * Instances start as `replica` (template label); this marks ordinal 0 as the primary before it
 * can become ready, so `-ro` never routes to it.
 */
function markPrimary(o: PostgresPodOptions): k8s.Container {
  return {
    name: 'mark-primary',
    image: o.kubectlImage ?? 'registry.k8s.io/kubectl:v1.34.1',
    // By selector, so a replica restarting while ordinal 0 is away labels nothing
    // instead of failing.
    command: [
      'kubectl', 'label', 'pods', '-l', `statefulset.kubernetes.io/pod-name=${o.name}-0`,
      `${POSTGRES_ROLE_LABEL}=primary`, '--overwrite',
    ],
    resources: resourceRequirements({ requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } }),
    securityContext: restrictedContainer(),
  };
}

/** What the scripts read: paths, the primary's address, and the credentials by Secret reference. */
function postgresEnv(o: PostgresPodOptions): k8s.EnvVar[] {
  const secretEnv = (envName: string, key: string): k8s.EnvVar => ({
    name: envName,
    valueFrom: { secretKeyRef: { name: o.secretName, key } },
  });
  return [
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'PGDATA', value: `${DATA_DIR}/pgdata` },
    { name: 'PGPORT', value: String(PORT) },
    { name: 'CONFIG_DIR', value: CONFIG_DIR },
    { name: 'PG_SOCKET_DIR', value: SOCKET_DIR },
    { name: 'PRIMARY_HOST', value: o.primaryHost },
    { name: 'PRIMARY_PORT', value: String(PORT) },
    { name: 'POSTGRES_DB', value: o.database },
    secretEnv('POSTGRES_USER', CREDENTIAL_KEYS.username),
    secretEnv('POSTGRES_PASSWORD', CREDENTIAL_KEYS.password),
    secretEnv('REPLICATION_PASSWORD', CREDENTIAL_KEYS.replicationPassword),
  ];
}

function postgresMounts(): k8s.VolumeMount[] {
  return [
    { name: 'data', mountPath: DATA_DIR },
    { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
    { name: 'run', mountPath: SOCKET_DIR },
    { name: 'tmp', mountPath: '/tmp' },
  ];
}

function isReady(period: number, failures: number): k8s.Probe {
  return {
    exec: { command: ['pg_isready', '-q', '-h', '127.0.0.1', '-p', String(PORT)] },
    periodSeconds: period,
    timeoutSeconds: 5,
    failureThreshold: failures,
  };
}
