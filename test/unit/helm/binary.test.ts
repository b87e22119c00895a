import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findHelm, HelmNotFoundError } from '../../../helm/binary';

describe('findHelm', () => {
  let dir: string;
  const exe = (sub: string): string => {
    const file = path.join(dir, sub, 'helm');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
    return file;
  };
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-helm-bin-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the cache first, then KAPSTAN_HELM, then PATH', () => {
    const cached = exe('cache');
    const explicit = exe('explicit');
    const onPath = exe('path');
    const pathDir = path.dirname(onPath);
    expect(findHelm({ KAPSTAN_HELM: explicit, PATH: pathDir }, () => path.dirname(cached))).toEqual({ path: cached, from: 'cache' });
    expect(findHelm({ KAPSTAN_HELM: explicit, PATH: pathDir }, () => path.join(dir, 'empty'))).toEqual({ path: explicit, from: 'KAPSTAN_HELM' });
    expect(findHelm({ PATH: `/nonexistent${path.delimiter}${pathDir}` }, () => path.join(dir, 'empty'))).toEqual({ path: onPath, from: 'PATH' });
  });

  test('a KAPSTAN_HELM that is not executable is named', () => {
    expect(() => findHelm({ KAPSTAN_HELM: path.join(dir, 'nope'), PATH: '' }, () => path.join(dir, 'empty'))).toThrow(`KAPSTAN_HELM=${path.join(dir, 'nope')} is not an executable file`);
  });

  test('none anywhere: one error saying how to get it', () => {
    let err: unknown;
    try {
      findHelm({ PATH: path.join(dir, 'empty') }, () => { throw new Error('no bash'); });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HelmNotFoundError);
    const message = (err as Error).message;
    expect(message).toContain('helm not found');
    expect(message).toContain('bash node_modules/kapstan/lib/dev-cluster/build.sh');
    expect(message).toContain('bash dev-cluster/build.sh');
    expect(message).toContain('KAPSTAN_HELM');
    expect(message).toContain('install helm');
  });

  test('the dev-cluster cache holds the version-stamped helm the build script made', () => {
    const helm = findHelm();
    expect(helm.from).toBe('cache');
    expect(require('child_process').execFileSync(helm.path, ['version', '--short'], { encoding: 'utf8' })).toMatch(/^v4\.3\.2/);
  });
});
