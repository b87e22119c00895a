// One golden file per example: `UPDATE_GOLDEN=1 npx jest test/unit/examples` rewrites them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLES } from '../../../examples';
import { GOLDEN_DIR, renderExample } from './render';

describe.each(Object.keys(EXAMPLES))('example %s', (name) => {
  const golden = path.join(GOLDEN_DIR, `${name}.yaml`);
  const rendered = renderExample(name);

  it('synthesizes cleanly and matches its golden file', () => {
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, rendered.text);
    expect(fs.existsSync(golden)).toBe(true);
    expect(rendered.text).toBe(fs.readFileSync(golden, 'utf8'));
  });

  it('is deterministic', () => {
    expect(renderExample(name).text).toBe(rendered.text);
  });

  it('never writes a Secret value into the golden file', () => {
    for (const secret of rendered.objects.filter((o) => o.kind === 'Secret')) {
      // Passwords, keys and certificates (short values such as a user name may appear elsewhere).
      const values = (Object.values({ ...secret.data, ...secret.stringData }) as string[]).filter((v) => v.length >= 16);
      for (const value of values) expect(rendered.text).not.toContain(value);
    }
  });
});
