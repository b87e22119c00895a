// The examples app: `npx tsx examples/main.ts` (cdk8s.yaml's app, so `npx kapstan synth` runs it).
import { App } from 'cdk8s';
import { federationExample } from './federation';
import { EXAMPLES } from './index';

const app = new App();
for (const build of Object.values(EXAMPLES)) build(app);
// Three member clusters: dist/global/<cluster>/ (`npm start` deploys single-cluster stacks only).
federationExample(app);
app.synth();
