import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { ConfigMap } from '../../../../constructs/config';

describe('ConfigMap', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-cm-'));
    fs.writeFileSync(path.join(dir, 'nginx.conf'), 'server { listen 8080; }\n');
    fs.writeFileSync(path.join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00]));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('literals and files; binary files go to binaryData', () => {
    const chart = Testing.chart();
    new ConfigMap(chart, 'cfg', {
      app: { name: 'web' },
      data: { LOG_LEVEL: 'info' },
      files: [path.join(dir, 'nginx.conf'), { path: path.join(dir, 'logo.png'), key: 'logo' }],
    });
    const [cm] = Testing.synth(chart);
    expect(cm.kind).toBe('ConfigMap');
    expect(cm.metadata.labels['app.kubernetes.io/managed-by']).toBe('kapstan');
    expect(cm.data).toEqual({ LOG_LEVEL: 'info', 'nginx.conf': 'server { listen 8080; }\n' });
    expect(cm.binaryData).toEqual({ logo: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00]).toString('base64') });
    expect(cm.immutable).toBe(false);
  });

  test('a directory (cdk8s-plus addDirectory) goes through the same checks', () => {
    const chart = Testing.chart();
    const cm = new ConfigMap(chart, 'cfg');
    cm.addDirectory(dir, { keyPrefix: 'etc.', exclude: ['*.png'] });
    const [out] = Testing.synth(chart);
    expect(out.data).toEqual({ 'etc.nginx.conf': 'server { listen 8080; }\n' });
    expect(out.binaryData).toBeUndefined();
    expect(() => cm.addDirectory(dir, { keyPrefix: 'etc.', exclude: ['*.png'] })).toThrow('test/cfg: data.etc.nginx.conf: key "etc.nginx.conf" is used twice');
  });

  test('immutable', () => {
    const chart = Testing.chart();
    new ConfigMap(chart, 'cfg', { data: { a: 'b' }, immutable: true });
    expect(Testing.synth(chart)[0].immutable).toBe(true);
  });

  test('errors name the construct path and the key', () => {
    const chart = Testing.chart();
    expect(() => new ConfigMap(chart, 'a', { data: { 'bad key': 'x' } }))
      .toThrow('test/a: data.bad key: "bad key" is not a valid key (letters, digits, \'-\', \'_\' and \'.\', at most 253 characters, not \'.\' or \'..\')');
    expect(() => new ConfigMap(chart, 'b', { data: { 'nginx.conf': 'x' }, files: [path.join(dir, 'nginx.conf')] }))
      .toThrow('test/b: data.nginx.conf: key "nginx.conf" is used twice');
    expect(() => new ConfigMap(chart, 'c', { files: [path.join(dir, 'missing.txt')] }))
      .toThrow(`test/c: data.missing.txt: cannot read file ${path.join(dir, 'missing.txt')}: ENOENT`);
    expect(() => new ConfigMap(chart, 'd', { data: { big: 'x'.repeat(1024 * 1024) } }))
      .toThrow('test/d: data: total size 1048579 bytes exceeds the 1 MiB limit of a ConfigMap');
  });
});
