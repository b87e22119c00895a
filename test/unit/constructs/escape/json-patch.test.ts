import { ApiObject, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Patch, patchObject } from '../../../../constructs/escape';
import { Service } from '../../../../constructs/networking';
import { Secret } from '../../../../constructs/config';
import { Deployment } from '../../../../constructs/workloads';

describe('patchObject', () => {
  test('patches the final manifest of a Kapstan construct, using real field names', () => {
    const chart = Testing.chart();
    const svc = new Service(chart, 'svc', { ports: [{ name: 'http', port: 80 }] });
    patchObject(svc,
      Patch.add('/spec/clusterIP', 'None'),
      Patch.add('/spec/ipFamilyPolicy', 'PreferDualStack'),
      Patch.add('/metadata/annotations', { 'example.com/owner': 'web' }));
    patchObject(svc, Patch.replace('/spec/ports/0/port', 8080), Patch.remove('/spec/type'));
    const [out] = Testing.synth(chart);
    expect(out.spec.clusterIP).toBe('None');
    expect(out.spec.ipFamilyPolicy).toBe('PreferDualStack');
    expect(out.spec.ports[0].port).toBe(8080);
    expect(out.spec.type).toBeUndefined();
    expect(out.metadata.annotations).toEqual({ 'example.com/owner': 'web' });
  });

  test('works on workload constructs (cdk8s-plus based) too', () => {
    const chart = Testing.chart();
    const web = new Deployment(chart, 'web', { app: { name: 'web' }, containers: [{ image: 'ghcr.io/acme/web:1.0.0' }] });
    patchObject(web, Patch.add('/spec/template/spec/hostUsers', false), Patch.replace('/spec/revisionHistoryLimit', 3));
    const [dep] = Testing.synth(chart);
    expect(dep.spec.template.spec.hostUsers).toBe(false);
    expect(dep.spec.revisionHistoryLimit).toBe(3);
  });

  test('works on plain ApiObjects and supports move, copy and test', () => {
    const chart = Testing.chart();
    const obj = new ApiObject(chart, 'raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'raw' }, data: { a: '1' } });
    patchObject(obj, Patch.test('/data/a', '1'), Patch.copy('/data/a', '/data/b'), Patch.move('/data/a', '/data/c'));
    expect(Testing.synth(chart)[0].data).toEqual({ b: '1', c: '1' });
  });

  test('a failing operation names the construct, the operation and the path, never values', () => {
    const chart = Testing.chart();
    const secret = new Secret(chart, 'db', { stringData: { password: 'hunter2' } });
    patchObject(secret, Patch.add('/stringData/user', 'app'), Patch.replace('/stringData/token', 'x'));
    let message = '';
    try {
      Testing.synth(chart);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('test/db: json patch[1] (replace /stringData/token): the path does not exist in the object');
    expect(message).not.toContain('hunter2');
  });

  test('a failed test operation stops synthesis', () => {
    const chart = Testing.chart();
    const svc = new Service(chart, 'svc', { ports: [{ port: 80 }] });
    patchObject(svc, Patch.test('/spec/type', 'LoadBalancer'));
    expect(() => Testing.synth(chart)).toThrow('test/svc: json patch[0] (test /spec/type): the test did not match');
  });

  test('malformed operations are rejected when added', () => {
    const chart = Testing.chart();
    const svc = new Service(chart, 'svc', { ports: [{ port: 80 }] });
    expect(() => patchObject(svc, { op: 'add', path: 'spec/x', value: 1 })).toThrow('test/svc: json patch[0] (add spec/x): the path must start with /');
    expect(() => patchObject(svc, { op: 'frobnicate', path: '/x' } as never)).toThrow('test/svc: json patch[0] (frobnicate /x): unknown operation');
  });

  test('a construct without a Kubernetes object cannot be patched', () => {
    const chart = Testing.chart();
    const group = new Construct(chart, 'group');
    expect(() => patchObject(group, Patch.remove('/spec'))).toThrow('test/group: json patch: this construct has no Kubernetes object to patch');
  });
});
