import { inspect } from 'util';
import { Testing } from 'cdk8s';
import { BasicAuthSecret, DockerRegistrySecret, Secret, TlsSecret } from '../../../../constructs/config';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIkey\n-----END EC PRIVATE KEY-----\n';
const PASSWORD = 's3cr3t-hunter2';

describe('Secret', () => {
  test('opaque Secret with string data', () => {
    const chart = Testing.chart();
    const secret = new Secret(chart, 'db', { app: { name: 'db' }, stringData: { password: PASSWORD, user: 'app' } });
    const [out] = Testing.synth(chart);
    expect(out).toMatchObject({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', stringData: { password: PASSWORD, user: 'app' } });
    expect(out.metadata.labels['app.kubernetes.io/name']).toBe('db');
    expect(secret.keys).toEqual(['password', 'user']);
  });

  test('values never appear in toString, console output or JSON', () => {
    const chart = Testing.chart();
    const secret = new Secret(chart, 'db', { stringData: { password: PASSWORD } });
    const tls = new TlsSecret(chart, 'tls', { tlsCert: CERT, tlsKey: KEY });
    for (const s of [secret, tls]) {
      for (const text of [String(s), `${s}`, inspect(s), JSON.stringify({ s })]) {
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain('MHcCAQEEIkey');
      }
    }
    expect(String(secret)).toBe('Secret(test/db; keys: password)');
  });

  test('docker-registry Secret (what kubectl create secret docker-registry writes)', () => {
    const chart = Testing.chart();
    new DockerRegistrySecret(chart, 'pull', {
      registries: [
        { server: 'ghcr.io', username: 'bot', password: PASSWORD, email: 'bot@example.com' },
        { server: 'registry.example.com', username: 'ci', password: 'pw' },
      ],
    });
    const [out] = Testing.synth(chart);
    expect(out.type).toBe('kubernetes.io/dockerconfigjson');
    expect(Object.keys(out.stringData)).toEqual(['.dockerconfigjson']);
    const config = JSON.parse(out.stringData['.dockerconfigjson']);
    expect(config.auths['ghcr.io']).toEqual({
      username: 'bot',
      password: PASSWORD,
      email: 'bot@example.com',
      auth: Buffer.from(`bot:${PASSWORD}`).toString('base64'),
    });
    expect(config.auths['registry.example.com'].auth).toBe(Buffer.from('ci:pw').toString('base64'));
  });

  test('TLS Secret', () => {
    const chart = Testing.chart();
    new TlsSecret(chart, 'tls', { tlsCert: CERT, tlsKey: KEY, caCert: CERT });
    const [out] = Testing.synth(chart);
    expect(out.type).toBe('kubernetes.io/tls');
    expect(out.stringData).toEqual({ 'tls.crt': CERT, 'tls.key': KEY, 'ca.crt': CERT });
  });

  test('basic-auth Secret', () => {
    const chart = Testing.chart();
    new BasicAuthSecret(chart, 'auth', { username: 'admin', password: PASSWORD, immutable: true });
    const [out] = Testing.synth(chart);
    expect(out).toMatchObject({ type: 'kubernetes.io/basic-auth', immutable: true, stringData: { username: 'admin', password: PASSWORD } });
  });

  describe('errors name the path and field but never the value', () => {
    const cases: [string, () => void, string][] = [
      ['bad key', () => new Secret(Testing.chart(), 's', { stringData: { 'a/b': PASSWORD } }), 'test/s: stringData.a/b: "a/b" is not a valid key'],
      ['not PEM cert', () => new TlsSecret(Testing.chart(), 's', { tlsCert: PASSWORD, tlsKey: KEY }), 'test/s: stringData[tls.crt]: is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)'],
      ['not PEM key', () => new TlsSecret(Testing.chart(), 's', { tlsCert: CERT, tlsKey: PASSWORD }), 'test/s: stringData[tls.key]: is not a PEM private key (expected -----BEGIN PRIVATE KEY-----)'],
      ['empty password', () => new BasicAuthSecret(Testing.chart(), 's', { username: 'u', password: '' }), 'test/s: stringData[password]: must not be empty'],
      ['no registries', () => new DockerRegistrySecret(Testing.chart(), 's', { registries: [] }), 'test/s: stringData[.dockerconfigjson]: needs at least one registry'],
      ['colon in user', () => new DockerRegistrySecret(Testing.chart(), 's', { registries: [{ server: 'ghcr.io', username: 'a:b', password: PASSWORD }] }), "test/s: registries[0].username: must not contain ':'"],
      ['duplicate registry', () => new DockerRegistrySecret(Testing.chart(), 's', {
        registries: [{ server: 'ghcr.io', username: 'a', password: PASSWORD }, { server: 'ghcr.io', username: 'b', password: PASSWORD }],
      }), 'test/s: registries[1].server: registry ghcr.io is listed twice'],
    ];
    test.each(cases)('%s', (_name, build, message) => {
      let error: Error | undefined;
      try {
        build();
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message).toContain(message);
      expect(error?.message).not.toContain(PASSWORD);
    });
  });
});
