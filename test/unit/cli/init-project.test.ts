import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initProject } from '../../../cli/init/init-project';
import { projectFiles, projectFor } from '../../../cli/init/project-files';

const own = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));

describe('kapstan init', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-init-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names the package and namespace after the folder', () => {
    expect(projectFor('/work/My Infra')).toEqual({ name: 'my-infra', namespace: 'my-infra' });
    expect(projectFor('/x/shop.platform')).toEqual({ name: 'shop.platform', namespace: 'shop-platform' });
    expect(projectFor('/x/___')).toEqual({ name: 'kapstan-app', namespace: 'kapstan-app' });
  });

  it("pins kapstan's own version, its peers' ranges and the tools it is tested with", () => {
    const files = initProject(path.join(dir, 'shop'), { install: false });
    expect(files.sort()).toEqual(['.gitignore', 'README.md', 'cdk8s.yaml', 'main.ts', 'package.json', 'stack.ts', 'test/stack.test.ts', 'tsconfig.json']);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'shop', 'package.json'), 'utf8'));
    // Optional peers (kapstan/aws's aws-cdk-lib) are left to projects that import them.
    const optional = new Set(Object.keys(own.peerDependenciesMeta ?? {}).filter((name) => own.peerDependenciesMeta[name].optional));
    const required = Object.fromEntries(Object.entries(own.peerDependencies).filter(([name]) => !optional.has(name)));
    expect(optional.size).toBeGreaterThan(0);
    expect(pkg.dependencies).toEqual({ kapstan: `^${own.version}`, ...required });
    for (const tool of ['jest', 'tsx', 'typescript', '@swc/jest']) expect(pkg.devDependencies[tool]).toBe(own.devDependencies[tool]);
    expect(pkg.type).toBe('module');
    expect(fs.readFileSync(path.join(dir, 'shop', '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['dist/', '.kapstan/', 'node_modules/']));
    expect(fs.readFileSync(path.join(dir, 'shop', 'cdk8s.yaml'), 'utf8')).toContain('app: npx tsx main.ts');
    const tsconfig = JSON.parse(fs.readFileSync(path.join(dir, 'shop', 'tsconfig.json'), 'utf8')).compilerOptions;
    for (const option of ['strict', 'noImplicitOverride', 'noUncheckedIndexedAccess', 'exactOptionalPropertyTypes', 'noPropertyAccessFromIndexSignature', 'verbatimModuleSyntax']) {
      expect({ option, on: tsconfig[option] }).toEqual({ option, on: true });
    }
    expect(fs.readFileSync(path.join(dir, 'shop', 'stack.ts'), 'utf8')).toContain("namespace: \"shop\"");
  });

  it('writes the same files every time', () => {
    const versions = { kapstan: '1.2.3', ranges: { ...own.devDependencies, ...own.peerDependencies } };
    expect(projectFiles({ name: 'a', namespace: 'a' }, versions)).toEqual(projectFiles({ name: 'a', namespace: 'a' }, versions));
  });

  it('writes into an empty folder (a .git folder allowed) and refuses one with files, naming them', () => {
    fs.mkdirSync(path.join(dir, 'repo', '.git'), { recursive: true });
    expect(initProject(path.join(dir, 'repo'), { install: false })).toContain('main.ts');
    fs.mkdirSync(path.join(dir, 'busy'));
    fs.writeFileSync(path.join(dir, 'busy', 'notes.txt'), 'mine');
    expect(() => initProject(path.join(dir, 'busy'), { install: false })).toThrow(/busy is not empty \(notes.txt\)/);
    expect(fs.readdirSync(path.join(dir, 'busy'))).toEqual(['notes.txt']);
  });
});
