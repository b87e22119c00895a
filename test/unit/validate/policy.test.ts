import { deployment, service, validateManifests as run } from './helpers';

describe('policy checks', () => {
  it('policy/image-tag: a missing or latest tag is a warning; digests and registry ports are understood', () => {
    const d: any = deployment('web', { container: { image: 'nginx' } });
    d.spec.template.spec.initContainers = [
      { name: 'init', image: 'registry.local:5000/tools:latest', resources: { requests: { cpu: '10m' }, limits: { cpu: '10m' } } },
      { name: 'pinned', image: 'registry.local:5000/tools@sha256:0123abcd', resources: { requests: { cpu: '10m' }, limits: { cpu: '10m' } } },
    ];
    expect(run([d])).toEqual([
      { severity: 'warning', rule: 'policy/image-tag', path: 'test/Deployment/web', field: 'spec.template.spec.initContainers[0].image',
        message: 'image "registry.local:5000/tools:latest" uses the "latest" tag; pin a version' },
      { severity: 'warning', rule: 'policy/image-tag', path: 'test/Deployment/web', field: 'spec.template.spec.containers[0].image',
        message: 'image "nginx" has no tag; pin a version' },
    ]);
  });

  it('policy/resources: containers without requests or limits', () => {
    const d = deployment('web', { container: { resources: { requests: { cpu: '100m' } } } });
    expect(run([d])).toEqual([{
      severity: 'warning', rule: 'policy/resources', path: 'test/Deployment/web',
      field: 'spec.template.spec.containers[0].resources.limits', message: 'no resource limits',
    }]);
  });

  it('policy/readiness-probe: a container behind a Service without a readiness probe', () => {
    const d = deployment('web', { container: { readinessProbe: undefined } });
    expect(run([d, service('web', { app: 'web' })])).toEqual([{
      severity: 'warning', rule: 'policy/readiness-probe', path: 'test/Deployment/web',
      field: 'spec.template.spec.containers[0].readinessProbe',
      message: 'no readiness probe, but Service "web" sends traffic to this container',
    }]);
    // Not behind a Service: nothing to report.
    expect(run([d])).toEqual([]);
  });

  it('policy/privileged: privileged containers', () => {
    const d = deployment('agent', { container: { securityContext: { privileged: true } } });
    expect(run([d])).toEqual([{
      severity: 'warning', rule: 'policy/privileged', path: 'test/Deployment/agent',
      field: 'spec.template.spec.containers[0].securityContext.privileged', message: 'container runs privileged',
    }]);
  });

  it('severities are configurable per rule: error, warning or off', () => {
    const d = deployment('agent', { container: { image: 'agent:latest', securityContext: { privileged: true } } });
    const problems = run([d], { rules: { 'policy/image-tag': 'error', 'policy/privileged': 'off' } });
    expect(problems.map((p) => [p.rule, p.severity])).toEqual([['policy/image-tag', 'error']]);
  });

  it('semantic rules can be turned off too', () => {
    const d: any = deployment('web');
    d.spec.selector = { matchLabels: { app: 'api' } };
    expect(run([d], { rules: { 'selector-match': 'off' } })).toEqual([]);
  });
});
