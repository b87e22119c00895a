import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { derivePassword, resolveSecretSeed, SECRET_SEED_ENV } from '../../../../constructs/patterns/secret-seed';

describe('generated password seed', () => {
  const cwd = process.cwd();
  const saved = process.env[SECRET_SEED_ENV];
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-seed-'));
    process.chdir(dir);
    delete process.env[SECRET_SEED_ENV];
  });
  afterEach(() => {
    process.chdir(cwd);
    if (saved === undefined) delete process.env[SECRET_SEED_ENV];
    else process.env[SECRET_SEED_ENV] = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates a private random seed file once and reuses it', () => {
    const first = resolveSecretSeed();
    const file = path.join(dir, '.kapstan', 'secret-seed');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(resolveSecretSeed()).toBe(first);
  });

  it('keeps the seed out of git: .kapstan/ ignores everything in it, itself included', () => {
    resolveSecretSeed();
    const lines = fs.readFileSync(path.join(dir, '.kapstan', '.gitignore'), 'utf8').split('\n');
    expect(lines).toContain('*');
  });

  it('adds the .gitignore to a .kapstan/ made before Kapstan wrote one, keeping the seed', () => {
    fs.mkdirSync(path.join(dir, '.kapstan'));
    fs.writeFileSync(path.join(dir, '.kapstan', 'secret-seed'), 'older-seed\n', { mode: 0o600 });
    expect(resolveSecretSeed()).toBe('older-seed');
    expect(fs.readFileSync(path.join(dir, '.kapstan', '.gitignore'), 'utf8')).toContain('*');
  });

  it('keeps the seed out of git in a real repository without its own ignore rule', () => {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    resolveSecretSeed();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' });
    expect(status).toBe('');
    expect(execFileSync('git', ['check-ignore', '.kapstan/secret-seed'], { cwd: dir, encoding: 'utf8' }).trim()).toBe('.kapstan/secret-seed');
  });

  it('prefers an explicit seed, then the environment', () => {
    process.env[SECRET_SEED_ENV] = 'from-env';
    expect(resolveSecretSeed()).toBe('from-env');
    expect(resolveSecretSeed('explicit')).toBe('explicit');
    expect(fs.existsSync(path.join(dir, '.kapstan'))).toBe(false);
  });

  it('derives different 32-character passwords per identity and per seed', () => {
    const a = derivePassword('seed', 'prod/db/password');
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(derivePassword('seed', 'prod/db/password')).toBe(a);
    expect(derivePassword('seed', 'prod/db/replication-password')).not.toBe(a);
    expect(derivePassword('other', 'prod/db/password')).not.toBe(a);
  });
});
