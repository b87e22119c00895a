import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A fresh temporary directory, removed by `cleanup()`. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-test-'));
}

/** Every file under `dir` as relative path -> contents. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else out[child] = fs.readFileSync(path.join(dir, child), 'utf8');
    }
  };
  walk('');
  return out;
}

export function readIndex(dir: string): any {
  return JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
}
