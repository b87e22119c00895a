// bin/kapstan.js runs lib/kapstan.js only while the bundle is newer than every file it was built
// from; anything else runs the TypeScript sources, so an edited checkout never runs stale code.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

function checkout(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-launcher-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.mkdirSync(path.join(dir, 'lib'));
  fs.mkdirSync(path.join(dir, 'cli'));
  for (const f of ['kapstan.js', 'run-bundle.js']) fs.copyFileSync(path.join(ROOT, 'bin', f), path.join(dir, 'bin', f));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'cli/main.ts'), "const from: string = 'sources';\nconsole.log(from);\n");
  fs.writeFileSync(path.join(dir, 'lib/kapstan.inputs.json'), JSON.stringify(['cli/main.ts']));
  fs.writeFileSync(path.join(dir, 'lib/kapstan.js'), "console.log('bundle');\n");
  // The bundle is built after its inputs.
  const past = new Date(Date.now() - 60_000);
  fs.utimesSync(path.join(dir, 'cli/main.ts'), past, past);
  return dir;
}

const run = (dir: string, env: Record<string, string> = {}) =>
  execFileSync(process.execPath, [path.join(dir, 'bin/kapstan.js')], { encoding: 'utf8', env: { ...process.env, ...env } }).trim();

describe('bin/kapstan.js', () => {
  let dir: string;
  beforeEach(() => { dir = checkout(); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs the bundle when it is newer than its inputs', () => {
    expect(run(dir)).toBe('bundle');
  });

  it('the bundle can require ES modules (as @kubernetes/client-node is) and leaves a code cache that the next run uses', () => {
    fs.mkdirSync(path.join(dir, 'esm'));
    fs.writeFileSync(path.join(dir, 'esm/index.mjs'), "export const answer = 42;\n");
    fs.writeFileSync(path.join(dir, 'lib/kapstan.js'), "console.log('bundle', require('../esm/index.mjs').answer);\n");
    expect(run(dir)).toBe('bundle 42');
    const caches = () => fs.readdirSync(path.join(dir, 'lib')).filter((f) => f.endsWith('.v8cache'));
    expect(caches()).toHaveLength(1);
    expect(run(dir)).toBe('bundle 42');
    expect(caches()).toHaveLength(1);
  });

  it('runs the sources when an input changed after the build', () => {
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(dir, 'cli/main.ts'), later, later);
    expect(run(dir)).toBe('sources');
  });

  it('runs the sources when the bundle was never built or an input is gone', () => {
    fs.rmSync(path.join(dir, 'lib/kapstan.inputs.json'));
    expect(run(dir)).toBe('sources');
    fs.writeFileSync(path.join(dir, 'lib/kapstan.inputs.json'), JSON.stringify(['cli/main.ts', 'cli/removed.ts']));
    expect(run(dir)).toBe('sources');
  });

  it('runs the sources when KAPSTAN_FROM_SOURCE=1', () => {
    expect(run(dir, { KAPSTAN_FROM_SOURCE: '1' })).toBe('sources');
  });

  it('an installed package (no sources, no inputs list, as npm packs it) always runs its bundle', () => {
    fs.rmSync(path.join(dir, 'cli'), { recursive: true });
    fs.rmSync(path.join(dir, 'lib/kapstan.inputs.json'));
    expect(run(dir)).toBe('bundle');
    expect(run(dir, { KAPSTAN_FROM_SOURCE: '1' })).toBe('bundle');
  });

  it('an installed package without its bundle runs the compiled CLI', () => {
    fs.rmSync(path.join(dir, 'cli'), { recursive: true });
    fs.rmSync(path.join(dir, 'lib/kapstan.js'));
    fs.mkdirSync(path.join(dir, 'lib/cli'));
    fs.writeFileSync(path.join(dir, 'lib/cli/main.js'), "console.log('compiled');\n");
    expect(run(dir)).toBe('compiled');
  });
});
