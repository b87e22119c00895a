import { hookOf, isTestHook, unappliedEvents } from '../../../helm/hooks';

const withAnnotations = (annotations: Record<string, string>) => ({ metadata: { name: 'x', annotations } });

describe('hookOf', () => {
  test('an ordinary object is no hook', () => {
    expect(hookOf({ metadata: { name: 'x' } })).toBeUndefined();
    expect(hookOf(withAnnotations({ 'helm.sh/hook-weight': '3' }))).toBeUndefined();
  });

  test('events, weight and delete policies; before-hook-creation when none is given, as in Helm', () => {
    expect(hookOf(withAnnotations({ 'helm.sh/hook': 'pre-install, pre-upgrade', 'helm.sh/hook-weight': '-5' })))
      .toEqual({ events: ['pre-install', 'pre-upgrade'], weight: -5, deletePolicies: ['before-hook-creation'] });
    expect(hookOf(withAnnotations({ 'helm.sh/hook': 'post-install', 'helm.sh/hook-delete-policy': 'hook-succeeded,hook-failed' })))
      .toEqual({ events: ['post-install'], weight: 0, deletePolicies: ['hook-succeeded', 'hook-failed'] });
  });

  test('a bad weight or an unknown policy is named', () => {
    expect(() => hookOf(withAnnotations({ 'helm.sh/hook': 'pre-install', 'helm.sh/hook-weight': 'first' }))).toThrow('helm.sh/hook-weight: must be a whole number (got "first")');
    expect(() => hookOf(withAnnotations({ 'helm.sh/hook': 'pre-install', 'helm.sh/hook-delete-policy': 'hook-done' }))).toThrow('helm.sh/hook-delete-policy: unknown policy hook-done');
  });

  test('test hooks and events Kapstan does not run are told apart', () => {
    expect(isTestHook(hookOf(withAnnotations({ 'helm.sh/hook': 'test' }))!)).toBe(true);
    expect(isTestHook(hookOf(withAnnotations({ 'helm.sh/hook': 'test-success' }))!)).toBe(true);
    expect(unappliedEvents(hookOf(withAnnotations({ 'helm.sh/hook': 'post-install,post-delete' }))!)).toEqual([]);
    expect(unappliedEvents(hookOf(withAnnotations({ 'helm.sh/hook': 'post-install,post-restore' }))!)).toEqual(['post-restore']);
  });
});
