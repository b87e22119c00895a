// `--dir` is checked like synth output before anything reaches the cluster: a document index.json
// does not list (a later --prune would delete its live copy), a duplicate, a --stack naming
// another stack, a number in a Secret's data. Each fails with exit 2 naming file and document.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KubeClient } from '../../engine/client';
import { engineCluster, ClusterInfo } from './engine-cluster';
import { configMap, kapstan, namespace, uniqueNs, writeStack } from './engine-fixtures';

jest.setTimeout(240_000);

describe('engine: --dir is checked like synth output', () => {
  const clusterOf = engineCluster({ shared: true });
  let c: ClusterInfo;
  let client: KubeClient;
  const ns = uniqueNs('e2e-dircheck');
  const stack = 'checked';

  beforeAll(async () => {
    c = clusterOf();
    client = await KubeClient.connect({ kubeconfig: c.kubeconfig });
  });
  afterAll(() => client?.close());

  const fresh = () => writeStack(stack, ns, [namespace(ns), configMap(ns, 'listed')]);
  const configFile = (dist: string) => path.join(dist, stack, fs.readdirSync(path.join(dist, stack)).find((f) => f.endsWith('-config.k8s.yaml'))!);
  const refused = async (dist: string, extra: string[] = []) => {
    const r = await kapstan(['apply', '--no-wait', '--dir', path.join(dist, stack), '--kubeconfig', c.kubeconfig, ...extra]);
    expect(r.code).toBe(2);
    // Nothing was sent: not even the namespace exists.
    expect(await client.request('GET', `/api/v1/namespaces/${ns}`, { allow: [404] })).toBeUndefined();
    return r.stderr;
  };

  it('a document index.json does not list', async () => {
    const dist = fresh();
    fs.appendFileSync(configFile(dist), `---\n${JSON.stringify(configMap(ns, 'unlisted'))}\n`);
    expect(await refused(dist)).toMatch(/-config\.k8s\.yaml document 2: ConfigMap e2e-dircheck-[a-z0-9]+\/unlisted is not listed in .*index\.json/);
  });

  it('a duplicate document', async () => {
    const dist = fresh();
    fs.appendFileSync(configFile(dist), `---\n${JSON.stringify(configMap(ns, 'listed', { other: 'value' }))}\n`);
    expect(await refused(dist)).toMatch(/document 2: ConfigMap e2e-dircheck-[a-z0-9]+\/listed is also document 1 of this file/);
  });

  it('--stack that names another stack', async () => {
    expect(await refused(fresh(), ['--stack', 'other'])).toContain(`--stack other does not match`);
  });

  it("a number in a Secret's data, named by file, document and field, without its value", async () => {
    const dist = fresh();
    fs.appendFileSync(configFile(dist), '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: pin\n  namespace: ' + ns + '\ndata:\n  pin: 918273\n');
    const index = JSON.parse(fs.readFileSync(path.join(dist, stack, 'index.json'), 'utf8'));
    index.objects.push({ apiVersion: 'v1', kind: 'Secret', name: 'pin', namespace: ns, group: 'config', file: path.basename(configFile(dist)), path: `${stack}/pin` });
    fs.writeFileSync(path.join(dist, stack, 'index.json'), JSON.stringify(index));
    const err = await refused(dist);
    expect(err).toMatch(/-config\.k8s\.yaml document 2: Secret pin: field data\.pin must be a string \(got number\)/);
    expect(err).not.toContain('918273');
    expect(err).not.toContain('is not a function');
  });

  it('the same output, corrected, applies', async () => {
    const r = await kapstan(['apply', '--no-wait', '--dir', path.join(fresh(), stack), '--kubeconfig', c.kubeconfig, '--stack', stack]);
    expect(r.code).toBe(0);
  });
});
