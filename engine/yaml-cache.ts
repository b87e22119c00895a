// Parsing synth output YAML dominates a no-op apply, so parsed files are cached as JSON keyed by
// the content hash (~/.cache/kapstan/parsed). Files holding Secrets are never cached: their values
// stay only where the user put them.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAll } from 'js-yaml';

function cacheDir(): string {
  return process.env.KAPSTAN_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'kapstan', 'parsed');
}

export function parseYamlDocuments(text: string): any[] {
  const cacheable = !/^kind:\s*Secret\s*$/m.test(text) && text.length > 4096;
  const file = cacheable ? path.join(cacheDir(), `${createHash('sha256').update(text).digest('hex')}.json`) : '';
  if (cacheable) {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch { /* not cached yet */ }
  }
  const docs = (loadAll(text) as any[]).filter(Boolean);
  if (cacheable) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(docs), { mode: 0o600 });
      fs.renameSync(tmp, file);
    } catch { /* a read-only home only loses the cache */ }
  }
  return docs;
}
