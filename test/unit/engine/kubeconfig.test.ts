import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readKubeconfig } from '../../../engine/kubeconfig';

describe('reading a kubeconfig', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-kc-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'token'), 'file-token\n');
  fs.writeFileSync(path.join(dir, 'client.crt'), 'CERT');
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, `
apiVersion: v1
kind: Config
current-context: certs
clusters:
- name: c1
  cluster: { server: "https://10.0.0.1:6443", certificate-authority-data: ${Buffer.from('CA').toString('base64')}, tls-server-name: api.local }
- name: c2
  cluster: { server: "https://10.0.0.2:6443", insecure-skip-tls-verify: true }
users:
- name: certs
  user: { client-certificate: client.crt, client-key-data: ${Buffer.from('KEY').toString('base64')} }
- name: tok
  user: { tokenFile: token }
- name: basic
  user: { username: admin, password: pw }
- name: plugin
  user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: get-token } }
contexts:
- { name: certs, context: { cluster: c1, user: certs } }
- { name: tok, context: { cluster: c2, user: tok } }
- { name: basic, context: { cluster: c2, user: basic } }
- { name: plugin, context: { cluster: c1, user: plugin } }
`);

  it('uses the current context with client certificates (files relative to the kubeconfig)', () => {
    const c = readKubeconfig(file, undefined);
    expect(c).toMatchObject({ context: 'certs', server: 'https://10.0.0.1:6443', servername: 'api.local', insecure: false, needsClientNode: false, headers: {} });
    expect(c.ca?.toString()).toBe('CA');
    expect(c.cert?.toString()).toBe('CERT');
    expect(c.key?.toString()).toBe('KEY');
  });

  it('reads bearer tokens from files and basic auth', () => {
    expect(readKubeconfig(file, 'tok')).toMatchObject({ insecure: true, headers: { Authorization: 'Bearer file-token' } });
    expect(readKubeconfig(file, 'basic').headers.Authorization).toBe(`Basic ${Buffer.from('admin:pw').toString('base64')}`);
  });

  it('hands exec plugins to client-node', () => {
    expect(readKubeconfig(file, 'plugin').needsClientNode).toBe(true);
  });

  it('names the known contexts when the requested one is missing', () => {
    expect(() => readKubeconfig(file, 'prod')).toThrow(/kube context "prod" is not in the kubeconfig .* \(known: certs, tok, basic, plugin\)/);
    expect(() => readKubeconfig(path.join(dir, 'missing'), undefined)).toThrow(/cannot read kubeconfig/);
  });
});
