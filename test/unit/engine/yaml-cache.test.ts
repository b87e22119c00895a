import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseYamlDocuments } from '../../../engine/yaml-cache';

describe('parsed YAML cache', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-yc-'));
  beforeAll(() => { process.env.KAPSTAN_CACHE_DIR = dir; });
  afterAll(() => { delete process.env.KAPSTAN_CACHE_DIR; fs.rmSync(dir, { recursive: true, force: true }); });

  const cms = Array.from({ length: 100 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  on: "yes"\n`).join('---\n');

  it('returns the same documents from the cache as from parsing', () => {
    const first = parseYamlDocuments(cms);
    expect(fs.readdirSync(dir)).toHaveLength(1);
    const second = parseYamlDocuments(cms);
    expect(second).toEqual(first);
    expect(first).toHaveLength(100);
    expect(first[3].data.on).toBe('yes');
  });

  it('never writes a file that contains a Secret to the cache', () => {
    const before = fs.readdirSync(dir).length;
    const docs = parseYamlDocuments(`${cms}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  pw: cache-me-not\n`);
    expect(docs.at(-1).stringData.pw).toBe('cache-me-not');
    expect(fs.readdirSync(dir)).toHaveLength(before);
  });
});
