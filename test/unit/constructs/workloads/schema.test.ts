import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import * as w from '../../../../constructs/workloads';
import { validateObjects } from '../../../../validate';

const limits = { cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(200) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } };

// Every workload kind, with most options on, must pass Kapstan's own validation (Kubernetes 1.34
// schema, selector/port/reference checks) with no errors.
test('all workload kinds synthesize to manifests that pass schema and semantic validation', () => {
  const chart = Testing.chart();
  const pc = new w.PriorityClass(chart, 'pc', { value: 1000, metadata: { name: 'high' } });
  const secret = new kplus.Secret(chart, 'db', { stringData: { pw: 'x' }, metadata: { name: 'db' } });
  const cm = new kplus.ConfigMap(chart, 'cfg', { data: { a: 'b' }, metadata: { name: 'cfg' } });
  new w.Deployment(chart, 'web', {
    priorityClass: pc, spreadAcrossZones: true, nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerateAll: true,
    imagePullSecrets: [secret],
    nodeAffinity: { required: [kplus.NodeLabelQuery.exists('x')], preferred: [{ weight: 5, match: [kplus.NodeLabelQuery.is('d', 'ssd')] }] },
    containers: [{
      image: 'web:1.2', ports: [{ number: 8080, name: 'http' }],
      env: { A: 'b', P: { secret, key: 'pw' }, C: { configMap: cm, key: 'a' }, N: { fieldPath: kplus.EnvFieldPaths.NODE_NAME } },
      extendedResources: { 'nvidia.com/gpu': 1 }, readiness: kplus.Probe.fromGrpc(), liveness: kplus.Probe.fromHttpGet('/h'),
      resources: limits, lifecycle: { preStop: kplus.Handler.fromCommand(['sleep', '5']) },
    }],
    initContainers: [{ image: 'init:1', resources: limits }],
  });
  new w.StatefulSet(chart, 'pg', {
    containers: [{ image: 'pg:16', portNumber: 5432, resources: limits, readiness: kplus.Probe.fromTcpSocket(), preStopSleep: Duration.seconds(5) }],
    claimsWhenDeleted: w.ClaimRetention.DELETE,
    strategy: kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition: 1 }),
    volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(1), storageClass: 'standard', mountPath: '/data' }],
  });
  new w.Job(chart, 'job', {
    completions: 3, completionMode: w.CompletionMode.INDEXED, backoffLimitPerIndex: 1, maxFailedIndexes: 1,
    ttlAfterFinished: Duration.hours(1), containers: [{ image: 'j:1', resources: limits }], runtimeClassName: 'gvisor',
    podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
  });
  new w.CronJob(chart, 'cj', { schedule: '0 3 * * *', timeZone: 'Etc/UTC', parallelism: 2, containers: [{ image: 'j:1', resources: limits }] });
  new w.DaemonSet(chart, 'ds', { tolerateAll: true, containers: [{ image: 'd:1', resources: limits }] });
  new w.Pod(chart, 'pod', { containers: [{ image: 'p:1', resources: limits }] });

  const objects = Testing.synth(chart).map((m: any) => ({ manifest: m, path: `test/${m.kind}`, stack: 'test' }));
  expect(objects.map((o) => o.manifest.kind).sort()).toEqual(
    ['ConfigMap', 'CronJob', 'DaemonSet', 'Deployment', 'Job', 'Pod', 'PriorityClass', 'Secret', 'Service', 'StatefulSet']);
  const errors = validateObjects(objects, { external: { storageClasses: ['standard'] }, importsDir: false })
    .filter((p) => p.severity === 'error')
    .map((p) => `${p.rule} ${p.path} ${p.field}: ${p.message}`);
  expect(errors).toEqual([]);
});
