import { isValidLabelValue, recommendedLabels, selectorLabels, toLabelValue, unmatchedSelectorKeys } from '../../../constructs/labels';

describe('labels', () => {
  test('recommended labels include managed-by; the selector subset leaves out version and part-of', () => {
    const app = { name: 'web', version: '2.0.1', component: 'api', partOf: 'shop' };
    expect(recommendedLabels(app)).toEqual({
      'app.kubernetes.io/name': 'web',
      'app.kubernetes.io/instance': 'web',
      'app.kubernetes.io/component': 'api',
      'app.kubernetes.io/version': '2.0.1',
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/managed-by': 'kapstan',
    });
    expect(selectorLabels(app)).toEqual({
      'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web', 'app.kubernetes.io/component': 'api',
    });
  });

  test.each([
    ['web', true], ['Web_1.x', true], ['', true], ['-web', false], ['web-', false], ['a b', false], ['x'.repeat(64), false],
  ])('isValidLabelValue(%j) is %s', (value, valid) => {
    expect(isValidLabelValue(value)).toBe(valid);
  });

  test.each([
    ['WebServer', 'webserver'], ['my app/v2', 'my-app-v2'], ['--x--', 'x'], ['a'.repeat(80), 'a'.repeat(63)],
  ])('toLabelValue(%j) is %j', (text, label) => {
    expect(toLabelValue(text)).toBe(label);
    expect(isValidLabelValue(toLabelValue(text))).toBe(true);
  });

  test('unmatchedSelectorKeys lists keys missing or different on the pod', () => {
    expect(unmatchedSelectorKeys({ a: '1', b: '2', c: '3' }, { a: '1', b: 'x' })).toEqual(['b', 'c']);
    expect(unmatchedSelectorKeys({ a: '1' }, { a: '1', extra: 'y' })).toEqual([]);
  });
});
