// A Secret's value never appears in anything kapstan prints: diff, apply, status, errors, JSON.
import { KubeClient } from '../../engine/client';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { eventually } from './harness';
import { configMap, deployment, kapstan, namespace, secret, writeStack, RunResult } from './engine-fixtures';
import { uniqueNs } from './engine-fixtures';

jest.setTimeout(240_000);

const VALUES = ['s3cr3t-Value-0001', 'another-hidden-token-42', 'multiline-first-part\nline-private-key-material'];
const b64 = (s: string) => Buffer.from(s).toString('base64');

function expectClean(r: RunResult) {
  const all = r.stdout + r.stderr;
  for (const v of VALUES) {
    expect(all).not.toContain(v);
    expect(all).not.toContain(b64(v));
    expect(all).not.toContain(JSON.stringify(v).slice(1, -1));
    for (const line of v.split('\n')) expect(all).not.toContain(line);
  }
}

describe('engine: secret values are never printed', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  const ns = uniqueNs('e2e-secrets');
  let dist: string;
  const run = (args: string[]) => kapstan([...args, '--dir', dist, '--kubeconfig', c.kubeconfig, '--yes']);
  const objects = (a: string, b: string, extra: any[] = []) => [
    namespace(ns), secret(ns, 'db', { password: a, key: VALUES[2] }), secret(ns, 'api', { token: b }), configMap(ns, 'plain'),
    deployment(ns, 'uses-secret', 'nginx:1.27', { env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }), ...extra,
  ];

  beforeAll(async () => {
    c = clusterOf();
    dist = writeStack('secrets', ns, objects(VALUES[0], 'first-token-value'));
  });

  it('diff (text and json) before and after apply, apply, status, history', async () => {
    for (const args of [['diff'], ['diff', '--output', 'json'], ['apply'], ['apply', '--output', 'json'], ['status'], ['status', '--output', 'json'], ['history']]) {
      const r = await run(args);
      expectClean(r);
    }
    // Change one value and add a key: the diff names the keys, never the values.
    const changed = objects(VALUES[0], VALUES[1]);
    changed[2].stringData.extra = 'added-key-secret';
    writeStack('secrets', ns, changed, dist);
    for (const args of [['diff'], ['diff', '--output', 'json'], ['apply', '--dry-run'], ['apply', '--output', 'json'], ['apply', '--dry-run', '--output', 'json']]) {
      const r = await run(args);
      expectClean(r);
      expect(r.stdout + r.stderr).not.toContain('added-key-secret');
    }
  });

  it('the diff shows which keys changed', async () => {
    const changed = objects(VALUES[0], VALUES[1]);
    changed[2].stringData.token = 'rotated-token-value';
    writeStack('secrets', ns, changed, dist);
    const r = await run(['diff']);
    expectClean(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('-  token: (hidden, changed - old value)');
    expect(r.stdout).toContain('+  token: (hidden, changed - new value)');
    expect(r.stdout).not.toContain('rotated-token-value');
  });

  it('errors about a Secret do not echo its values', async () => {
    // An invalid key makes the API server reject the Secret; the error must still be clean.
    const bad = objects(VALUES[0], VALUES[1]);
    bad[1].stringData = { 'bad key!': VALUES[0], key: VALUES[2] };
    writeStack('secrets', ns, bad, dist);
    for (const args of [['apply'], ['apply', '--output', 'json'], ['diff']]) {
      const r = await run(args);
      expect(r.code).toBeGreaterThan(0);
      expectClean(r);
    }
  });

  it('a 3-character value echoed by a server rejection is hidden too', async () => {
    // A ValidatingAdmissionPolicy that rejects short PINs and, like a policy engine, quotes the
    // value in its message (as the API server's own `Invalid value: "..."` field errors do).
    const short = 'Q7z';
    const admin = await KubeClient.connect({ kubeconfig: c.kubeconfig });
    const AR = '/apis/admissionregistration.k8s.io/v1';
    const name = `${ns}-pin`;
    try {
      await admin.request('POST', `${AR}/validatingadmissionpolicies`, { body: { metadata: { name }, spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['secrets'] }] },
        validations: [{
          expression: "!has(object.data) || !('pin' in object.data) || size(object.data.pin) >= 6",
          messageExpression: `'data[pin]: Invalid value: "' + string(object.data.pin) + '": at least 6 characters'`,
        }] } } });
      await admin.request('POST', `${AR}/validatingadmissionpolicybindings`, { body: { metadata: { name }, spec: {
        policyName: name, validationActions: ['Deny'], matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } } } } });
      const probe = secret(ns, 'probe', { pin: 'abc' });
      await eventually('the policy rejects a short pin', () => admin.request('POST', `/api/v1/namespaces/${ns}/secrets`, { query: { dryRun: 'All' }, body: probe })
        .then(() => false, (err) => /at least 6 characters/.test(err.message)));

      // The namespace is stack "secrets"' own: this stack only uses it.
      const dist = writeStack('short', ns, [secret(ns, 'pin', { pin: short })]);
      // diff shows the new Secret without asking the server (exit 1: differences); apply is refused.
      for (const args of [['diff'], ['apply'], ['apply', '--output', 'json']]) {
        const r = await kapstan([...args, '--dir', dist, '--kubeconfig', c.kubeconfig, '--yes']);
        const all = r.stdout + r.stderr;
        expect(r.code).toBeGreaterThan(0);
        // NDJSON escapes the quotes.
        if (args[0] === 'apply') expect(all).toContain(args.includes('json') ? 'Invalid value: \\"(hidden)\\"' : 'Invalid value: "(hidden)"');
        expect(all).not.toContain(short);
        expect(all).not.toContain(b64(short));
      }
    } finally {
      await admin.request('DELETE', `${AR}/validatingadmissionpolicybindings/${name}`, { allow: [404] });
      await admin.request('DELETE', `${AR}/validatingadmissionpolicies/${name}`, { allow: [404] });
      admin.close();
    }
  });
});
