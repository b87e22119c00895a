import { HIDDEN, HIDDEN_NEW, HIDDEN_OLD, maskSecret, maskSecretPair, Redactor } from '../../../engine/mask';
import { objectDiff } from '../../../engine/render-diff';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const secret = (data: Record<string, string>, extra: any = {}) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'web', ...extra }, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])) });

describe('Secret masking', () => {
  it('hides every value and stringData', () => {
    const m = maskSecret({ ...secret({ password: 'hunter22' }), stringData: { token: 'tok-123456' } });
    expect(m.data).toEqual({ password: HIDDEN, token: HIDDEN });
    expect(JSON.stringify(m)).not.toContain('hunter22');
    expect(JSON.stringify(m)).not.toContain('tok-123456');
    expect(JSON.stringify(m)).not.toContain(b64('hunter22'));
  });

  it('marks added, changed and removed keys without values', () => {
    const [b, a] = maskSecretPair(secret({ same: 'x1x1x1', changed: 'old-value', gone: 'bye-bye' }), secret({ same: 'x1x1x1', changed: 'new-value', added: 'hello!' }));
    expect(b.data).toEqual({ changed: HIDDEN_OLD, gone: HIDDEN, same: HIDDEN });
    expect(a.data).toEqual({ added: HIDDEN, changed: HIDDEN_NEW, same: HIDDEN });
  });

  it('masks the last-applied annotation, which would contain the values', () => {
    const s = secret({ k: 'sekrit-value' }, { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ data: { k: b64('sekrit-value') } }) } });
    expect(JSON.stringify(maskSecret(s))).not.toContain(b64('sekrit-value'));
  });

  it('the rendered diff shows keys, never values', () => {
    const text = objectDiff('Secret web/s', secret({ pw: 'first-pass' }), secret({ pw: 'second-pass', user: 'admin-user' }), false);
    expect(text).toContain('pw:');
    expect(text).toContain('+  user: (hidden)');
    for (const v of ['first-pass', 'second-pass', 'admin-user']) {
      expect(text).not.toContain(v);
      expect(text).not.toContain(b64(v));
    }
  });

  it('leaves other kinds alone', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } };
    expect(maskSecret(cm)).toBe(cm);
  });
});

describe('Redactor', () => {
  it('replaces base64, decoded and JSON-escaped values in any text', () => {
    const r = new Redactor();
    r.addManifest({ ...secret({ pw: 'line-one\n"quoted"' }), stringData: { tok: 'plain-token' } });
    const text = `a ${b64('line-one\n"quoted"')} b plain-token c ${JSON.stringify({ v: 'line-one\n"quoted"' })} line-one`;
    const out = r.redact(text);
    expect(out).not.toContain('plain-token');
    expect(out).not.toContain(b64('line-one\n"quoted"'));
    expect(out).not.toContain('line-one');
    expect(out).toContain(HIDDEN);
  });

  it('does nothing for non-secrets', () => {
    const r = new Redactor();
    r.addManifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'visible-value' } });
    expect(r.redact('visible-value')).toBe('visible-value');
  });
});

