// Every kind built by the networking, config, storage, tenancy, scaling and escape constructs,
// with most options set, passes Kapstan's own validation (Kubernetes 1.34 schema and the
// semantic checks) next to a workload they select.
import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BasicAuthSecret, ConfigMap, DockerRegistrySecret, Secret, TlsSecret } from '../../../../constructs/config';
import { IncludeYaml, Patch, patchObject } from '../../../../constructs/escape';
import { ExternalTrafficPolicy, Ingress, NetworkPeer, NetworkPolicy, Service, ServiceType, SessionAffinity } from '../../../../constructs/networking';
import { HorizontalPodAutoscaler, PodDisruptionBudget, ScalingMetric, SelectPolicy } from '../../../../constructs/scaling';
import { AwsEbsStorageClass, GcePdStorageClass, NfsStorageClass, PersistentVolume, PersistentVolumeClaim } from '../../../../constructs/storage';
import {
  ClusterRole, ClusterRoleBinding, LimitRange, Namespace, PodSecurityLevel, QuotaScope, RbacUser, ResourceQuota, Role, RoleBinding, ServiceAccount,
} from '../../../../constructs/tenancy';
import { Deployment } from '../../../../constructs/workloads';
import { validateObjects } from '../../../../validate';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

test('all kinds synthesize manifests that pass schema and semantic validation', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-schema-'));
  const rawFile = path.join(dir, 'raw.yaml');
  fs.writeFileSync(rawFile, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: raw}\ndata: {a: "1"}\n');

  const chart = Testing.chart();
  const app = { name: 'web' };
  const pull = new DockerRegistrySecret(chart, 'pull', { metadata: { name: 'pull' }, registries: [{ server: 'ghcr.io', username: 'u', password: 'p' }] });
  const sa = new ServiceAccount(chart, 'sa', { metadata: { name: 'web' }, imagePullSecrets: [pull] });
  const web = new Deployment(chart, 'web', {
    app,
    serviceAccount: sa,
    containers: [{
      image: 'ghcr.io/acme/web:1.0.0',
      ports: [{ name: 'http', number: 8080 }],
      resources: { cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
      readiness: kplus.Probe.fromHttpGet('/healthz', { port: 8080 }),
    }],
  });
  const svc = new Service(chart, 'svc', { app, selector: web, ports: [{ name: 'http', port: 80, targetPort: 'http' }], sessionAffinity: SessionAffinity.CLIENT_IP, sessionAffinityTimeout: Duration.minutes(5) });
  new Service(chart, 'headless', { app, selector: web, headless: true, ports: [{ name: 'http', port: 8080 }] });
  new Service(chart, 'lb', {
    app, selector: web, type: ServiceType.LOAD_BALANCER, ports: [{ port: 443, targetPort: 8080, nodePort: 30443 }],
    externalTrafficPolicy: ExternalTrafficPolicy.LOCAL, loadBalancerSourceRanges: ['10.0.0.0/8'],
  });
  const tls = new TlsSecret(chart, 'tls', { tlsCert: CERT, tlsKey: KEY });
  new Ingress(chart, 'ing', { className: 'nginx', routes: [{ host: 'a.example.com', service: svc }], tls: [{ hosts: ['a.example.com'], secret: tls }] });
  new NetworkPolicy(chart, 'np', {
    selector: web,
    ingress: [{
      peers: [NetworkPeer.cidr('10.0.0.0/8', ['10.1.0.0/16']), NetworkPeer.podsInNamespaces({ labels: { a: 'b' } }, { names: ['x'] })],
      ports: [{ port: 8080, endPort: 8090 }, { port: 'http' }],
    }],
    egress: [{ peers: [NetworkPeer.allNamespaces()] }],
  });
  NetworkPolicy.denyAll(chart, 'deny', { egress: true });
  new ConfigMap(chart, 'cm', { data: { a: 'b' }, immutable: true });
  new Secret(chart, 'sec', { stringData: { a: 'b' } });
  new BasicAuthSecret(chart, 'basic', { username: 'u', password: 'p' });
  const ebs = new AwsEbsStorageClass(chart, 'ebs', { metadata: { name: 'gp3' }, isDefault: true, zones: ['eu-west-1a'], iops: 4000 });
  new GcePdStorageClass(chart, 'gce', { metadata: { name: 'regional' }, regional: true, zones: ['b', 'c'] });
  new NfsStorageClass(chart, 'nfs', { metadata: { name: 'nfs' }, server: 'nfs.example.com', share: '/exports' });
  const pvc = new PersistentVolumeClaim(chart, 'pvc', { storage: '1Gi', storageClass: ebs });
  new PersistentVolume(chart, 'pv', { storage: '1Gi', storageClass: ebs, source: { csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1' } }, claim: pvc });
  new PersistentVolume(chart, 'local', { storage: '1Gi', source: { local: { path: '/mnt' } }, nodeNames: ['n1'] });
  new Namespace(chart, 'ns', { metadata: { name: 'team' }, podSecurity: { enforce: PodSecurityLevel.BASELINE, version: 'v1.34' } });
  const role = new Role(chart, 'role', { rules: [{ resources: ['pods'], verbs: ['get'] }] });
  role.allowRead(kplus.ApiResource.CONFIG_MAPS);
  new RoleBinding(chart, 'rb', { role, subjects: [sa] });
  const cr = new ClusterRole(chart, 'cr', { rules: [{ nonResourceUrls: ['/healthz'], verbs: ['get'] }], aggregationLabels: { a: 'b' } });
  // a ClusterRoleBinding's ServiceAccount subject needs a namespace (the API server refuses it without)
  const ops = new ServiceAccount(chart, 'ops', { metadata: { name: 'ops', namespace: 'team' } });
  new ClusterRoleBinding(chart, 'crb', { role: cr, subjects: [ops, RbacUser.fromName(chart, 'alice', 'alice')] });
  new ResourceQuota(chart, 'quota', { hard: { pods: 5, requestsCpu: '2', storagePerClass: { gp3: '10Gi' } }, scopes: [QuotaScope.NOT_BEST_EFFORT] });
  new LimitRange(chart, 'limits', { container: { defaultRequest: { cpu: '100m' } }, pod: { max: { cpu: 2 } }, persistentVolumeClaim: { max: { storage: '10Gi' } } });
  new HorizontalPodAutoscaler(chart, 'hpa', {
    target: web, maxReplicas: 5,
    metrics: [
      ScalingMetric.cpuUtilization(50),
      ScalingMetric.external({ name: 'queue', target: { value: '10' } }),
      ScalingMetric.object({ name: 'rps', describedObject: { apiVersion: 'v1', kind: 'Service', name: svc.name }, target: { averageValue: 1 } }),
    ],
    scaleDown: { policies: [{ type: 'Pods', value: 1, period: Duration.minutes(1) }], selectPolicy: SelectPolicy.MIN },
  });
  new PodDisruptionBudget(chart, 'pdb', { selector: web, minAvailable: '50%' });
  const raw = new IncludeYaml(chart, 'raw', { file: rawFile });
  patchObject(raw.find('ConfigMap', 'raw')[0], Patch.add('/data/b', '2'));

  const manifests = Testing.synth(chart);
  const objects = manifests.map((manifest) => ({ manifest, path: `test/${manifest.kind}/${manifest.metadata.name}`, stack: 'test' }));
  const errors = validateObjects(objects, { importsDir: false }).filter((p) => p.severity === 'error');
  expect(errors).toEqual([]);
  const kinds = new Set(manifests.map((m) => m.kind));
  for (const kind of ['Service', 'Ingress', 'NetworkPolicy', 'ConfigMap', 'Secret', 'StorageClass', 'PersistentVolumeClaim', 'PersistentVolume',
    'Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'ResourceQuota', 'LimitRange',
    'HorizontalPodAutoscaler', 'PodDisruptionBudget']) {
    expect(kinds).toContain(kind);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
