import type { SynthObject } from '../../synth/types';
import type { Reporter } from '../context';
import { builtinValidator } from './builtin';
import { schemaErrors } from './ajv-errors';
import type { CrdRegistry } from './crd-registry';

/** Checks every object against the Kubernetes 1.34 schema of its kind, or its CRD's schema. */
export function checkSchemas(objects: SynthObject[], crds: CrdRegistry, reporter: Reporter): void {
  for (const obj of objects) {
    const m = obj.manifest;
    if (!m || typeof m !== 'object' || Array.isArray(m)) {
      reporter.report(obj, 'schema', undefined, 'manifest is not an object');
      continue;
    }
    let missing = false;
    for (const key of ['apiVersion', 'kind']) {
      if (typeof m[key] !== 'string' || m[key] === '') {
        reporter.report(obj, 'schema', [key], 'required field is missing');
        missing = true;
      }
    }
    if (missing) continue;
    const validate = builtinValidator(m.apiVersion, m.kind) ?? crds.validator(m.apiVersion, m.kind);
    if (!validate) {
      reporter.report(obj, 'schema/unknown-kind', undefined,
        `no schema for ${m.apiVersion} ${m.kind}: not a Kubernetes 1.34 kind, and no CRD for it in the app or imports/`);
      continue;
    }
    if (validate(m)) continue;
    for (const e of schemaErrors(validate.errors, m)) reporter.report(obj, 'schema', e.field, e.message);
  }
}
