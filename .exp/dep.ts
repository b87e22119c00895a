import { Testing, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import * as YAML from 'yaml';
import { Deployment } from '../constructs/workloads';
const chart = Testing.chart();
new Deployment(chart, 'web', {
  metadata: { name: 'web' },
  app: { name: 'web', instance: 'web', component: 'web' },
  replicas: 2,
  containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ name: 'http', number: 8080 }],
    readiness: kplus.Probe.fromHttpGet('/readyz', { port: 8080 }),
    resources: { cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.units(1) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
  }],
});
console.log(Testing.synth(chart).map((m) => YAML.stringify(m)).join('---\n'));
