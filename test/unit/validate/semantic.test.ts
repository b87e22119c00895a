import { validateObjects } from '../../../validate';
import type { ValidateOptions } from '../../../validate';
import { deployment, obj, service, validateManifests as run } from './helpers';

const opts = { importsDir: false as const };
const only = (rule: string, manifests: Array<Record<string, any>>, options: ValidateOptions = {}) =>
  run(manifests, options).filter((p) => p.rule === rule);

describe('semantic checks', () => {
  it('a valid app has no problems', () => {
    expect(run([deployment('web'), service('web', { app: 'web' })])).toEqual([]);
  });

  it('selector-match: a Deployment selector must match its pod template labels', () => {
    const d: any = deployment('web');
    d.spec.selector = { matchLabels: { app: 'api' } };
    expect(only('selector-match', [d])).toEqual([{
      severity: 'error', rule: 'selector-match', path: 'test/Deployment/web', field: 'spec.template.metadata.labels',
      message: 'selector {app=api} does not match the pod template labels {app=web}',
    }]);
  });

  it('selector-match: matchExpressions are evaluated, and a Job with manualSelector is checked', () => {
    const job = {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' },
      spec: {
        manualSelector: true,
        selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['db', 'cache'] }] },
        template: { metadata: { labels: { tier: 'web' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'm:1' }] } },
      },
    };
    expect(only('selector-match', [job])).toEqual([{
      severity: 'error', rule: 'selector-match', path: 'test/Job/migrate', field: 'spec.template.metadata.labels',
      message: 'selector {tier in (db,cache)} does not match the pod template labels {tier=web}',
    }]);
    job.spec.template.metadata.labels.tier = 'db';
    expect(only('selector-match', [job])).toEqual([]);
  });

  it('service-selector: a Service must select a pod template of the app in its namespace', () => {
    expect(only('service-selector', [deployment('web'), service('web', { app: 'wbe' })])).toEqual([{
      severity: 'error', rule: 'service-selector', path: 'test/Service/web', field: 'spec.selector',
      message: 'selector {app=wbe} matches no pod template in the default namespace',
    }]);
  });

  it('service-selector: controller-assigned pod labels are left out, the rest must still match', () => {
    const rw = service('db-rw', { app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-0' }, 'pg');
    expect(run([deployment('db'), rw]).map((p) => [p.rule, p.message])).toEqual([
      ['service-port', 'targets port "pg", which no selected container exposes'],
    ]);
  });

  it('service-selector: PodDisruptionBudget and NetworkPolicy selectors must select pods', () => {
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'prod' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } };
    const np = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web' }, spec: { podSelector: { matchLabels: { app: 'nope' } }, policyTypes: ['Ingress'] } };
    expect(only('service-selector', [deployment('web'), pdb, np])).toEqual([
      { severity: 'error', rule: 'service-selector', path: 'test/NetworkPolicy/web', field: 'spec.podSelector',
        message: 'selector {app=nope} matches no pod template in the default namespace' },
      { severity: 'error', rule: 'service-selector', path: 'test/PodDisruptionBudget/web', field: 'spec.selector',
        message: 'selector {app=web} matches no pod template in namespace "prod"' },
    ]);
  });

  it('service-port: a named or numbered target port must be exposed by a selected container', () => {
    expect(only('service-port', [deployment('web'), service('web', { app: 'web' }, 'metrics')])).toEqual([{
      severity: 'error', rule: 'service-port', path: 'test/Service/web', field: 'spec.ports[0].targetPort',
      message: 'targets port "metrics", which no selected container exposes',
    }]);
    expect(only('service-port', [deployment('web'), service('web', { app: 'web' }, 9090)])).toEqual([{
      severity: 'error', rule: 'service-port', path: 'test/Service/web', field: 'spec.ports[0].targetPort',
      message: 'targets port 9090, which no selected container exposes',
    }]);
    expect(only('service-port', [deployment('web'), service('web', { app: 'web' }, 8080)])).toEqual([]);
  });

  it('probe-port: a probe port must be a port of its container', () => {
    const d = deployment('web', { container: { livenessProbe: { tcpSocket: { port: 'admin' } } } });
    expect(only('probe-port', [d])).toEqual([{
      severity: 'error', rule: 'probe-port', path: 'test/Deployment/web',
      field: 'spec.template.spec.containers[0].livenessProbe.tcpSocket.port',
      message: 'probe port "admin" is not a port of container "app"',
    }]);
  });

  it('reference: ConfigMaps, Secrets, claims, service accounts and classes must exist or be external', () => {
    const d: any = deployment('web', {
      namespace: 'prod',
      container: {
        envFrom: [{ configMapRef: { name: 'web-config' } }, { secretRef: { name: 'optional', optional: true } }],
        env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
      },
    });
    d.spec.template.spec.serviceAccountName = 'web';
    d.spec.template.spec.priorityClassName = 'high';
    d.spec.template.spec.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }];
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'prod' },
      spec: { storageClassName: 'fast', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace: 'other' } };
    expect(only('reference', [d, pvc, cm])).toEqual([
      { severity: 'error', rule: 'reference', path: 'test/Deployment/web', field: 'spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name',
        message: 'Secret "db" is not declared in the app in namespace "prod" nor listed as external (external.secrets)' },
      { severity: 'error', rule: 'reference', path: 'test/Deployment/web', field: 'spec.template.spec.containers[0].envFrom[0].configMapRef.name',
        message: 'ConfigMap "web-config" is not declared in the app in namespace "prod" nor listed as external (external.configMaps)' },
      { severity: 'error', rule: 'reference', path: 'test/Deployment/web', field: 'spec.template.spec.serviceAccountName',
        message: 'ServiceAccount "web" is not declared in the app in namespace "prod" nor listed as external (external.serviceAccounts)' },
      { severity: 'error', rule: 'reference', path: 'test/Deployment/web', field: 'spec.template.spec.priorityClassName',
        message: 'PriorityClass "high" is not declared in the app nor listed as external (external.priorityClasses)' },
      { severity: 'error', rule: 'reference', path: 'test/PersistentVolumeClaim/data', field: 'spec.storageClassName',
        message: 'StorageClass "fast" is not declared in the app nor listed as external (external.storageClasses)' },
    ]);
    const external = {
      secrets: [{ name: 'db', namespace: 'prod' }], configMaps: ['web-config'], serviceAccounts: [{ name: 'web' }],
      storageClasses: ['fast'], priorityClasses: ['high'],
    };
    expect(only('reference', [d, pvc, cm], { external })).toEqual([]);
    // An external ref in another namespace does not count.
    expect(only('reference', [d, pvc, cm], { external: { ...external, secrets: [{ name: 'db', namespace: 'dev' }] } })).toHaveLength(1);
  });

  it('dns-name: names follow the rule of their kind', () => {
    const problems = only('dns-name', [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web' }, spec: { ports: [{ port: 80 }] } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web.config' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Web_Config' } },
      deployment('web', { container: { name: 'App' } }),
    ]);
    expect(problems).toEqual([
      { severity: 'error', rule: 'dns-name', path: 'test/ConfigMap/Web_Config', field: 'metadata.name',
        message: "\"Web_Config\" is not a valid DNS-1123 subdomain: at most 253 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit" },
      { severity: 'error', rule: 'dns-name', path: 'test/Deployment/web', field: 'spec.template.spec.containers[0].name',
        message: "\"App\" is not a valid DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit" },
      { severity: 'error', rule: 'dns-name', path: 'test/Namespace/team.a', field: 'metadata.name',
        message: "\"team.a\" is not a valid DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit" },
      { severity: 'error', rule: 'dns-name', path: 'test/Service/1web', field: 'metadata.name',
        message: "\"1web\" is not a valid DNS-1035 label: at most 63 lowercase letters, digits or '-', starting with a letter and ending with a letter or digit" },
    ]);
  });

  it('resource-quantities: requests must not exceed limits, comparing quantities exactly', () => {
    const d = deployment('web', { container: { resources: {
      requests: { cpu: '1.5', memory: '1Gi', 'ephemeral-storage': '1e3' },
      limits: { cpu: '1500m', memory: '1000Mi', 'ephemeral-storage': '1k' },
    } } });
    expect(only('resource-quantities', [d])).toEqual([{
      severity: 'error', rule: 'resource-quantities', path: 'test/Deployment/web',
      field: 'spec.template.spec.containers[0].resources.requests.memory',
      message: 'request 1Gi is greater than the limit 1000Mi',
    }]);
    const ints = deployment('web', { container: { resources: { requests: { cpu: 2 }, limits: { cpu: '500m' } } } });
    expect(only('resource-quantities', [ints]).map((p) => p.message)).toEqual(['request 2 is greater than the limit 500m']);
  });

  it('duplicate-object: no two objects share kind, namespace and name', () => {
    const a = obj({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'prod' } }, 'test/a');
    const b = obj({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'prod' } }, 'test/b');
    const c = obj({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'dev' } }, 'test/c');
    expect(validateObjects([a, b, c], opts)).toEqual([{
      severity: 'error', rule: 'duplicate-object', path: 'test/b', field: 'metadata.name',
      message: 'duplicate ConfigMap "cfg" in namespace "prod": also declared at test/a',
    }]);
  });

  it('duplicate-object: namespaces do not separate cluster-scoped objects', () => {
    const sc = (path: string, namespace: string) =>
      obj({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast', namespace }, provisioner: 'ebs.csi.aws.com' }, path);
    expect(validateObjects([sc('test/a', 'one'), sc('test/b', 'two')], opts)).toEqual([{
      severity: 'error', rule: 'duplicate-object', path: 'test/b', field: 'metadata.name',
      message: 'duplicate StorageClass "fast": also declared at test/a',
    }]);
  });
});

