import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../../../../engine/errors';
import { federationDir, readFederation } from '../../../../engine/federation/members';

function member(dist: string, fed: string, cluster: string, block: Record<string, unknown> | null) {
  const dir = path.join(dist, fed, cluster);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '01-config.k8s.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: web\n`);
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({
    stack: `${fed}-${cluster}`, context: `ctx-${cluster}`, namespace: 'web', ...(block ? { federation: block } : {}),
    objects: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', namespace: 'web', group: 'config', file: '01-config.k8s.yaml', path: 'x/cm' }],
  }));
}

function dist() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-fedmembers-'));
  member(d, 'global', 'us-1', { name: 'global', cluster: 'us-1', labels: { zone: 'c' }, weight: 1, wave: 2 });
  member(d, 'global', 'eu-1', { name: 'global', cluster: 'eu-1', labels: { zone: 'a' }, weight: 2, wave: 1 });
  member(d, 'global', 'eu-2', { name: 'global', cluster: 'eu-2', weight: 1, wave: 2 });
  member(d, 'global', 'karmada', null);
  member(d, 'other', 'x', { name: 'other', cluster: 'x' });
  return d;
}

describe('reading a federation from synth output', () => {
  test('members are the folders whose index names the federation (not karmada), by wave then name', () => {
    const d = dist();
    const dir = federationDir(d, 'global');
    expect(dir).toBe(path.join(d, 'global'));
    expect(federationDir(dir, 'global')).toBe(dir);
    const members = readFederation(dir, 'global');
    expect(members.map((m) => [m.cluster, m.wave, m.weight, m.source.stack, m.source.context])).toEqual([
      ['eu-1', 1, 2, 'global-eu-1', 'ctx-eu-1'], ['eu-2', 2, 1, 'global-eu-2', 'ctx-eu-2'], ['us-1', 2, 1, 'global-us-1', 'ctx-us-1'],
    ]);
    expect(members[0].labels).toEqual({ zone: 'a' });
    expect(members[0].source.objects[0].manifest.metadata.name).toBe('cm');
  });

  test('an unknown federation names the ones present; a bad wave is reported with its file', () => {
    const d = dist();
    expect(() => federationDir(d, 'nope')).toThrow(UsageError);
    expect(() => federationDir(d, 'nope')).toThrow(`--dir ${d}: no federation "nope" (federations here: global, other)`);
    expect(() => federationDir(path.join(d, 'missing'), 'global')).toThrow(/no such directory/);
    member(d, 'global', 'bad', { name: 'global', cluster: 'bad', wave: 0 });
    expect(() => readFederation(path.join(d, 'global'), 'global')).toThrow(/bad[/\\]index\.json: federation\.wave must be a positive integer \(got 0\)/);
  });
});
