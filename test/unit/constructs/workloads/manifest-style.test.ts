import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { CronJob, DaemonSet, Deployment, emptyDirVolume, Job, Pod, StatefulSet } from '../../../../constructs/workloads';
import { NetworkPolicy, Service } from '../../../../constructs/networking';
import { onlyObject, podSpecOf } from './synth-helpers';

const ADDRESS = 'cdk8s.io/metadata.addr';

describe('manifest style: podAddressLabel, omitDefaults, podSeccompProfile', () => {
  test('by default the pods carry the address label and cdk8s-plus writes its defaults', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27' }] });
    const d = onlyObject(chart, 'Deployment');
    expect(d.spec.template.metadata.labels[ADDRESS]).toBeDefined();
    expect(podSpecOf(d)).toMatchObject({ dnsPolicy: 'ClusterFirst', hostNetwork: false, restartPolicy: 'Always', terminationGracePeriodSeconds: 30 });
    expect(podSpecOf(d).containers[0].imagePullPolicy).toBe('Always');
  });

  test.each([
    ['Deployment', (c: any) => new Deployment(c, 'w', { podAddressLabel: false, containers: [{ image: 'nginx:1.27' }] })],
    ['StatefulSet', (c: any) => new StatefulSet(c, 'w', { podAddressLabel: false, containers: [{ image: 'nginx:1.27', portNumber: 80 }] })],
    ['DaemonSet', (c: any) => new DaemonSet(c, 'w', { podAddressLabel: false, containers: [{ image: 'nginx:1.27' }] })],
    ['Job', (c: any) => new Job(c, 'w', { podAddressLabel: false, containers: [{ image: 'busybox:1.36' }] })],
    ['CronJob', (c: any) => new CronJob(c, 'w', { schedule: '@daily', podAddressLabel: false, containers: [{ image: 'busybox:1.36' }] })],
  ])('podAddressLabel: false keeps the %s pod labels to the app labels', (kind, build) => {
    const chart = Testing.chart();
    build(chart);
    const obj = onlyObject(chart, kind);
    const template = kind === 'CronJob' ? obj.spec.jobTemplate.spec.template : obj.spec.template;
    expect(Object.keys(template.metadata.labels).sort()).toEqual(['app.kubernetes.io/instance', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/name']);
    if (obj.spec.selector) expect(Object.keys(obj.spec.selector.matchLabels)).not.toContain(ADDRESS);
  });

  test('a Pod has no template: podAddressLabel: false names the construct and field', () => {
    const chart = Testing.chart();
    expect(() => new Pod(chart, 'p', { podAddressLabel: false, containers: [{ image: 'nginx:1.27' }] }))
      .toThrow('test/p: podAddressLabel: a Pod is not a template: its address label is its own');
  });

  test('omitDefaults leaves out restated defaults but keeps what the user chose', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', {
      omitDefaults: true,
      podSeccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
      terminationGracePeriod: undefined,
      containers: [
        { name: 'app', image: 'nginx:1.27', portNumber: 8080, readiness: kplus.Probe.fromHttpGet('/ready') },
        { name: 'sidecar', image: 'busybox:1.36', imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT },
      ],
    });
    const spec = podSpecOf(onlyObject(chart, 'Deployment'));
    for (const field of ['dnsPolicy', 'hostNetwork', 'setHostnameAsFQDN', 'shareProcessNamespace', 'restartPolicy', 'terminationGracePeriodSeconds']) {
      expect(spec).not.toHaveProperty(field);
    }
    expect(spec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    const [app, sidecar] = spec.containers;
    expect(app).not.toHaveProperty('imagePullPolicy');
    expect(sidecar.imagePullPolicy).toBe('IfNotPresent');
    expect(app.securityContext).not.toHaveProperty('privileged');
    expect(app.readinessProbe.httpGet).toEqual({ path: '/ready', port: 8080 });
  });

  test('a Job keeps its restartPolicy under omitDefaults (a Job must name one)', () => {
    const chart = Testing.chart();
    new Job(chart, 'j', { omitDefaults: true, containers: [{ image: 'busybox:1.36' }] });
    expect(podSpecOf(onlyObject(chart, 'Job')).restartPolicy).toBe('Never');
  });
});