describe('object diff rendering', () => {
  const cm = (v: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', resourceVersion: v, managedFields: [{ manager: 'x' }] }, data: { k: v } });

  it('is plain without colour and strips noise', () => {
    const text = objectDiff('ConfigMap n/c', cm('1'), cm('2'), false);
    expect(text).toContain('--- live/ConfigMap n/c');
    expect(text).toContain('-  k: "1"');
    expect(text).toContain('+  k: "2"');
    expect(text).not.toContain('resourceVersion');
    expect(text).not.toContain('managedFields');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('colours added and removed lines for a terminal', () => {
    const text = objectDiff('ConfigMap n/c', cm('1'), cm('2'), true);
    expect(text).toMatch(/\u001b\[32m\+  k: "2"/);
    expect(text).toMatch(/\u001b\[31m-  k: "1"/);
  });
});

describe('Redactor and JSON output', () => {
  it('keeps NDJSON valid while hiding values, and a field that is a short value whole', () => {
    const { Output } = require('../../../engine/printer') as typeof import('../../../engine/printer');
    let text = '';
    const out = new Output({ mode: 'json', stdout: { write: (t: string) => { text += t; return true; } } as any, stderr: { write: () => true } as any });
    out.redactor.addManifest({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { flag: 'true', pw: 'quote"and\nnewline-secret' } });
    out.event({ type: 'x', ok: true, message: 'value quote"and\nnewline-secret here', flag: 'true' });
    out.write(`${JSON.stringify({ type: 'status', message: 'quote"and\nnewline-secret' })}\n`);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ type: 'x', ok: true, message: `value ${HIDDEN} here`, flag: HIDDEN });
    expect(lines[1].message).toBe(HIDDEN);
    expect(text).not.toContain('newline-secret');
  });
});

describe('Redactor and short values', () => {
  const redactor = (values: Record<string, string>) => {
    const r = new Redactor();
    r.addManifest({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: values });
    return r;
  };

  it('hides a 3-character password wherever it stands as a whole value', () => {
    const r = redactor({ pin: 'Q7z' });
    const leaks = [
      'Secret "db" is invalid: data[pin]: Invalid value: "Q7z": too short', // the API server's field errors (%q)
      `admission webhook denied the request: ${JSON.stringify({ stringData: { pin: 'Q7z' } })}`,
      "password 'Q7z' is too weak",
      'stringData:\n  pin: Q7z\n',
      'args:\n  - Q7z',
      `data:\n  pin: ${b64('Q7z')}`,
      `{"data":{"pin":"${b64('Q7z')}"}}`,
    ];
    for (const text of leaks) {
      const out = r.redact(text);
      expect(out).not.toContain('Q7z');
      expect(out).not.toContain(b64('Q7z'));
      expect(out).toContain(HIDDEN);
    }
    expect(r.redact('Invalid value: "Q7z": too short')).toBe(`Invalid value: "${HIDDEN}": too short`);
    expect(r.redact('  pin: Q7z  ')).toBe(`  pin: ${HIDDEN}  `);
  });

  it('leaves the same letters alone inside other words, names and values', () => {
    const r = redactor({ user: 'web', pin: 'Q7z' });
    for (const text of [
      'Deployment shop/web created', 'the webhook "validate-web" failed', 'name: webapp', 'image: web:1.2',
      'ConfigMap shop/Q7zebra unchanged', 'key: "Q7z-suffix"', 'path: /web/static',
    ]) expect(r.redact(text)).toBe(text);
  });

  it('hides values that read as numbers or booleans only when quoted, as a serializer writes strings', () => {
    const r = redactor({ flag: 'true', count: '1', zero: '0' });
    for (const text of ['replicas: 1', 'enabled: true', 'to create: 0, to update: 1, to prune: 0, unchanged: 9', '1/1 Current']) {
      expect(r.redact(text)).toBe(text);
    }
    expect(r.redact('flag: "true"')).toBe(`flag: "${HIDDEN}"`);
    expect(r.redact(`{"count":"1","zero":'0'}`)).toBe(`{"count":"${HIDDEN}","zero":'${HIDDEN}'}`);
  });

  it('a short value with a quote inside is caught in its JSON-escaped form', () => {
    const r = redactor({ pw: 'a"b' });
    expect(r.redact(`{"pw":${JSON.stringify('a"b')}}`)).toBe(`{"pw":"${HIDDEN}"}`);
  });

  it('NDJSON stays valid and a short value echoed in an error message is hidden', () => {
    const { Output } = require('../../../engine/printer') as typeof import('../../../engine/printer');
    let text = '';
    const out = new Output({ mode: 'json', stdout: { write: (t: string) => { text += t; return true; } } as any, stderr: { write: () => true } as any });
    out.redactor.addManifest({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { pin: 'Q7z' } });
    out.error('Secret "s" is invalid: data[pin]: Invalid value: "Q7z": too short');
    out.event({ type: 'apply', name: 'Q7z', message: 'ok' }); // a whole JSON string is a whole value
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].message).toBe(`Secret "s" is invalid: data[pin]: Invalid value: "${HIDDEN}": too short`);
    expect(lines[1].name).toBe(HIDDEN);
  });

  it('hides a short value standing as a word of prose, not inside names', () => {
    const r = redactor({ pin: 'Q7z', user: 'abc' });
    for (const text of ['the pin Q7z is too short', 'pin=Q7z rejected', 'user (abc) unknown', 'tried Q7z.', 'values [Q7z, abc]']) {
      const out = r.redact(text);
      expect(out).not.toMatch(/Q7z|abc/);
    }
    for (const text of ['ConfigMap shop/abc created', 'image: abc:1.2', 'name: abcdef', 'see https://x/abc/y']) expect(r.redact(text)).toBe(text);
  });
});

describe('Redactor and what it learns', () => {
  it('a misspelled field under a Secret is treated as secret, masked and redacted', () => {
    const s = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringDatx: { password: 'typo-held-value' }, data: { n: 'MTIz' } };
    const masked = JSON.stringify(maskSecret(s));
    expect(masked).not.toContain('typo-held-value');
    expect(masked).toContain('stringDatx');
    const r = new Redactor();
    r.addManifest(s);
    expect(r.redact('value typo-held-value here')).toBe(`value ${HIDDEN} here`);
    expect(r.redact(b64('typo-held-value'))).toBe(HIDDEN);
  });

  it('learns Secrets from API responses (one Secret or a list), not its own bookkeeping', () => {
    const r = new Redactor();
    r.addResponse({ kind: 'SecretList', items: [{ metadata: { name: 'a' }, data: { k: b64('listed-live-value') } }] });
    r.addResponse({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b' }, data: { k: b64('single-live-value') } });
    r.addResponse({ kind: 'ConfigMapList', items: [{ metadata: { name: 'c' }, data: { k: 'plain-config-value' } }] });
    r.addResponse({ apiVersion: 'v1', kind: 'Secret', type: 'kapstan.io/revision', metadata: { name: 'h' }, data: { payload: 'H4sIAAAAAAAA' } });
    expect(r.redact('listed-live-value single-live-value plain-config-value H4sIAAAAAAAA')).toBe(`${HIDDEN} ${HIDDEN} plain-config-value H4sIAAAAAAAA`);
  });
});
