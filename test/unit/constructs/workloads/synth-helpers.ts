import { Chart, Testing } from 'cdk8s';

/** Every synthesized object of `kind` in the chart. */
export function objectsOfKind(chart: Chart, kind: string): any[] {
  return Testing.synth(chart).filter((o: any) => o.kind === kind);
}

/** The only synthesized object of `kind` in the chart (fails the test if there is not exactly one). */
export function onlyObject(chart: Chart, kind: string): any {
  const found = objectsOfKind(chart, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0];
}

/** The pod spec of a synthesized workload of any kind. */
export function podSpecOf(obj: any): any {
  if (obj.kind === 'Pod') return obj.spec;
  if (obj.kind === 'CronJob') return obj.spec.jobTemplate.spec.template.spec;
  return obj.spec.template.spec;
}