describe('containers: quantities and namedProbePorts', () => {
  test('quantities are written as given; probes on a named port use its name', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', {
      containers: [{
        image: 'nginx:1.27',
        ports: [{ name: 'http', number: 8080 }, { number: 9090 }],
        quantities: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '2Gi', 'nvidia.com/gpu': 1 } },
        namedProbePorts: true,
        readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080 }),
        liveness: kplus.Probe.fromTcpSocket({ port: 9090 }),
      }],
    });
    const [c] = podSpecOf(onlyObject(chart, 'Deployment')).containers;
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '2Gi', 'nvidia.com/gpu': 1 } });
    expect(c.readinessProbe.httpGet.port).toBe('http');
    // 9090 has no name: it stays a number.
    expect(c.livenessProbe.tcpSocket.port).toBe(9090);
  });

  test('bad quantities, or both resources and quantities, name the construct and field', () => {
    const chart = Testing.chart();
    expect(() => new Deployment(chart, 'a', { containers: [{ image: 'nginx:1.27', quantities: { limits: { memory: '2 GB' } } }] }))
      .toThrow(/^test\/a: containers\[0\]\.quantities\.limits\.memory: /);
    expect(() => new Deployment(chart, 'b', {
      containers: [{ image: 'nginx:1.27', quantities: {}, resources: { cpu: { request: kplus.Cpu.millis(100) } } }],
    })).toThrow('test/b: containers[0].quantities: give resources or quantities, not both');
  });

  test('topologySpread with matchLabelKeys: [] writes none (not pod-template-hash)', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27' }], topologySpread: [{ topology: kplus.Topology.ZONE, matchLabelKeys: [] }, { topology: kplus.Topology.HOSTNAME }] });
    const [zone, host] = podSpecOf(onlyObject(chart, 'Deployment')).topologySpreadConstraints;
    expect(zone).not.toHaveProperty('matchLabelKeys');
    expect(host.matchLabelKeys).toEqual(['pod-template-hash']);
  });
});

