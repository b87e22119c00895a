import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import type { Resources } from '../pod-style';
import { quantities, restrictedContainerProps } from '../pod-style';
import type { ContainerProps } from '../../workloads/container';
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

/** The volumes the containers mount: the claim, the scripts, the socket dir and /tmp. */
export interface PostgresVolumes {
  readonly data: kplus.Volume;
  readonly config: kplus.Volume;
  readonly run: kplus.Volume;
  readonly tmp: kplus.Volume;
}

/** The init containers and the main container of every instance. */
export function postgresContainers(o: PostgresPodOptions, volumes: PostgresVolumes): { initContainers: ContainerProps[]; containers: ContainerProps[] } {
  const env = postgresEnv(o);
  const volumeMounts = postgresMounts(volumes);
  const sized = quantities(o.resources ?? DEFAULT_RESOURCES);
  return {
    initContainers: [
      markPrimary(o),
      {
        name: 'bootstrap',
        image: o.image,
        command: ['bash', `${CONFIG_DIR}/${SCRIPT_FILES.init}`],
        env,
        volumeMounts,
        quantities: sized,
        securityContext: restrictedContainerProps(),
      },
    ],
    containers: [
      {
        name: 'postgres',
        image: o.image,
        command: ['bash', `${CONFIG_DIR}/${SCRIPT_FILES.start}`],
        env,
        ports: [{ name: 'postgres', number: PORT, protocol: kplus.Protocol.TCP }],
        volumeMounts,
        quantities: sized,
        securityContext: restrictedContainerProps(),
        startup: isReady(5, 120),
        readiness: isReady(10, 3),
        liveness: isReady(10, 6),
      },
    ],
  };
}

/**
 * Instances start as `replica` (template label); this marks ordinal 0 as the primary before it
 * can become ready, so `-ro` never routes to it.
 */
function markPrimary(o: PostgresPodOptions): ContainerProps {
  return {
    name: 'mark-primary',
    image: o.kubectlImage ?? 'registry.k8s.io/kubectl:v1.34.1',
    // By selector, so a replica restarting while ordinal 0 is away labels nothing
    // instead of failing.
    command: [
      'kubectl', 'label', 'pods', '-l', `statefulset.kubernetes.io/pod-name=${o.name}-0`,
      `${POSTGRES_ROLE_LABEL}=primary`, '--overwrite',
    ],
    quantities: quantities({ requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } }),
    securityContext: restrictedContainerProps(),
  };
}

/** What the scripts read: paths, the primary's address, and the credentials by Secret reference. */
function postgresEnv(o: PostgresPodOptions): ContainerProps['env'] {
  const secretEnv = (key: string) => ({ secret: o.secretName, key });
  return {
    POD_NAME: { fieldPath: kplus.EnvFieldPaths.POD_NAME },
    PGDATA: `${DATA_DIR}/pgdata`,
    PGPORT: String(PORT),
    CONFIG_DIR,
    PG_SOCKET_DIR: SOCKET_DIR,
    PRIMARY_HOST: o.primaryHost,
    PRIMARY_PORT: String(PORT),
    POSTGRES_DB: o.database,
    POSTGRES_USER: secretEnv(CREDENTIAL_KEYS.username),
    POSTGRES_PASSWORD: secretEnv(CREDENTIAL_KEYS.password),
    REPLICATION_PASSWORD: secretEnv(CREDENTIAL_KEYS.replicationPassword),
  };
}

function postgresMounts(v: PostgresVolumes): kplus.VolumeMount[] {
  return [
    { volume: v.data, path: DATA_DIR },
    { volume: v.config, path: CONFIG_DIR, readOnly: true },
    { volume: v.run, path: SOCKET_DIR },
    { volume: v.tmp, path: '/tmp' },
  ];
}

function isReady(period: number, failures: number): kplus.Probe {
  return kplus.Probe.fromCommand(['pg_isready', '-q', '-h', '127.0.0.1', '-p', String(PORT)], {
    periodSeconds: Duration.seconds(period),
    timeoutSeconds: Duration.seconds(5),
    failureThreshold: failures,
  });
}
