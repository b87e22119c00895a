import { resolve } from 'node:path';
import type { Problem, SynthObject } from '../synth/types';
import type { ValidateOptions } from './options';
import { Reporter } from './context';
import { checkSchemas } from './schema/check';
import { CrdRegistry } from './schema/crd-registry';
import { crdSchemas } from './schema/crd-file';

/**
 * Validates synthesized objects before anything touches a cluster: schema, semantic and policy
 * checks. Returns every problem at once, in a deterministic order; an empty list means valid.
 */
export function validateObjects(objects: SynthObject[], options: ValidateOptions = {}): Problem[] {
  const reporter = new Reporter(options);
  const importsDir = options.importsDir === false ? false : resolve(options.importsDir ?? 'imports');
  const crds = new CrdRegistry(importsDir);
  for (const c of options.crds ?? []) crds.add(c);
  for (const obj of objects) {
    const m = obj.manifest;
    if (m?.kind === 'CustomResourceDefinition' && String(m.apiVersion).startsWith('apiextensions.k8s.io/')) {
      const crd = crdSchemas(m);
      if (crd) crds.addCrd(crd);
    }
  }
  checkSchemas(objects, crds, reporter);
  return reporter.sorted();
}
