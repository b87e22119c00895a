import { validateObjects } from '../../../validate';
import { deployment, obj } from './helpers';

const opts = { importsDir: false as const };

describe('schema validation against Kubernetes 1.34', () => {
  it('accepts a valid Deployment, with an integer where a quantity is expected', () => {
    const d = deployment('web', { container: { resources: { requests: { cpu: 1, memory: '1Gi' }, limits: { cpu: 2, memory: '1Gi' } } } });
    expect(validateObjects([obj(d)], opts)).toEqual([]);
  });

  it('reports an unknown field', () => {
    const d: any = deployment('web');
    d.spec.replica = 3;
    expect(validateObjects([obj(d)], opts)).toEqual([
      { severity: 'error', rule: 'schema', path: 'test/Deployment/web', field: 'spec.replica', message: 'unknown field' },
    ]);
  });

  it('reports a missing required field', () => {
    const d: any = deployment('web');
    delete d.spec.selector;
    const problems = validateObjects([obj(d)], opts).filter((p) => p.rule === 'schema');
    expect(problems).toEqual([
      { severity: 'error', rule: 'schema', path: 'test/Deployment/web', field: 'spec.selector', message: 'required field is missing' },
    ]);
  });

  it('reports a wrong type without echoing the value', () => {
    const d: any = deployment('web');
    d.spec.replicas = 'three';
    expect(validateObjects([obj(d)], opts)).toEqual([
      { severity: 'error', rule: 'schema', path: 'test/Deployment/web', field: 'spec.replicas', message: 'expected integer, got string' },
    ]);
  });

  it('reports an unsupported enum value', () => {
    const d = deployment('web', { container: { imagePullPolicy: 'Sometimes' } });
    expect(validateObjects([obj(d)], opts)).toEqual([{
      severity: 'error', rule: 'schema', path: 'test/Deployment/web',
      field: 'spec.template.spec.containers[0].imagePullPolicy',
      message: 'unsupported value; expected one of "Always", "IfNotPresent", "Never"',
    }]);
  });

  it('accepts int-or-string fields as either, rejects other types', () => {
    const good: any = deployment('web');
    good.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } };
    expect(validateObjects([obj(good)], opts)).toEqual([]);
    const bad: any = deployment('web');
    bad.spec.strategy = { rollingUpdate: { maxSurge: true } };
    expect(validateObjects([obj(bad)], opts)).toEqual([{
      severity: 'error', rule: 'schema', path: 'test/Deployment/web',
      field: 'spec.strategy.rollingUpdate.maxSurge', message: 'expected integer or string, got boolean',
    }]);
  });

  it('rejects a malformed quantity', () => {
    const d = deployment('web', { container: { resources: { requests: { cpu: '1 core' } } } });
    expect(validateObjects([obj(d)], opts).filter((p) => p.rule === 'schema')).toEqual([{
      severity: 'error', rule: 'schema', path: 'test/Deployment/web',
      field: 'spec.template.spec.containers[0].resources.requests.cpu',
      message: 'invalid quantity; expected a number with an optional suffix such as 500m, 1Gi or 1e3',
    }]);
  });

  it('treats explicit nulls as unset, as the API server does', () => {
    const d: any = deployment('web');
    d.metadata.creationTimestamp = null;
    expect(validateObjects([obj(d)], opts)).toEqual([]);
  });

  it('accepts any status, as kubectl output carries it and apply ignores it', () => {
    const d: any = deployment('web');
    d.status = { replicas: 2, conditions: [{ type: 'Available', status: 'True' }], observedGeneration: 'x' };
    expect(validateObjects([obj(d)], opts)).toEqual([]);
  });

  it('adds (file#document) to the path of objects read from YAML and quotes odd keys', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { 'app.kubernetes.io/name': 3 } } };
    const o = { ...obj(cm), source: { file: 'raw/extra.yaml', document: 2 } };
    expect(validateObjects([o], opts)).toEqual([{
      severity: 'error', rule: 'schema', path: 'test/ConfigMap/c (raw/extra.yaml#2)',
      field: 'metadata.labels["app.kubernetes.io/name"]', message: 'expected string, got integer',
    }]);
  });

  it('reports a missing kind and an unknown kind', () => {
    const problems = validateObjects([
      obj({ apiVersion: 'v1', metadata: { name: 'x' } }, 'test/raw'),
      obj({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }, 'test/widget'),
    ], opts);
    expect(problems).toEqual([
      { severity: 'error', rule: 'schema', path: 'test/raw', field: 'kind', message: 'required field is missing' },
      { severity: 'warning', rule: 'schema/unknown-kind', path: 'test/widget',
        message: 'no schema for example.com/v1 Widget: not a Kubernetes 1.34 kind, and no CRD for it in the app or imports/' },
    ]);
  });
});

describe('malformed input', () => {
  it('reports a manifest that is not an object instead of throwing', () => {
    expect(validateObjects([{ manifest: null as any, path: 'test/raw', stack: 'test' }], opts)).toEqual([
      { severity: 'error', rule: 'schema', path: 'test/raw', message: 'manifest is not an object' },
    ]);
  });

  it('a pod spec of the wrong shape is a schema error, not a crash', () => {
    const d: any = deployment('web');
    d.spec.template.spec.containers = 'app';
    expect(validateObjects([obj(d)], opts)).toEqual([
      { severity: 'error', rule: 'schema', path: 'test/Deployment/web', field: 'spec.template.spec.containers', message: 'expected array, got string' },
    ]);
  });
});
