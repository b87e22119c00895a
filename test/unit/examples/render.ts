import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdk8s';
import * as YAML from 'yaml';
import { EXAMPLES } from '../../../examples';
import { synthesize } from '../../../synth';

// Fixed seed: generated passwords are deterministic, and masked below anyway.
process.env.KAPSTAN_SECRET_SEED = 'golden-file-seed';

export const GOLDEN_DIR = path.join(__dirname, '__golden__');

export interface RenderedExample {
  /** All files of dist/<stack>/ in order, Secret values masked. */
  text: string;
  objects: Record<string, any>[];
}

/** Synthesizes one example through Kapstan (strict validation) and renders its dist/ output. */
export function renderExample(name: string): RenderedExample {
  const build = EXAMPLES[name];
  if (!build) throw new Error(`no example "${name}"`);
  const app = new App();
  build(app);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-example-'));
  try {
    const result = synthesize(app, { outdir, validate: 'strict' });
    const errors = result.problems.filter((p) => p.severity === 'error');
    if (!result.ok || errors.length > 0) {
      throw new Error(`example ${name} does not synthesize cleanly:\n${errors.map((p) => `${p.path} ${p.field ?? ''}: ${p.message}`).join('\n')}`);
    }
    const parts: string[] = [];
    const objects: Record<string, any>[] = [];
    for (const file of listFiles(outdir)) {
      const body = fs.readFileSync(path.join(outdir, file), 'utf8');
      if (!file.endsWith('.yaml')) {
        parts.push(`# ${file}\n${body}`);
        continue;
      }
      const docs = YAML.parseAllDocuments(body).map((d) => d.toJS()).filter(Boolean);
      objects.push(...docs);
      parts.push(`# ${file}\n${docs.map((d) => YAML.stringify(maskSecret(d))).join('---\n')}`);
    }
    return { text: parts.join('\n'), objects };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? listFiles(dir, path.join(prefix, e.name)) : [path.join(prefix, e.name)]));
}

/** Golden files never hold Secret values: keys stay, values become a placeholder. */
function maskSecret(obj: Record<string, any>): Record<string, any> {
  if (obj.kind !== 'Secret') return obj;
  const mask = (m?: Record<string, string>) => m && Object.fromEntries(Object.keys(m).map((k) => [k, '<redacted>']));
  return { ...obj, data: mask(obj.data), stringData: mask(obj.stringData) };
}
