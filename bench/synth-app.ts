// The benchmark app: a plain cdk8s-plus app of N Deployments, each exposed by a Service
// (BENCH_SYNTH_COUNT, default 1000). Plain cdk8s on purpose, so that `kapstan synth` and cdk8s
// alone synthesize exactly the same app.
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';

const count = Number(process.env.BENCH_SYNTH_COUNT ?? 1000);
const app = new App();
const chart = new Chart(app, 'bench', { namespace: 'bench' });
for (let i = 0; i < count; i++) {
  const name = `svc-${String(i).padStart(4, '0')}`;
  const deployment = new kplus.Deployment(chart, name, {
    metadata: { name },
    replicas: 2,
    containers: [{
      name: 'app',
      image: 'nginx:1.27.3',
      portNumber: 8080,
      readiness: kplus.Probe.fromHttpGet('/healthz', { port: 8080 }),
      resources: {
        cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
      },
    }],
  });
  deployment.exposeViaService({ name, ports: [{ port: 80, targetPort: 8080 }] });
}
app.synth();
