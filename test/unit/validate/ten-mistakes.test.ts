// The new-user scenario: `kapstan synth` on a plain cdk8s app with ten common mistakes
// reports all ten at once, each with construct path and field, and writes nothing.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

test('synth reports the ten mistakes of a plain cdk8s app', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-ten-')), 'dist');
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/kapstan.js'), 'synth', '--app', `${TSX} ${path.join(__dirname, 'fixtures/ten-mistakes.ts')}`, '--output', out], {
    cwd: ROOT, encoding: 'utf8',
  });
  expect(run.status).toBe(1);
  const errors = run.stderr.split('\n').filter((l) => l.startsWith('error   ')).map((l) => l.replace(/: .*\[/, ' [').replace(/-[0-9a-f]{8}\b/g, ''));
  expect(errors.sort()).toEqual([
    'error   shop/cron spec.jobTemplate.spec.template.spec.containers[0].resources.requests.memory [schema]',
    'error   shop/cron spec.schedule [apiserver]',
    'error   shop/hpa spec.scaleTargetRef [scale-target]',
    'error   shop/ing spec.rules[0].http.paths[0].backend.service.port [backend]',
    'error   shop/pdb spec.minAvailable [disruption-budget]',
    'error   shop/web metadata.labels.release [label-syntax]',
    'error   shop/web spec.replicas [apiserver]',
    'error   shop/web spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key [reference/key]',
    'error   shop/web spec.template.spec.containers[0].ports[0].name [apiserver]',
    'error   shop/web spec.template.spec.containers[1].name [apiserver]',
  ]);
  expect(run.stdout + run.stderr).not.toContain('never-printed');
  expect(fs.existsSync(out)).toBe(false);
});
