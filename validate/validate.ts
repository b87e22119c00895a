import { resolve } from 'node:path';
import type { Problem, SynthObject } from '../synth/types';
import type { ValidateOptions } from './options';
import { Reporter, objectPath } from './context';
import { checkSchemas } from './schema/check';
import { CrdRegistry } from './schema/crd-registry';
import { crdSchemas } from './schema/crd-file';
import { isBuiltinClusterScoped, isBuiltinKind } from './schema/builtin';
import { AppIndex } from './semantic/app-index';
import { checkSelectors } from './semantic/selectors';
import { checkPorts } from './semantic/ports';
import { checkReferences } from './semantic/references';
import { checkNames } from './semantic/names';
import { checkLabelSyntax } from './semantic/label-syntax';
import { checkRequestsWithinLimits } from './semantic/resources';
import { checkDuplicates } from './semantic/duplicates';
import { checkPolicies } from './policy/checks';
import { checkApiServerRules } from './apiserver';
import { checkKeys } from './semantic/keys';
import { checkBackends } from './semantic/backends';
import { checkScaling } from './semantic/scaling';
import { checkStatefulSetServices } from './semantic/statefulsets';
import { checkNodePools } from './semantic/node-pools';

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
      if (crd) crds.addCrd(crd, obj);
    }
  }
  checkSchemas(objects, crds, reporter);
  const schemaFields = new Map<SynthObject, Set<string>>();
  const byPath = new Map(objects.map((o) => [objectPath(o), o]));
  for (const p of reporter.problems) {
    const o = p.rule === 'schema' ? byPath.get(p.path) : undefined;
    if (!o) continue;
    if (!schemaFields.has(o)) schemaFields.set(o, new Set());
    schemaFields.get(o)!.add(p.field ?? '');
  }
  checkApiServerRules(objects, reporter, schemaFields);

  const clusterScoped = (m: Record<string, any>) =>
    typeof m.apiVersion === 'string' && typeof m.kind === 'string' &&
    (isBuiltinKind(m.apiVersion, m.kind) ? isBuiltinClusterScoped(m.apiVersion, m.kind) : crds.isClusterScoped(m.apiVersion, m.kind));
  const index = new AppIndex(objects, clusterScoped);
  checkDuplicates(index, reporter);
  checkNames(index, reporter);
  checkLabelSyntax(index, reporter);
  checkSelectors(index, reporter);
  checkPorts(index, reporter);
  checkReferences(index, options.external ?? {}, reporter);
  checkKeys(index, reporter);
  checkBackends(index, options.external ?? {}, reporter);
  checkScaling(index, reporter);
  checkStatefulSetServices(index, options.external ?? {}, reporter);
  checkNodePools(index, options.nodePools, reporter);
  checkRequestsWithinLimits(index, reporter);
  checkPolicies(index, reporter);
  return reporter.sorted();
}
