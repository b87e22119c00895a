// The order of an apply's phases is its contract: ownership is checked before anything is
// written, kinds are recorded before objects (a half-way apply stays prunable), a revision is
// recorded before the rollout is waited for, and its outcome after. Helm hooks are found before
// anything is written (a bad annotation writes nothing); post-* hooks run after the rollout.
import { APPLY_PHASES } from '../../../engine/apply';

test('apply runs its phases in order', () => {
  expect(APPLY_PHASES.map((p) => p.name)).toEqual([
    'plan', 'ownership check', 'plan hooks', 'record kinds', 'apply groups', 'prune', 'settle kinds', 'record revision', 'track', 'post hooks', 'record outcome', 'helm releases',
  ]);
});

test('every phase has its own name', () => {
  const names = APPLY_PHASES.map((p) => p.name);
  expect(new Set(names).size).toBe(names.length);
});
