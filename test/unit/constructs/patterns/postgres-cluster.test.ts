import { Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-34';
import { PostgresCluster, POSTGRES_ROLE_LABEL } from '../../../../constructs/patterns';
import { StatefulSet } from '../../../../constructs/workloads';
import { find, kinds, synthStack, type Manifest } from './helpers';

const build = (props: ConstructorParameters<typeof PostgresCluster>[2] = {}) =>
  synthStack((s) => {
    new k8s.KubeStorageClass(s, 'Fast', { metadata: { name: 'fast-ssd' }, provisioner: 'ebs.csi.aws.com' });
    new PostgresCluster(s, 'orders', { storageClassName: 'fast-ssd', credentials: { seed: 'unit-seed' }, ...props });
  });

describe('PostgresCluster', () => {
  const { manifests, errors } = build();
  const sts = find(manifests, 'StatefulSet', 'orders');
  const pod = sts.spec.template.spec;

  it('emits the StatefulSet, three Services, config, credentials, RBAC and a PDB', () => {
    expect(kinds(manifests).filter((k) => !k.startsWith('StorageClass/'))).toEqual([
      'ConfigMap/orders-config', 'PodDisruptionBudget/orders', 'Role/orders-labeler', 'RoleBinding/orders-labeler',
      'Secret/orders-credentials', 'Service/orders-headless', 'Service/orders-ro', 'Service/orders-rw',
      'ServiceAccount/orders', 'StatefulSet/orders',
    ]);
    expect(errors).toEqual([]);
  });

  it('runs 3 instances on a headless governing Service with claim templates on the StorageClass', () => {
    expect(sts.spec.replicas).toBe(3);
    expect(sts.spec.serviceName).toBe('orders-headless');
    expect(sts.spec.podManagementPolicy).toBe('OrderedReady');
    expect(find(manifests, 'Service', 'orders-headless').spec.clusterIP).toBe('None');
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', resources: { requests: { storage: '10Gi' } },
    });
  });

  it('-rw selects only ordinal 0 by pod name; -ro selects replicas', () => {
    const rw = find(manifests, 'Service', 'orders-rw').spec.selector;
    const ro = find(manifests, 'Service', 'orders-ro').spec.selector;
    expect(rw['statefulset.kubernetes.io/pod-name']).toBe('orders-0');
    expect(ro[POSTGRES_ROLE_LABEL]).toBe('replica');
    expect(sts.spec.template.metadata.labels[POSTGRES_ROLE_LABEL]).toBe('replica');
    const mark = pod.initContainers.find((c: any) => c.name === 'mark-primary');
    expect(mark.command).toEqual([
      'kubectl', 'label', 'pods', '-l', 'statefulset.kubernetes.io/pod-name=orders-0', `${POSTGRES_ROLE_LABEL}=primary`, '--overwrite',
    ]);
    expect(find(manifests, 'Role', 'orders-labeler').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: [''], resources: ['pods'], resourceNames: ['orders-0'], verbs: ['get', 'patch'] },
    ]);
  });

  it('bootstraps from the ConfigMap scripts, streaming from <name>-0.<headless>', () => {
    const boot = pod.initContainers.find((c: any) => c.name === 'bootstrap');
    expect(boot.command).toEqual(['bash', '/etc/kapstan/postgres/init.sh']);
    const env = Object.fromEntries(boot.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(env.PRIMARY_HOST).toBe('orders-0.orders-headless');
    expect(env.POSTGRES_PASSWORD).toEqual({ secretKeyRef: { name: 'orders-credentials', key: 'password' } });
    const cm = find(manifests, 'ConfigMap', 'orders-config');
    expect(Object.keys(cm.data).sort()).toEqual(['init.sh', 'pg_hba.conf', 'postgresql.conf', 'start.sh']);
    expect(cm.data['init.sh']).toContain('pg_basebackup -h "$PRIMARY_HOST"');
    expect(cm.data['init.sh']).toContain("primary_conninfo = 'host=$PRIMARY_HOST");
    expect(cm.data['pg_hba.conf']).toMatch(/host\s+replication\s+replicator\s+0\.0\.0\.0\/0\s+scram-sha-256/);
    expect(cm.data['postgresql.conf']).toContain("wal_level = 'replica'");
  });

  it('probes with pg_isready and spreads instances across zones', () => {
    const c = pod.containers[0];
    for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) {
      expect(probe.exec.command[0]).toBe('pg_isready');
    }
    const terms = pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
    expect(terms[0].podAffinityTerm.topologyKey).toBe('topology.kubernetes.io/zone');
    const required = build({ zoneAntiAffinity: 'required' }).manifests;
    const anti = find(required, 'StatefulSet', 'orders').spec.template.spec.affinity.podAntiAffinity;
    expect(anti.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('topology.kubernetes.io/zone');
    expect(find(manifests, 'PodDisruptionBudget', 'orders').spec.maxUnavailable).toBe(1);
  });

  it('generates strong passwords that are deterministic per seed and path, never the seed itself', () => {
    const secret = (m: Manifest[]) => find(m, 'Secret', 'orders-credentials').stringData;
    const a = secret(manifests);
    expect(a.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a['replication-password']).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.password).not.toBe(a['replication-password']);
    expect(secret(build().manifests)).toEqual(a);
    expect(secret(build({ credentials: { seed: 'other-seed' } }).manifests).password).not.toBe(a.password);
  });

  it('uses a referenced Secret without generating one', () => {
    const { manifests: m } = build({ credentials: { existingSecret: 'orders-db-creds' } });
    expect(m.find((x) => x.kind === 'Secret')).toBeUndefined();
    const env = find(m, 'StatefulSet', 'orders').spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'POSTGRES_PASSWORD').valueFrom.secretKeyRef.name).toBe('orders-db-creds');
  });

  it('rejects bad props naming the construct path and field', () => {
    const chart = () => new Chart(Testing.app(), 'prod', { namespace: 'db' });
    expect(() => new PostgresCluster(chart(), 'pg', { instances: 0 })).toThrow('prod/pg: instances: must be an integer >= 1, got 0');
    expect(() => new PostgresCluster(chart(), 'Bad_Name')).toThrow(/^prod\/Bad_Name: name: "Bad_Name" must be a DNS-1123 label/);
    expect(() => new PostgresCluster(chart(), 'pg', { replicationUser: 'Repl-User' })).toThrow(
      'prod/pg: replicationUser: "Repl-User" must be a lower-case SQL identifier',
    );
    expect(() => new PostgresCluster(chart(), 'pg', { credentials: { existingSecret: 's', seed: 'x' } })).toThrow(
      'prod/pg: credentials: set either existingSecret or seed, not both',
    );
  });
});

describe('PostgresCluster building blocks', () => {
  test('the StatefulSet is Kapstan\'s, governed by the pattern\'s headless Service (no second one)', () => {
    let db: PostgresCluster | undefined;
    const { manifests } = synthStack((s) => { db = new PostgresCluster(s, 'orders'); });
    expect(db!.statefulSet).toBeInstanceOf(StatefulSet);
    expect(manifests.filter((m) => m.kind === 'Service').map((m) => m.metadata.name).sort()).toEqual(['orders-headless', 'orders-ro', 'orders-rw']);
    expect(find(manifests, 'Service', 'orders-headless').spec.selector).not.toHaveProperty(['cdk8s.io/metadata.addr']);
  });
});