describe('Ingress TLS secrets', () => {
  const ingress = (annotations: Record<string, string> = {}) => ({
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'prod', annotations },
    spec: { tls: [{ hosts: ['web.example.com'], secretName: 'web-tls' }], defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
  });

  it('warns about a TLS Secret that is neither in the app nor external', () => {
    const services = ['web']; // the backend Service lives outside the app
    expect(run([ingress()], { external: { services } })).toEqual([{
      severity: 'warning', rule: 'reference/ingress-tls', path: 'test/Ingress/web', field: 'spec.tls[0].secretName',
      message: 'Secret "web-tls" is not declared in the app in namespace "prod" nor listed as external (external.secrets)',
    }]);
    expect(run([ingress()], { external: { secrets: ['web-tls'], services } })).toEqual([]);
  });

  it('trusts cert-manager to issue it', () => {
    expect(run([ingress({ 'cert-manager.io/cluster-issuer': 'letsencrypt' })], { external: { services: ['web'] } })).toEqual([]);
  });
});

describe('label-syntax', () => {
  it('rejects label keys, label values and annotation keys the API server would reject', () => {
    const cm = {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: {
        name: 'cfg',
        labels: { 'app.kubernetes.io/name': 'ok', 'Bad_Prefix/name': 'x', tier: 'front end', long: 'x'.repeat(64), empty: '' },
        annotations: { 'example.com/ok': 'any value at all: fine', '-bad': 'x' },
      },
    };
    expect(only('label-syntax', [cm])).toEqual([
      { severity: 'error', rule: 'label-syntax', path: 'test/ConfigMap/cfg', field: 'metadata.labels["Bad_Prefix/name"]',
        message: "key \"Bad_Prefix/name\" is not valid: an optional DNS-1123 subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit" },
      { severity: 'error', rule: 'label-syntax', path: 'test/ConfigMap/cfg', field: 'metadata.labels.tier',
        message: "value \"front end\" is not valid: empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit" },
      { severity: 'error', rule: 'label-syntax', path: 'test/ConfigMap/cfg', field: 'metadata.labels.long',
        message: `value "${'x'.repeat(64)}" is not valid: empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit` },
      { severity: 'error', rule: 'label-syntax', path: 'test/ConfigMap/cfg', field: 'metadata.annotations["-bad"]',
        message: "key \"-bad\" is not valid: an optional DNS-1123 subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit" },
    ]);
  });
});
