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
    const builtin = builtinValidator(m.apiVersion, m.kind);
    let crd;
    try {
      crd = builtin ? undefined : crds.validator(m.apiVersion, m.kind);
    } catch (e) {
      // A schema the validator cannot compile must not stop synthesis without naming what it was.
      reporter.report(obj, 'schema', undefined, `cannot check against the CRD schema of ${m.apiVersion} ${m.kind}: ${firstLine(e)}`);
      continue;
    }
    const validate = builtin ?? crd?.validate;
    if (!validate) {
      reporter.report(obj, 'schema/unknown-kind', undefined,
        `no schema for ${m.apiVersion} ${m.kind}: not a Kubernetes 1.34 kind, and no CRD for it in the app or imports/`);
      continue;
    }
    let valid: boolean;
    try {
      valid = validate(m) as boolean;
    } catch (e) {
      reporter.report(obj, 'schema', undefined, `${crd ? crd.crd : `${m.apiVersion} ${m.kind} schema`}: the check failed: ${firstLine(e)}`);
      continue;
    } finally {
      // What the CRD leaves to the API server, once per CRD: on the CRD when the app declares it.
      for (const n of crd ? crds.takeNotes(m.apiVersion, m.kind) : []) {
        reporter.report((crd!.owner as SynthObject | undefined) ?? obj, 'schema/not-checked', undefined, `${crd!.crd}: ${n.field}: ${n.message}`);
      }
    }
    if (valid) continue;
    for (const e of schemaErrors(validate.errors, m)) reporter.report(obj, 'schema', e.field, e.message);
  }
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}
