import * as path from 'path';

/** Versions a new project pins: Kapstan's own, and the ranges Kapstan itself is built and tested with. */
export interface InitVersions {
  kapstan: string;
  /** Ranges by package name: cdk8s, constructs, cdk8s-plus-34, tsx, typescript, jest, @swc/*, @types/*. */
  ranges: Record<string, string>;
}

export interface InitProject {
  /** npm package name. */
  name: string;
  /** Namespace (a DNS label) of the example stack. */
  namespace: string;
}

const PEERS = ['cdk8s', 'cdk8s-plus-34', 'constructs'];
const DEV_TOOLS = ['@swc/core', '@swc/jest', '@types/jest', '@types/node', 'jest', 'tsx', 'typescript'];

/** The npm name and namespace for a project folder (`My Infra` -> `my-infra`). */
export function projectFor(dir: string): InitProject {
  const base = path.basename(path.resolve(dir)).toLowerCase();
  const name = base.replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[-._]+$/g, '') || 'kapstan-app';
  const namespace = name.replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '') || 'app';
  return { name, namespace };
}

function pick(ranges: Record<string, string>, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const range = ranges[n];
    if (!range) throw new Error(`kapstan init: no version known for ${n}`);
    out[n] = range;
  }
  return out;
}

/**
 * The files of a new Kapstan project (path -> text), as `cdk8s init typescript-app` makes a cdk8s
 * one: an ES module TypeScript app run by tsx, a strict tsconfig, a Jest test through
 * `kapstan/testing`, and nothing that depends on the date or on chance.
 */
export function projectFiles(project: InitProject, versions: InitVersions): Record<string, string> {
  const pkg = {
    name: project.name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      synth: 'kapstan synth',
      diff: 'kapstan diff',
      apply: 'kapstan apply',
      typecheck: 'tsc --noEmit',
      test: 'tsc --noEmit && jest',
    },
    dependencies: { kapstan: `^${versions.kapstan}`, ...pick(versions.ranges, PEERS) },
    devDependencies: pick(versions.ranges, DEV_TOOLS),
    jest: {
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      transform: { '^.+\\.(t|j)s$': ['@swc/jest'] },
      // Jest on Node 20 cannot require ES modules, and some of Kapstan's dependencies are ES
      // modules only: transform node_modules too, but for the large CommonJS packages.
      transformIgnorePatterns: ['/node_modules/(cdk8s|cdk8s-plus-34|constructs|typescript|@swc|jest[^/]*)/'],
      // sources import './x.js' (ES module style); Jest resolves it to x.ts
      moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      noImplicitOverride: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      noPropertyAccessFromIndexSignature: true,
      verbatimModuleSyntax: true,
      noEmit: true,
      // cdk8s-plus-34's own declarations do not pass exactOptionalPropertyTypes
      skipLibCheck: true,
      types: ['node', 'jest'],
    },
    include: ['*.ts', 'test/**/*.ts'],
  };
  return {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    'cdk8s.yaml': 'language: typescript\napp: npx tsx main.ts\n',
    '.gitignore': 'node_modules/\ndist/\n.kapstan/\n',
    'stack.ts': STACK_TS(project),
    'main.ts': MAIN_TS,
    'test/stack.test.ts': TEST_TS(project),
    'README.md': README_MD(project),
  };
}

const STACK_TS = (p: InitProject) => `import type { Construct } from 'constructs';
import { Namespace, Stack, type StackProps, WebService } from 'kapstan';

/** What this project deploys: its namespace and a web service. */
export class AppStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { namespace: ${JSON.stringify(p.namespace)}, ...props });
    new Namespace(this, 'namespace', { metadata: { name: this.defaultNamespace ?? ${JSON.stringify(p.namespace)} } });
    new WebService(this, 'web', {
      image: 'nginx:1.27.3',
      containerPort: 80,
      minReplicas: 2,
      maxReplicas: 4,
    });
  }
}
`;

const MAIN_TS = `import { App } from 'cdk8s';
import { AppStack } from './stack.js';

const app = new App();
new AppStack(app, 'dev');
app.synth();
`;

const TEST_TS = (p: InitProject) => `import { synth, testApp } from 'kapstan/testing';
import { AppStack } from '../stack.js';

describe('AppStack', () => {
  const app = testApp();
  new AppStack(app, 'dev');
  const out = synth(app);

  it('passes validation', () => {
    expect(out.problems).toEqual([]);
  });

  it('runs the web service in its own namespace', () => {
    const deployment = out.get('Deployment', 'web', ${JSON.stringify(p.namespace)});
    expect(deployment['spec'].template.spec.containers[0].image).toBe('nginx:1.27.3');
    const service = out.get('Service', 'web', ${JSON.stringify(p.namespace)});
    expect(service['spec'].selector).toEqual(deployment['spec'].selector.matchLabels);
  });
});
`;

const README_MD = (p: InitProject) => `# ${p.name}

Kubernetes manifests for ${p.name}, written with [Kapstan](https://www.npmjs.com/package/kapstan).

- \`stack.ts\`: \`AppStack\`, what this project deploys (namespace \`${p.namespace}\`, a web service)
- \`main.ts\`: the app (\`cdk8s.yaml\` runs it); one stack, \`dev\`
- \`test/stack.test.ts\`: tests with \`kapstan/testing\` (synthesis in memory, no cluster)

\`\`\`sh
npm test                          # type check, then the tests
npx kapstan synth                 # validated manifests in dist/dev/
npx kapstan dev-cluster up        # a local cluster (prints export KUBECONFIG=...)
npx kapstan diff  --stack dev
npx kapstan apply --stack dev     # server-side apply, then track the rollout
npx kapstan destroy --stack dev --yes
\`\`\`

\`.kapstan/\` holds local state (the seed of generated passwords) and is never committed.
`;
