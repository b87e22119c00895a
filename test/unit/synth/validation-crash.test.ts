import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App } from 'cdk8s';
import { Stack } from '../../../stacks';
import { synthesize } from '../../../synth';
import { tempDir } from './helpers';

// Validation that throws must fail synthesis, not pass for "no problems".
jest.mock('../../../synth/validation', () => ({
  runValidation: () => {
    throw new Error('schema file missing');
  },
}));

test('a crash inside validation is an error and nothing is written', () => {
  const app = new App();
  new ApiObject(new Stack(app, 'prod'), 'Conf', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf' } });
  const out = path.join(tempDir(), 'dist');
  const result = synthesize(app, { outdir: out });
  expect(result.ok).toBe(false);
  expect(result.problems).toEqual([{ severity: 'error', rule: 'validate', path: 'prod', message: 'validation could not run: schema file missing' }]);
  expect(fs.existsSync(out)).toBe(false);
});
