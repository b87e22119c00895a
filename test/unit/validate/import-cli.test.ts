import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

describe('kapstan import', () => {
  it('writes the binding and the schema for each CRD in the file into -o', () => {
    const out = mkdtempSync(join(tmpdir(), 'kapstan-import-cli-'));
    const r = spawnSync(process.execPath, ['bin/kapstan.js', 'import', 'imports/crds/widgets.samples.kapstan.dev.yaml', '-o', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`wrote ${join(out, 'widgets.samples.kapstan.dev.ts')}\nwrote ${join(out, 'widgets.samples.kapstan.dev.schema.json')}\n`);
    const schema = JSON.parse(readFileSync(join(out, 'widgets.samples.kapstan.dev.schema.json'), 'utf8'));
    expect([schema.name, schema.group, schema.kind, schema.scope]).toEqual(['widgets.samples.kapstan.dev', 'samples.kapstan.dev', 'Widget', 'Namespaced']);
    expect(schema.versions.map((v: any) => v.name)).toEqual(['v1', 'v1alpha1']);
  });

  it('fails with the file named when it holds no CRD', () => {
    const r = spawnSync(process.execPath, ['bin/kapstan.js', 'import', 'package.json'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: package.json: no CustomResourceDefinition found\n');
  });
});
