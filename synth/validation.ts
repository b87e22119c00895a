import { validateObjects, type ValidateOptions } from '../validate';
import type { Problem, SynthObject } from './types';

// The one place synthesis calls validate/ (schema, semantic and policy checks).
export function runValidation(objects: SynthObject[], options: ValidateOptions): Problem[] {
  return validateObjects(objects, options);
}
