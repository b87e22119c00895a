// The growth benchmark's app: GROWTH_COUNT objects (ConfigMaps, Services, ServiceAccounts and
// Deployments with 0 replicas in equal parts, as bench/engine.ts) in GROWTH_STACKS Kapstan stacks,
// each with its own namespace `<GROWTH_PREFIX>-<i>`. Synthesized by `kapstan synth` like any app.
import { ApiObject, App } from 'cdk8s';
import { Stack } from '../stacks';
import { bigStack } from '../test/e2e/engine-fixtures';

const count = Number(process.env.GROWTH_COUNT ?? 1000);
const stacks = Number(process.env.GROWTH_STACKS ?? 1);
const prefix = process.env.GROWTH_PREFIX ?? 'growth';
const app = new App();
for (let i = 0; i < stacks; i++) {
  const ns = `${prefix}-${i}`;
  const stack = new Stack(app, ns, { namespace: ns });
  // Spread the remainder so the stacks add up to `count` exactly.
  const n = Math.floor(count / stacks) + (i < count % stacks ? 1 : 0);
  bigStack(ns, n).forEach((m, j) => new ApiObject(stack, `o${j}`, m));
}
app.synth();
