import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDns1035Label, isDnsLabel, isDnsSubdomain, isWildcardOrDnsSubdomain } from '../../dns-names';

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

describe('the one check, with the rules the API server applies', () => {
  test('a subdomain is dot-separated labels: no empty label, none that starts or ends with -', () => {
    // The constructs' copy used to accept these; validation rejected them later.
    for (const name of ['a..b', 'a.-b', 'a-.b']) expect(isDnsSubdomain(name)).toBe(false);
    expect(isDnsSubdomain('a.b-c.d')).toBe(true);
  });

  test('DNS-1035 labels start with a letter (Service names)', () => {
    expect(isDns1035Label('web-1')).toBe(true);
    expect(isDns1035Label('1web')).toBe(false);
    expect(isDns1035Label('a'.repeat(64))).toBe(false);
  });

  test('Ingress hosts may start with one *. wildcard', () => {
    expect(isWildcardOrDnsSubdomain('*.example.com')).toBe(true);
    expect(isWildcardOrDnsSubdomain('shop.example.com')).toBe(true);
    expect(isWildcardOrDnsSubdomain('*.*.example.com')).toBe(false);
    expect(isWildcardOrDnsSubdomain('shop.*.com')).toBe(false);
    expect(isWildcardOrDnsSubdomain(`*.${'a'.repeat(252)}`)).toBe(false);
  });
});

test('no other module spells out a DNS name pattern', () => {
  // One check: constructs, stacks, validation, the engine, Helm and AWS import dns-names.ts.
  const root = path.resolve(__dirname, '../..');
  const pattern = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
  const offenders = ['constructs', 'stacks', 'synth', 'validate', 'engine', 'cli', 'helm', 'aws', 'dev-cluster'].flatMap((dir) => sources(path.join(root, dir)))
    .filter((f) => fs.readFileSync(f, 'utf8').includes(pattern))
    .map((f) => path.relative(root, f));
  // Not DNS name checks: container port names are IANA service names (at least one letter), the
  // appProtocol rule is a qualified name (a subdomain prefix, then a name).
  expect(offenders).toEqual(['constructs/workloads/container.ts', 'validate/apiserver/networking.ts']);
});

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}
