import * as fs from 'fs';
import type { IConstruct } from 'constructs';
import { synthesize } from './synthesize';
import { OPTIONS_ENV, RESULT_ENV } from './protocol';
import type { SynthOptions, SynthResult } from './types';

const results: SynthResult[] = [];

/**
 * Called by the patched `App.prototype.synth`: synthesizes with the options from the parent and
 * (re)writes the result file with every synth call so far (an app may synthesize several Apps).
 * Errors do not throw: the parent prints them all at once; the exit code still says failure.
 */
export function runSynth(app: IConstruct): void {
  const options: SynthOptions = JSON.parse(process.env[OPTIONS_ENV] ?? '{}');
  // A second App synthesized by the same process must not prune the first one's stacks.
  const result = synthesize(app, results.length === 0 ? options : { ...options, prune: false });
  results.push(result);
  const file = process.env[RESULT_ENV];
  if (file) fs.writeFileSync(file, JSON.stringify(results));
  if (!result.ok) process.exitCode = 1;
}
