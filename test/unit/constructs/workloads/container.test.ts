import { Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Deployment } from '../../../../constructs/workloads';
import { onlyObject, podSpecOf } from './synth-helpers';

function containerOf(chart: ReturnType<typeof Testing.chart>, index = 0): any {
  return podSpecOf(onlyObject(chart, 'Deployment')).containers[index];
}

describe('containers', () => {
  test('image, command, args, working dir and named ports', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', {
      containers: [{
        name: 'app', image: 'registry.example.com/web:2.1', command: ['/bin/web'], args: ['--port', '8080'], workingDir: '/srv',
        ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }],
      }],
    });
    const c = containerOf(chart);
    expect(c).toMatchObject({
      name: 'app', image: 'registry.example.com/web:2.1', command: ['/bin/web'], args: ['--port', '8080'], workingDir: '/srv',
      ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 9090, name: 'metrics' }],
    });
  });

  test('env from literals, ConfigMap and Secret keys (by name or object) and pod fields; secret values never inlined', () => {
    const chart = Testing.chart();
    const secret = kplus.Secret.fromSecretName(chart, 'DbSecret', 'db-credentials');
    new Deployment(chart, 'web', {
      containers: [{
        image: 'web:1',
        env: {
          LOG_LEVEL: 'info',
          FEATURES: { configMap: 'web-config', key: 'features', optional: true },
          DB_PASSWORD: { secret, key: 'password' },
          API_TOKEN: { secret: 'api', key: 'token' },
          POD_NAME: { fieldPath: kplus.EnvFieldPaths.POD_NAME },
        },
        envFromConfigMaps: ['shared-config'],
        envFromSecrets: ['shared-secret'],
      }],
    });
    const c = containerOf(chart);
    expect(c.env).toEqual(expect.arrayContaining([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'FEATURES', valueFrom: { configMapKeyRef: { name: 'web-config', key: 'features', optional: true } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ]));
    expect(c.env).toHaveLength(5);
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'shared-config' } }, { secretRef: { name: 'shared-secret' } }]);
  });

  test('cpu, memory, ephemeral-storage and extended resources (GPU as request and limit)', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'trainer', {
      containers: [{
        image: 'trainer:1',
        resources: {
          cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(2) },
          memory: { request: Size.mebibytes(256), limit: Size.gibibytes(1) },
          ephemeralStorage: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
        },
        extendedResources: { 'nvidia.com/gpu': 2 },
      }],
    });
    expect(containerOf(chart).resources).toEqual({
      requests: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '1Gi', 'nvidia.com/gpu': '2' },
      limits: { 'cpu': '2', 'memory': '1024Mi', 'ephemeral-storage': '2Gi', 'nvidia.com/gpu': '2' },
    });
  });

  test('liveness, readiness and startup probes: http, tcp, exec and grpc', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', {
      containers: [
        {
          name: 'http', image: 'web:1', portNumber: 8080,
          readiness: kplus.Probe.fromHttpGet('/ready', { periodSeconds: Duration.seconds(5) }),
          liveness: kplus.Probe.fromTcpSocket({ port: 8080, failureThreshold: 5 }),
          startup: kplus.Probe.fromCommand(['cat', '/tmp/started']),
        },
        { name: 'grpc', image: 'grpc:1', portNumber: 9000, readiness: kplus.Probe.fromGrpc({ service: 'health' }) },
      ],
    });
    const [http, grpc] = podSpecOf(onlyObject(chart, 'Deployment')).containers;
    expect(http.readinessProbe).toMatchObject({ httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 });
    expect(http.livenessProbe).toMatchObject({ tcpSocket: { port: 8080 }, failureThreshold: 5 });
    expect(http.startupProbe).toMatchObject({ exec: { command: ['cat', '/tmp/started'] } });
    expect(grpc.readinessProbe).toMatchObject({ grpc: { port: 9000, service: 'health' } });
  });

  test('postStart and preStop hooks', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', {
      containers: [{
        image: 'web:1', portNumber: 8080,
        lifecycle: { postStart: kplus.Handler.fromCommand(['/bin/warm']), preStop: kplus.Handler.fromHttpGet('/drain') },
      }],
    });
    expect(containerOf(chart).lifecycle).toEqual({
      postStart: { exec: { command: ['/bin/warm'] } },
      preStop: { httpGet: { path: '/drain', port: 8080, scheme: 'HTTP' } },
    });
  });

  test('init containers get the same secure defaults; volumes are mounted and declared once', () => {
    const chart = Testing.chart();
    const web = new Deployment(chart, 'web', {
      initContainers: [{ image: 'migrate:1', command: ['migrate'] }],
      containers: [{ image: 'web:1' }],
    });
    const cache = kplus.Volume.fromEmptyDir(web, 'Cache', 'cache', { sizeLimit: Size.mebibytes(64) });
    web.containers[0].mount('/cache', cache);
    web.initContainers[0].mount('/cache', cache, { readOnly: false });
    const spec = podSpecOf(onlyObject(chart, 'Deployment'));
    expect(spec.initContainers[0]).toMatchObject({ name: 'init-0', image: 'migrate:1', securityContext: { capabilities: { drop: ['ALL'] } } });
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'cache', mountPath: '/cache' }]);
    expect(spec.volumes).toEqual([{ name: 'cache', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  test('addContainer after construction goes through the same conversion', () => {
    const chart = Testing.chart();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'web:1' }] });
    web.addContainer({ name: 'sidecar', image: 'proxy:1', env: { MODE: 'sidecar' }, extendedResources: { 'example.com/dongle': 1 } });
    const sidecar = containerOf(chart, 1);
    expect(sidecar.env).toEqual([{ name: 'MODE', value: 'sidecar' }]);
    expect(sidecar.resources.limits['example.com/dongle']).toBe('1');
    expect(sidecar.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test.each([
    [{ image: '' }, 'test/web: containers[0].image: must not be empty'],
    [{ image: 'nginx 1.27' }, 'test/web: containers[0].image: must not contain whitespace (got "nginx 1.27")'],
    [{ image: 'web:1', name: 'Main_App' }, 'test/web: containers[0].name: must be a DNS-1123 label'],
    [{ image: 'web:1', portNumber: 70000 }, 'test/web: containers[0].ports: must be between 1 and 65535 (got 70000)'],
    [{ image: 'web:1', ports: [{ number: 80, name: 'this-name-is-too-long' }] }, 'test/web: containers[0].ports: name "this-name-is-too-long" must be at most 15'],
    [{ image: 'web:1', ports: [{ number: 80, name: 'http' }, { number: 81, name: 'http' }] }, 'test/web: containers[0].ports: name "http" is used twice'],
    [{ image: 'web:1', env: { '1BAD': 'x' } }, 'test/web: containers[0].env.1BAD: is not a valid environment variable name'],
    [{ image: 'web:1', extendedResources: { gpu: 1 } }, 'test/web: containers[0].extendedResources.gpu: must be a domain-qualified name such as nvidia.com/gpu'],
    [{ image: 'web:1', extendedResources: { 'nvidia.com/gpu': 0.5 } }, 'test/web: containers[0].extendedResources.nvidia.com/gpu: must be a whole number > 0 (got 0.5)'],
    [{ image: 'web:1', extendedResources: { memory: 1 } }, 'test/web: containers[0].extendedResources.memory: is a built-in resource'],
  ])('bad container props are rejected with the path and field: %j', (container, message) => {
    const chart = Testing.chart();
    expect(() => new Deployment(chart, 'web', { containers: [container as any] })).toThrow(message);
  });

  test('an init container with a readiness probe is rejected naming the init container', () => {
    const chart = Testing.chart();
    expect(() => new Deployment(chart, 'web', {
      containers: [{ image: 'web:1' }],
      initContainers: [{ image: 'init:1', readiness: kplus.Probe.fromCommand(['true']) }],
    })).toThrow('test/web: initContainers[0]: Init containers must not have a readiness probe');
  });

  test('secret values given by reference never appear in the manifest', () => {
    const chart = Testing.chart();
    const secret = new kplus.Secret(chart, 'creds', { stringData: { password: 'hunter2-very-secret' } });
    new Deployment(chart, 'web', { containers: [{ image: 'web:1', env: { PW: { secret, key: 'password' } } }] });
    expect(JSON.stringify(onlyObject(chart, 'Deployment'))).not.toContain('hunter2-very-secret');
  });
});

