import type { Problem, SynthObject } from './types';

// The adapter between synthesis and validate/: until `validateObjects` lands there, synthesis
// runs without schema/semantic/policy checks (construct and render errors still fail it).
export function runValidation(objects: SynthObject[], options: Record<string, unknown>): Problem[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('../validate') as { validateObjects?: (o: SynthObject[], opts: object) => Problem[] };
  return typeof mod.validateObjects === 'function' ? mod.validateObjects(objects, options) : [];
}
