// `kapstan` must load without aws-cdk-lib (an optional peer): only kapstan/aws may import it, and
// kapstan/aws checks for its peers before anything else it loads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AWS_PEERS } from '../../../aws/peers';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const build = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };

function sources(rel: string): string[] {
  const full = path.join(ROOT, rel);
  if (fs.statSync(full).isFile()) return /\.(ts|js)$/.test(rel) ? [rel] : [];
  return fs.readdirSync(full).flatMap((f) => sources(path.join(rel, f)));
}

const importsOf = (file: string) =>
  [...fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/(?:\bfrom\s+|\bimport\s+|\brequire\(\s*|\bimport\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);

describe('the kapstan/aws boundary', () => {
  const shipped = build.include.flatMap(sources);

  it('no module outside aws/ imports an AWS peer or kapstan/aws', () => {
    expect(shipped).toEqual(expect.arrayContaining(['aws/index.ts', 'index.ts']));
    const offending = shipped
      .filter((f) => !f.startsWith(`aws${path.sep}`))
      .flatMap((f) => importsOf(f).filter((s) => AWS_PEERS.some((p) => s === p || s.startsWith(`${p}/`)) || /(^|\/)aws(\/index)?$/.test(s)).map((s) => `${f}: ${s}`));
    expect(offending).toEqual([]);
  });

  it('aws/index.ts loads the peers check before any other module', () => {
    expect(importsOf('aws/index.ts')[0]).toBe('./peers');
  });
});