describe('probe ports', () => {
  test('probes and hooks without a port use the first declared port, not 80', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', {
      containers: [{
        image: 'web:1',
        ports: [{ number: 8443, name: 'https' }, { number: 9090, name: 'metrics' }],
        readiness: kplus.Probe.fromHttpGet('/ready'),
        liveness: kplus.Probe.fromGrpc(),
        lifecycle: { preStop: kplus.Handler.fromTcpSocket() },
      }],
    });
    const c = containerOf(chart);
    expect(c.readinessProbe.httpGet.port).toBe(8443);
    expect(c.livenessProbe.grpc.port).toBe(8443);
    expect(c.lifecycle.preStop.tcpSocket.port).toBe(8443);
    expect(c.ports).toEqual([{ containerPort: 8443, name: 'https' }, { containerPort: 9090, name: 'metrics' }]);
  });

  test('an explicit probe port is kept', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', {
      containers: [{ image: 'web:1', ports: [{ number: 8443 }, { number: 9090 }], readiness: kplus.Probe.fromHttpGet('/metrics', { port: 9090 }) }],
    });
    expect(containerOf(chart).readinessProbe.httpGet.port).toBe(9090);
  });
});

describe('preStopSleep', () => {
  test('renders the kubelet sleep action and keeps postStart', () => {
    const chart = Testing.chart();
    new Deployment(chart, 'web', {
      containers: [{ image: 'web:1', preStopSleep: Duration.seconds(10), lifecycle: { postStart: kplus.Handler.fromCommand(['warm']) } }],
    });
    expect(containerOf(chart).lifecycle).toEqual({ postStart: { exec: { command: ['warm'] } }, preStop: { sleep: { seconds: 10 } } });
  });

  test.each([
    [{ image: 'web:1', preStopSleep: Duration.seconds(5), lifecycle: { preStop: kplus.Handler.fromCommand(['x']) } }, 'test/web: containers[0].preStopSleep: cannot be combined with lifecycle.preStop'],
    [{ image: 'web:1', preStopSleep: Duration.millis(1500) }, 'test/web: containers[0].preStopSleep: must be a whole number of seconds >= 1 (got 1.5s)'],
  ])('bad preStopSleep is rejected: %#', (container, message) => {
    const chart = Testing.chart();
    expect(() => new Deployment(chart, 'web', { containers: [container] })).toThrow(message);
  });
});
