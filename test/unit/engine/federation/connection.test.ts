import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../../../../engine/errors';
import { checkConnections, envName, parseMemberMap, resolveConnections } from '../../../../engine/federation/connection';

const members = [{ cluster: 'eu-1', context: 'kind-eu-1' }, { cluster: 'us-1', context: null }];

function kubeconfig(dir: string, name: string, contexts: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', `current-context: ${contexts[0]}`,
    'clusters:', ...contexts.flatMap((c) => [`- name: ${c}`, '  cluster:', `    server: https://127.0.0.1:6443`]),
    'users:', '- name: admin', '  user:', '    token: abc',
    'contexts:', ...contexts.flatMap((c) => [`- name: ${c}`, '  context:', `    cluster: ${c}`, '    user: admin']),
  ].join('\n'));
  return file;
}

describe('member connections', () => {
  test('a plain --kubeconfig serves every member; a map gives each its own', () => {
    expect(parseMemberMap('--kubeconfig', '/k/all', ['a'])).toEqual({ all: '/k/all', by: new Map() });
    expect(parseMemberMap('--kubeconfig', 'a=/k/a, b=/k/b', ['a', 'b']).by).toEqual(new Map([['a', '/k/a'], ['b', '/k/b']]));
  });

  test.each([
    ['a=/k/a,=x', /expected CLUSTER=VALUE pairs/],
    ['a=', /expected CLUSTER=VALUE pairs/],
    ['a=/k/a,z=/k/z', /"z" is not a member \(members: a, b\)/],
    ['a=/k/1,a=/k/2', /"a" is given twice/],
  ])('--kubeconfig %s is a usage error', (value, msg) => {
    expect(() => parseMemberMap('--kubeconfig', value, ['a', 'b'])).toThrow(UsageError);
    expect(() => parseMemberMap('--kubeconfig', value, ['a', 'b'])).toThrow(msg);
  });

  test('precedence: map entry, then KAPSTAN_KUBECONFIG_<CLUSTER>, then the plain value; contexts default to the member\'s', () => {
    expect(envName('eu-1')).toBe('KAPSTAN_KUBECONFIG_EU_1');
    const env = { KAPSTAN_KUBECONFIG_US_1: '/env/us' };
    const conns = resolveConnections(members, { kubeconfig: 'eu-1=/map/eu', context: 'us-1=ctx-us' }, env);
    expect(conns.get('eu-1')).toEqual({ kubeconfig: '/map/eu', context: 'kind-eu-1' });
    expect(conns.get('us-1')).toEqual({ kubeconfig: '/env/us', context: 'ctx-us' });
    const plain = resolveConnections(members, { kubeconfig: '/all', context: 'one' }, {});
    expect([...plain.values()]).toEqual([{ kubeconfig: '/all', context: 'one' }, { kubeconfig: '/all', context: 'one' }]);
    expect(resolveConnections(members, {}, {}).get('us-1')).toEqual({ kubeconfig: undefined, context: undefined });
  });

  test('checkConnections reports every member whose kubeconfig or context is wrong, before any request', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-fedconn-'));
    const eu = kubeconfig(dir, 'eu', ['kind-eu-1']);
    expect(() => checkConnections(new Map([['eu-1', { kubeconfig: eu, context: 'kind-eu-1' }]]))).not.toThrow();
    let err: Error | undefined;
    try {
      checkConnections(new Map([
        ['eu-1', { kubeconfig: eu, context: 'kind-eu-1' }],
        ['us-1', { kubeconfig: eu, context: 'kind-us-1' }],
        ['ap-1', { kubeconfig: path.join(dir, 'missing'), context: 'x' }],
      ]));
    } catch (e) {
      err = e as Error;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect(err!.message).toMatch(/^cluster us-1: kube context "kind-us-1" is not in the kubeconfig .*\(known: kind-eu-1\)\ncluster ap-1: cannot read kubeconfig .*missing.*\nnothing was sent to any cluster$/);
    expect(err!.message).not.toMatch(/eu-1:/);
  });
});
