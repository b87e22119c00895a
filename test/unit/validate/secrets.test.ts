import { validateObjects } from '../../../validate';
import { obj } from './helpers';

// Values that must never appear in any problem, whatever is wrong with the Secret.
const SECRET_VALUES = ['hunter2-not-base64!', 'c3VwZXItc2VjcmV0', 'plain-text-password', 'tls-key-material', '12345'];

describe('Secret values never appear in problems', () => {
  it('schema errors on data and stringData name the key, not the value', () => {
    const secret = {
      apiVersion: 'v1', kind: 'Secret',
      metadata: { name: 'db', annotations: { note: 42 } },
      type: 'Opaque',
      data: { password: 'hunter2-not-base64!', token: 'c3VwZXItc2VjcmV0', pin: 12345 },
      stringData: { clear: 'plain-text-password', nested: { key: 'tls-key-material' } },
      immutable: 'tls-key-material',
      extra: 'plain-text-password',
    };
    const problems = validateObjects([obj(secret)], { importsDir: false });
    expect(problems.map((p) => [p.field, p.message]).sort()).toEqual([
      ['data.password', 'invalid value; expected base64-encoded data'],
      ['data.pin', 'expected string, got integer'],
      ['extra', 'unknown field'],
      ['immutable', 'expected boolean, got string'],
      ['metadata.annotations.note', 'expected string, got integer'],
      ['stringData.nested', 'expected string, got object'],
    ]);
    const text = JSON.stringify(problems);
    for (const value of SECRET_VALUES) expect(text).not.toContain(value);
  });
});