describe('omitDefaults on a DaemonSet that runs as root', () => {
  test('drops runAsNonRoot: false, minReadySeconds: 0 and maxSurge: 0, keeps a grace period that was given', () => {
    const chart = Testing.chart();
    new DaemonSet(chart, 'agent', {
      omitDefaults: true,
      terminationGracePeriod: Duration.seconds(30),
      securityContext: { ensureNonRoot: false },
      containers: [{ image: 'fluent-bit:3.1', securityContext: { ensureNonRoot: false } }],
    });
    new DaemonSet(chart, 'plain', { containers: [{ image: 'fluent-bit:3.1' }] });
    const [agent, plain] = Testing.synth(chart).filter((o: any) => o.kind === 'DaemonSet');
    const spec = podSpecOf(agent);
    expect(spec).not.toHaveProperty('securityContext');
    expect(spec.containers[0].securityContext).not.toHaveProperty('runAsNonRoot');
    expect(spec.terminationGracePeriodSeconds).toBe(30);
    expect(agent.spec).not.toHaveProperty('minReadySeconds');
    expect(agent.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
    expect(plain.spec.minReadySeconds).toBe(0);
    expect(plain.spec.updateStrategy.rollingUpdate).toEqual({ maxUnavailable: 1, maxSurge: 0 });
  });
});

describe('emptyDirVolume', () => {
  test('writes the size limit as given (kplus would write 1024Mi) and checks it', () => {
    const chart = Testing.chart();
    const shm = emptyDirVolume(chart, 'shm', 'dshm', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: '1Gi' });
    const scratch = emptyDirVolume(chart, 'scratch', 'scratch');
    new Job(chart, 'train', { containers: [{ image: 'pytorch:2.4', volumeMounts: [{ volume: shm, path: '/dev/shm' }, { volume: scratch, path: '/scratch' }] }] });
    expect(podSpecOf(onlyObject(chart, 'Job')).volumes).toEqual([
      { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
      { name: 'scratch', emptyDir: {} },
    ]);
    expect(() => emptyDirVolume(chart, 'bad', 'bad', { sizeLimit: 'one gig' })).toThrow(/^test: volumes\.bad\.emptyDir\.sizeLimit: /);
  });
});

describe('podAddressLabel: false and what selects the pods', () => {
  test('a Service, a NetworkPolicy peer and an anti-affinity on the workload select by its app labels', () => {
    const chart = Testing.chart();
    const web = new Deployment(chart, 'web', { podAddressLabel: false, containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
    web.scheduling.separate(web, { topology: kplus.Topology.HOSTNAME });
    new Service(chart, 'svc', { selector: web, ports: [{ port: 80, targetPort: 8080 }] });
    new NetworkPolicy(chart, 'np', { selector: web });
    const objects = Testing.synth(chart);
    const appLabels = { 'app.kubernetes.io/instance': 'web', 'app.kubernetes.io/name': 'web' };
    expect(objects.find((o: any) => o.kind === 'Service').spec.selector).toEqual(appLabels);
    expect(objects.find((o: any) => o.kind === 'NetworkPolicy').spec.podSelector).toEqual({ matchLabels: appLabels });
    const anti = podSpecOf(objects.find((o: any) => o.kind === 'Deployment')).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
    expect(anti.labelSelector.matchLabels).toEqual(appLabels);
  });

  test('with the address label (the default), cdk8s-plus selection is unchanged', () => {
    const chart = Testing.chart();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
    new Service(chart, 'svc', { selector: web, ports: [{ port: 80, targetPort: 8080 }] });
    expect(Object.keys(Testing.synth(chart).find((o: any) => o.kind === 'Service').spec.selector)).toEqual([ADDRESS]);
  });
});

describe('a StatefulSet written as by hand', () => {
  test('its governing Service selects by the app labels; claims take labels and a size as written', () => {
    const chart = Testing.chart();
    const headless = new Service(chart, 'headless', { metadata: { name: 'db-headless' }, headless: true, selector: { labels: { 'app.kubernetes.io/name': 'db' } }, ports: [{ port: 5432 }] });
    new StatefulSet(chart, 'db', {
      podAddressLabel: false,
      omitDefaults: true,
      service: headless,
      automountServiceAccountToken: true,
      containers: [{ image: 'postgres:17.6', portNumber: 5432 }],
      volumeClaimTemplates: [{ name: 'data', storage: '10Gi', labels: { team: 'db' }, mountPath: '/var/lib/postgresql/data' }],
    });
    const objects = Testing.synth(chart);
    expect(objects.filter((o: any) => o.kind === 'Service')).toHaveLength(1);
    expect(objects.find((o: any) => o.kind === 'Service').spec.selector).toEqual({ 'app.kubernetes.io/instance': 'db', 'app.kubernetes.io/name': 'db' });
    const sts = onlyObject(chart, 'StatefulSet');
    expect(sts.spec.serviceName).toBe('db-headless');
    expect(sts.spec).not.toHaveProperty('minReadySeconds');
    expect(sts.spec).not.toHaveProperty('revisionHistoryLimit');
    expect(podSpecOf(sts)).not.toHaveProperty('automountServiceAccountToken');
    expect(sts.spec.volumeClaimTemplates[0].metadata.labels).toEqual({ team: 'db' });
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
  });

  test('without omitDefaults the kplus defaults stay; a bad size names the field', () => {
    const chart = Testing.chart();
    new StatefulSet(chart, 'db', { containers: [{ image: 'postgres:17.6', portNumber: 5432 }], volumeClaimTemplates: [{ name: 'data', storage: Size.gibibytes(5), mountPath: '/data' }] });
    const sts = onlyObject(chart, 'StatefulSet');
    expect(sts.spec.revisionHistoryLimit).toBe(10);
    expect(sts.spec.minReadySeconds).toBe(0);
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('5Gi');
    expect(() => new StatefulSet(chart, 'bad', { containers: [{ image: 'postgres:17.6', portNumber: 5432 }], volumeClaimTemplates: [{ name: 'data', storage: 'ten gigs' }] }))
      .toThrow(/^test\/bad: volumeClaimTemplates\[0\]\.storage: /);
  });
});
