import { isDnsLabel, isDnsSubdomain } from '../../../constructs/dns-names';

describe('DNS-1123 names', () => {
  test.each(['a', 'web', 'orders-pg', '0abc', 'a'.repeat(63)])('%s is a label', (name) => {
    expect(isDnsLabel(name)).toBe(true);
  });

  test.each(['', 'Web', 'web_1', '-web', 'web-', 'a.b', 'a'.repeat(64)])('%s is not a label', (name) => {
    expect(isDnsLabel(name)).toBe(false);
  });

  test('a label may be limited below 63 (names other objects are built from)', () => {
    expect(isDnsLabel('a'.repeat(41), 40)).toBe(false);
    expect(isDnsLabel('a'.repeat(40), 40)).toBe(true);
  });

  test('subdomains allow dots, up to 253 characters', () => {
    expect(isDnsSubdomain('system-node-critical')).toBe(true);
    expect(isDnsSubdomain('nvidia.com')).toBe(true);
    expect(isDnsSubdomain('High Priority')).toBe(false);
    expect(isDnsSubdomain('.a')).toBe(false);
    expect(isDnsSubdomain('a'.repeat(254))).toBe(false);
  });
});
