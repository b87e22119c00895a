// kubectl reads the set Kapstan records as its own kind of ApplySet (KEP-3659): it finds the parent
// Secret, refuses to touch a set another tool manages, and, once the set is handed over to it,
// computes the same id and the same members from the part-of labels and contains-group-kinds.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parentName } from '../../engine/applyset';
import { configMap, kapstan, namespace, uniqueNs, writeStack } from './engine-fixtures';
import { useCluster } from './harness';

jest.setTimeout(240_000);

describe('engine: the ApplySet as kubectl sees it', () => {
  const cluster = useCluster({ shared: true });
  const ns = uniqueNs('e2e-applyset');
  const stack = 'interop';
  const parent = parentName(stack);
  let onlyA: string;

  // kubectl's ApplySet support is behind KUBECTL_APPLYSET in 1.34. Resolves to stdout, rejects
  // with stderr.
  const kubectlPrune = async (...extra: string[]) => {
    const args = ['--kubeconfig', cluster().kubeconfig, 'apply', '-n', ns, '--server-side', '--prune', `--applyset=${parent}`, '--dry-run=server', '-f', onlyA, ...extra];
    try {
      return (await promisify(execFile)(cluster().kubectlPath, args, { env: { ...process.env, KUBECTL_APPLYSET: 'true' } })).stdout;
    } catch (err) {
      throw new Error(String((err as { stderr?: string }).stderr ?? err));
    }
  };

  beforeAll(async () => {
    const dist = writeStack(stack, ns, [namespace(ns), configMap(ns, 'a'), configMap(ns, 'b')]);
    const r = await kapstan(['apply', '--dir', dist, '--kubeconfig', cluster().kubeconfig, '--no-wait']);
    expect(r.code).toBe(0);
    // Not a member: same labels as the stack's objects, created by someone else.
    await cluster().apply(configMap(ns, 'foreign'));
    onlyA = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-applyset-')), 'a.json');
    fs.writeFileSync(onlyA, JSON.stringify(configMap(ns, 'a')));
  });

  it('kubectl finds the parent and refuses a set managed by kapstan', async () => {
    await expect(kubectlPrune()).rejects.toThrow(`managed by tooling "kapstan" instead of "kubectl"`);
    const b = await cluster().kubectlJson(['get', 'configmap', 'b', '-n', ns]);
    expect(b.metadata.name).toBe('b');
  });

  it('handed over to kubectl, the set has the id and the members kubectl computes', async () => {
    await cluster().kubectl(['annotate', 'secret', parent, '-n', ns, '--overwrite', 'applyset.kubernetes.io/tooling=kubectl/v1.34.0']);
    // A dry run: kubectl lists what its prune of this set would delete.
    const out = await kubectlPrune('--force-conflicts');
    expect(out).toContain('configmap/a serverside-applied');
    expect(out).toContain('configmap/b pruned');
    expect(out).not.toContain('configmap/a pruned');
    expect(out).not.toContain('configmap/foreign');
  });
});
