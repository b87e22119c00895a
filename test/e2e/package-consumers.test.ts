// Kapstan as users get it: `npm pack`, installed from a loopback registry (no network) into fresh
// projects of every common shape, which must type-check, load and synthesize; and a platform
// team's library compiled with tsc, packed, installed into an app that applies it to a cluster.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useCluster } from './harness';
import { expectOk, npmEnv, packKapstan, rangeOf, run, startRegistry, writeFiles } from './package-fixtures';
import type { LocalRegistry } from './package-registry';

jest.setTimeout(600_000);

const QUICKSTART = `import { App } from 'cdk8s';
import { Stack, WebService } from 'kapstan';

const app = new App();
const prod = new Stack(app, 'prod', { namespace: 'shop', labels: { team: 'web' } });
new WebService(prod, 'storefront', {
  image: 'ghcr.io/acme/storefront:1.4.2',
  containerPort: 8080,
  minReplicas: 3,
  maxReplicas: 10,
});
app.synth();
`;

const STRICT = {
  strict: true,
  noImplicitOverride: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noPropertyAccessFromIndexSignature: true,
  verbatimModuleSyntax: true,
  skipLibCheck: false,
};

describe('kapstan as an npm package, from its tarball', () => {
  const cluster = useCluster({ shared: true });
  let work: string;
  let registry: LocalRegistry;
  let env: NodeJS.ProcessEnv;
  let tarball: string;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'kapstan-package-'));
    tarball = await packKapstan(work);
    registry = await startRegistry(tarball);
    env = npmEnv(registry, path.join(work, 'npm-cache'));
  });
  afterAll(async () => {
    await registry?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** A fresh project with kapstan, its peers and `more` installed from the registry. */
  async function project(name: string, pkg: Record<string, unknown>, files: Record<string, string>, more: Record<string, string> = {}) {
    const dir = path.join(work, name);
    const dependencies = {
      kapstan: `^${JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version}`,
      cdk8s: rangeOf('cdk8s'),
      'cdk8s-plus-34': rangeOf('cdk8s-plus-34'),
      constructs: rangeOf('constructs'),
      ...more,
    };
    writeFiles(dir, { 'package.json': JSON.stringify({ name, version: '1.0.0', private: true, ...pkg, dependencies }, null, 2), ...files });
    expectOk(await run('npm', ['install'], { cwd: dir, env }), `npm install in ${name}`);
    return dir;
  }

  const kapstan = (dir: string, args: string[], extra: NodeJS.ProcessEnv = {}) =>
    run(path.join(dir, 'node_modules', '.bin', 'kapstan'), args, { cwd: dir, env: { ...env, ...extra } });

  /** `kapstan synth` of an app command; returns the prod stack's index.json. */
  async function synth(dir: string, app: string, out: string) {
    expectOk(await kapstan(dir, ['synth', '--app', app, '--output', out]), `kapstan synth --app '${app}'`);
    return JSON.parse(fs.readFileSync(path.join(dir, out, 'prod', 'index.json'), 'utf8'));
  }

  it('packs compiled JavaScript, declarations and the bundled CLI, without sources, tests or benchmarks', () => {
    const listing = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(listing).toEqual(expect.arrayContaining([
      'package/lib/index.js', 'package/lib/index.d.ts', 'package/lib/index.mjs', 'package/lib/index.js.map',
      'package/lib/testing/index.js', 'package/lib/kapstan.js', 'package/bin/kapstan.js',
      'package/lib/synth/hook.js', 'package/lib/dev-cluster/build.sh', 'package/lib/dev-cluster/toolchain/kubernetes/go.mod',
    ]));
    const unwanted = listing.filter((f) => /\.ts$/.test(f) && !/\.d\.m?ts$/.test(f) || /^package\/(test|bench|examples|scripts|imports)\//.test(f));
    expect(unwanted).toEqual([]);
    const pkg = JSON.parse(execFileSync('tar', ['xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['@aws-cdk/lambda-layer-kubectl-v34', 'aws-cdk-lib', 'cdk8s', 'cdk8s-plus-34', 'constructs']);
    // kapstan/aws's peers are optional: an app without AWS never installs them
    expect(pkg.peerDependenciesMeta).toEqual({ '@aws-cdk/lambda-layer-kubectl-v34': { optional: true }, 'aws-cdk-lib': { optional: true } });
    expect(listing).toEqual(expect.arrayContaining(['package/lib/aws/index.js', 'package/lib/aws/index.mjs', 'package/lib/aws/index.d.ts']));
    for (const repoOnly of ['tsx', 'esbuild', 'typescript', 'cdk8s', 'constructs', 'cdk8s-plus-34']) expect(pkg.dependencies[repoOnly]).toBeUndefined();
  });

  it('a CommonJS project: TypeScript under tsx, plain JavaScript (CJS and ESM) with node, tsc-compiled TypeScript', async () => {
    const dir = await project('cjs-app', {}, {
      'main.ts': QUICKSTART,
      'main.js': `const { App } = require('cdk8s');\nconst { Stack, WebService } = require('kapstan');\n${QUICKSTART.split('\n').slice(3).join('\n')}`,
      'main.mjs': `import { App } from 'cdk8s';\nimport { Stack, WebService } from 'kapstan';\n${QUICKSTART.split('\n').slice(3).join('\n')}`,
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, outDir: 'build', skipLibCheck: false }, files: ['main.ts'] }),
    }, { tsx: rangeOf('tsx'), typescript: rangeOf('typescript') });
    expectOk(await run('node', [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: dir, env }), 'tsc');

    const fromTsx = await synth(dir, 'npx tsx main.ts', 'out-tsx');
    expect(fromTsx.objects.map((o: any) => `${o.kind} ${o.name}`)).toEqual(expect.arrayContaining(['Deployment storefront', 'Service storefront']));
    for (const [app, out] of [['node main.js', 'out-cjs'], ['node main.mjs', 'out-esm'], ['node build/main.js', 'out-tsc']]) {
      expect({ app, index: await synth(dir, app, out) }).toEqual({ app, index: fromTsx });
    }
    // ES module and CommonJS code of one app share one instance of each class
    const same = await run('node', ['--input-type=module', '-e', [
      "import { Stack } from 'kapstan';",
      "import { synth } from 'kapstan/testing';",
      "import { createRequire } from 'node:module';",
      'const require = createRequire(import.meta.url);',
      "console.log(require('kapstan').Stack === Stack, require('kapstan/testing').synth === synth);",
    ].join('\n')], { cwd: dir, env });
    expect(expectOk(same, 'node ESM/CJS instance check').stdout.trim()).toBe('true true');
    // Without the CLI, a plain cdk8s synth of the compiled app writes cdk8s's own output.
    expectOk(await run('node', ['build/main.js'], { cwd: dir, env }), 'node build/main.js');
    expect(fs.readdirSync(path.join(dir, 'dist')).some((f) => f.endsWith('.k8s.yaml'))).toBe(true);
  });

  it('an ES module project runs the README quickstart as written and type-checks under strict options on TypeScript 5 and 7', async () => {
    const dir = await project('esm-app', { type: 'module' }, {
      'main.ts': QUICKSTART,
      'check.ts': [
        "import { App } from 'cdk8s';",
        "import { Stack, WebService, type Problem } from 'kapstan';",
        "import { synth, testApp } from 'kapstan/testing';",
        "import kapstan from 'kapstan';",
        '',
        "if (kapstan.Stack !== Stack) throw new Error('the default export is another instance');",
        'const app: App = testApp();',
        "new WebService(new Stack(app, 'prod', { namespace: 'shop' }), 'web', { image: 'nginx:1.27', containerPort: 80 });",
        'const problems: readonly Problem[] = synth(app).problems;',
        "console.log(problems.length, synth(app).get('Deployment', 'web').kind);",
        '',
      ].join('\n'),
      'cdk8s.yaml': 'app: npx tsx main.ts\n',
      'plus-only.ts': "import { Deployment } from 'cdk8s-plus-34';\nexport const kind: string = Deployment.name;\n",
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', target: 'es2022', noEmit: true, ...STRICT }, files: ['main.ts', 'check.ts'] }),
      'tsconfig.plus-only.json': JSON.stringify({ extends: './tsconfig.json', files: ['plus-only.ts'] }),
      'tsconfig.exact-optional-off.json': JSON.stringify({ extends: './tsconfig.json', compilerOptions: { exactOptionalPropertyTypes: false } }),
    }, { tsx: rangeOf('tsx'), typescript: rangeOf('typescript'), typescript5: rangeOf('typescript5') });

    // cdk8s-plus-34's own declarations (which Kapstan's constructs extend) break
    // exactOptionalPropertyTypes with skipLibCheck off, in any project that uses them: Kapstan may
    // add no error of its own to theirs, and with that one option off there is none at all.
    const tscErrors = async (tsc: string, config: string) => {
      const r = await run('node', [path.join('node_modules', tsc, 'bin', 'tsc'), '-p', config], { cwd: dir, env });
      return r.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
    };
    for (const tsc of ['typescript', 'typescript5']) {
      const all = await tscErrors(tsc, 'tsconfig.json');
      expect({ tsc, notInCdk8sPlus: all.filter((l) => !l.startsWith('node_modules/cdk8s-plus-34/')) }).toEqual({ tsc, notInCdk8sPlus: [] });
      expect({ tsc, errors: all }).toEqual({ tsc, errors: await tscErrors(tsc, 'tsconfig.plus-only.json') });
      expect({ tsc, errors: await tscErrors(tsc, 'tsconfig.exact-optional-off.json') }).toEqual({ tsc, errors: [] });
    }
    const version = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'typescript5', 'package.json'), 'utf8')).version;
    expect(version).toMatch(/^5\./);

    expectOk(await kapstan(dir, ['synth']), 'kapstan synth');
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'dist', 'prod', 'index.json'), 'utf8'));
    expect(index.objects.map((o: any) => o.kind)).toEqual(expect.arrayContaining(['Deployment', 'Service']));
    const check = expectOk(await run('npx', ['tsx', 'check.ts'], { cwd: dir, env }), 'tsx check.ts');
    expect(check.stdout.trim()).toBe('0 Deployment');
  });

  it('a TypeScript 5 project under ts-node (which type-checks the declarations with the project tsconfig)', async () => {
    const dir = await project('ts-node-app', {}, {
      'main.ts': QUICKSTART,
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'es2022', ...STRICT, exactOptionalPropertyTypes: false, verbatimModuleSyntax: false } }),
    }, { 'ts-node': rangeOf('ts-node'), typescript: rangeOf('typescript5').replace(/^npm:typescript@/, ''), '@types/node': rangeOf('@types/node') });
    const index = await synth(dir, 'npx ts-node main.ts', 'out');
    expect(index.objects.map((o: any) => `${o.kind} ${o.name}`)).toEqual(expect.arrayContaining(['Deployment storefront', 'Service storefront']));
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'typescript', 'package.json'), 'utf8')).version).toMatch(/^5\./);
  });

  it('kapstan loads without the optional AWS peers; kapstan/aws without them fails once, naming what to install', async () => {
    const dir = path.join(work, 'cjs-app');
    for (const peer of ['aws-cdk-lib', '@aws-cdk/lambda-layer-kubectl-v34']) expect({ peer, installed: fs.existsSync(path.join(dir, 'node_modules', peer)) }).toEqual({ peer, installed: false });
    const main = await run('node', ['-e', "require('kapstan'); require('kapstan/testing'); console.log(Object.keys(require('kapstan')).includes('Stack'))"], { cwd: dir, env });
    expect(expectOk(main, 'require kapstan').stdout.trim()).toBe('true');
    const esm = await run('node', ['--input-type=module', '-e', "const k = await import('kapstan'); console.log(typeof k.Stack)"], { cwd: dir, env });
    expect(expectOk(esm, 'import kapstan').stdout.trim()).toBe('function');

    const message = 'kapstan/aws needs the optional peer dependencies aws-cdk-lib and @aws-cdk/lambda-layer-kubectl-v34; ' +
      'not installed: aws-cdk-lib, @aws-cdk/lambda-layer-kubectl-v34. Install them with: npm install aws-cdk-lib @aws-cdk/lambda-layer-kubectl-v34';
    for (const args of [['-e', "require('kapstan/aws')"], ['--input-type=module', '-e', "await import('kapstan/aws')"]]) {
      const r = await run('node', args, { cwd: dir, env });
      expect({ args, code: r.code, says: r.stderr.split(message).length - 1, cannotFind: r.stderr.includes('Cannot find module') })
        .toEqual({ args, code: 1, says: 1, cannotFind: false });
    }
  });

  it('an aws-cdk-lib app with the AWS peers installed puts a Kapstan stack on an EKS cluster (kapstan/aws from CommonJS and ES modules, type-checked)', async () => {
    const dir = await project('aws-app', {}, {
      'main.ts': [
        "import { App } from 'cdk8s';",
        "import * as cdk from 'aws-cdk-lib';",
        "import * as eks from 'aws-cdk-lib/aws-eks-v2';",
        "import { Stack, WebService } from 'kapstan';",
        "import { KapstanManifests, addGpuNodegroup, kubectlLayer } from 'kapstan/aws';",
        '',
        'const k8s = new App();',
        "const prod = new Stack(k8s, 'prod', { namespace: 'shop' });",
        "new WebService(prod, 'storefront', { image: 'ghcr.io/acme/storefront:1.4.2', containerPort: 8080 });",
        "const app = new cdk.App({ outdir: 'cdk.out' });",
        "const platform = new cdk.Stack(app, 'Platform', { env: { account: '111111111111', region: 'eu-west-1' } });",
        "const cluster = new eks.Cluster(platform, 'Cluster', { version: eks.KubernetesVersion.V1_34, kubectlProviderOptions: { kubectlLayer: kubectlLayer(platform) } });",
        "addGpuNodegroup(cluster, 'Gpu');",
        "new KapstanManifests(platform, 'Shop', { cluster, source: prod });",
        'app.synth();',
        '',
      ].join('\n'),
      'check.mjs': "const aws = await import('kapstan/aws');\nconst { createRequire } = await import('node:module');\nconsole.log(createRequire(import.meta.url)('kapstan/aws').KapstanManifests === aws.KapstanManifests);\n",
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true }, files: ['main.ts'] }),
    }, { 'aws-cdk-lib': rangeOf('aws-cdk-lib'), '@aws-cdk/lambda-layer-kubectl-v34': rangeOf('@aws-cdk/lambda-layer-kubectl-v34'), tsx: rangeOf('tsx'), typescript: rangeOf('typescript') });
    expectOk(await run('node', [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: dir, env }), 'tsc');
    expectOk(await run('npx', ['tsx', 'main.ts'], { cwd: dir, env }), 'tsx main.ts (cdk synth)');
    const template = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.out', 'Platform.template.json'), 'utf8'));
    const manifests = Object.values(template.Resources as Record<string, any>)
      .filter((r) => r.Type === 'Custom::AWSCDK-EKS-KubernetesResource')
      .flatMap((r) => JSON.parse(r.Properties.Manifest).map((m: any) => `${m.kind} ${m.metadata.name}`));
    expect(manifests).toEqual(expect.arrayContaining(['Deployment storefront', 'Service storefront']));
    expect(Object.values(template.Resources as Record<string, any>).some((r) => r.Type === 'AWS::EKS::Nodegroup' && r.Properties.Labels?.['nvidia.com/gpu.present'] === 'true')).toBe(true);
    expect(expectOk(await run('node', ['check.mjs'], { cwd: dir, env }), 'node check.mjs').stdout.trim()).toBe('true');
  });

  it('the installed CLI runs from its bundle, loading neither its compiled modules nor tsx', async () => {
    const dir = path.join(work, 'cjs-app');
    const trace = path.join(work, 'loaded.json');
    writeFiles(work, { 'trace.cjs': `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(trace)}, JSON.stringify(Object.keys(require.cache))));\n` });
    const help = await kapstan(dir, ['--help'], { NODE_OPTIONS: `--require ${path.join(work, 'trace.cjs')}` });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: kapstan');
    const loaded: string[] = JSON.parse(fs.readFileSync(trace, 'utf8'));
    const installed = fs.realpathSync(path.join(dir, 'node_modules', 'kapstan'));
    expect(loaded).toContain(path.join(installed, 'bin', 'run-bundle.js'));
    expect(loaded.filter((f) => f.includes(`${path.sep}lib${path.sep}cli${path.sep}`) || f.includes(`${path.sep}tsx${path.sep}`))).toEqual([]);
  });

  it('the installed CLI runs a dev cluster from the scripts and Go toolchain it ships', async () => {
    const dir = path.join(work, 'cjs-app');
    const name = `pkg-${process.pid}`;
    // KAPSTAN_HOME is this e2e run's (the global teardown stops whatever is left); binaries come
    // from the same cache as the checkout's, keyed by the toolchain files the package ships.
    const up = await kapstan(dir, ['dev-cluster', 'up', '--name', name, '--no-build', '--nodes', '1', '--gpu-nodes', '0']);
    try {
      expect({ code: up.code, stderr: up.stderr.split('\n').filter((l) => /error|fail/i.test(l)) }).toEqual({ code: 0, stderr: [] });
      const kubeconfig = /export KUBECONFIG=(\S+)/.exec(up.stdout)?.[1];
      expect(kubeconfig).toBeDefined();
      const status = await kapstan(dir, ['status', '--dir', path.join(dir, 'out-tsx', 'prod'), '--kubeconfig', kubeconfig!]);
      expect(status.stdout + status.stderr).toContain('NotFound');
    } finally {
      expectOk(await kapstan(dir, ['dev-cluster', 'down', '--name', name]), 'dev-cluster down');
    }
  });

  it("a platform team's library, compiled with tsc and packed, is installed into an app that applies it", async () => {
    const lib = await project('acme-platform', {
      name: '@acme/platform',
      main: 'lib/index.js',
      types: 'lib/index.d.ts',
      files: ['lib/'],
      peerDependencies: { kapstan: '*', cdk8s: rangeOf('cdk8s'), constructs: rangeOf('constructs') },
      scripts: { build: 'tsc -p .' },
    }, {
      'src/index.ts': [
        "import { Construct } from 'constructs';",
        "import { Namespace, WebService } from 'kapstan';",
        '',
        '/** The shop as the platform team runs it: its own namespace and a web service. */',
        'export interface ShopProps { readonly namespace: string; readonly image: string }',
        '',
        'export class Shop extends Construct {',
        '  constructor(scope: Construct, id: string, props: ShopProps) {',
        '    super(scope, id);',
        "    new Namespace(this, 'namespace', { metadata: { name: props.namespace } });",
        "    new WebService(this, 'storefront', { image: props.image, containerPort: 8080, minReplicas: 1, maxReplicas: 2 });",
        '  }',
        '}',
        '',
      ].join('\n'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', target: 'es2022', declaration: true, outDir: 'lib', rootDir: 'src', strict: true } }),
    }, { typescript: rangeOf('typescript') });
    expectOk(await run('npm', ['run', 'build'], { cwd: lib, env }), 'build @acme/platform');
    expectOk(await run('npm', ['pack', '--pack-destination', work], { cwd: lib, env }), 'pack @acme/platform');
    const platformTarball = path.join(work, 'acme-platform-1.0.0.tgz');
    // kapstan's own runtime needs no TypeScript tooling
    expect(fs.existsSync(path.join(lib, 'node_modules', 'tsx'))).toBe(false);
    expect(fs.existsSync(path.join(lib, 'node_modules', 'esbuild'))).toBe(false);

    const app = await project('shop-app', {}, {
      'main.ts': [
        "import { App } from 'cdk8s';",
        "import { Stack } from 'kapstan';",
        "import { Shop } from '@acme/platform';",
        '',
        'const app = new App();',
        "new Shop(new Stack(app, 'shop', { namespace: 'acme-shop' }), 'shop', { namespace: 'acme-shop', image: 'ghcr.io/acme/storefront:2.0.0' });",
        'app.synth();',
        '',
      ].join('\n'),
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, outDir: 'build', skipLibCheck: false }, files: ['main.ts'] }),
    }, { '@acme/platform': `file:${platformTarball}`, typescript: rangeOf('typescript') });
    expectOk(await run('node', [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: app, env }), 'tsc in the app');
    // one copy of constructs in the app, shared by kapstan, cdk8s and the platform library
    const copies = (await run('find', ['node_modules', '-type', 'd', '-name', 'constructs', '-path', '*node_modules/constructs'], { cwd: app })).stdout.trim().split('\n');
    expect(copies).toEqual(['node_modules/constructs']);

    const c = cluster();
    const applied = await kapstan(app, ['apply', '--app', 'node build/main.js', '--stack', 'shop', '--kubeconfig', c.kubeconfig, '--yes', '--output', 'json']);
    expect({ code: applied.code, stderr: applied.stderr }).toEqual({ code: 0, stderr: '' });
    const summary = applied.stdout.trim().split('\n').map((l) => JSON.parse(l)).at(-1);
    expect(summary).toMatchObject({ type: 'summary', stack: 'shop', outcome: 'succeeded', failed: 0 });
    const deploy = await c.kubectlJson(['-n', 'acme-shop', 'get', 'deployment', 'storefront']);
    expect(deploy.spec.template.spec.containers[0].image).toBe('ghcr.io/acme/storefront:2.0.0');
    expect(deploy.metadata.labels['app.kubernetes.io/managed-by']).toBe('kapstan');

    const destroyed = await kapstan(app, ['destroy', '--app', 'node build/main.js', '--stack', 'shop', '--kubeconfig', c.kubeconfig, '--yes']);
    expect(destroyed.code).toBe(0);
  });
});
