// The API server's field checks (rule `apiserver`); their agreement with a real API server is
// measured by test/e2e/validation-agreement.test.ts on the invalid-object corpus.
import { scheduleError, isTimeZone } from '../../../validate/apiserver/cron';
import { portName } from '../../../validate/apiserver/k8s-strings';
import { deployment, validateManifests as run } from './helpers';

describe('CronJob schedules (robfig/cron standard grammar)', () => {
  it.each(['0 3 * * *', '*/15 8-18 * JAN-MAR mon-fri', '@daily', '@every 1h30m', '0 0 1,15 * ?'])('accepts %s', (s) => {
    expect(scheduleError(s)).toBeUndefined();
  });
  it.each([
    ['61 * * * *', 'minute: end of range (61) above maximum (59): 61'],
    ['0 0 2 * * *', 'expected exactly 5 fields, found 6: 0 0 2 * * *'],
    ['*/0 * * * *', 'minute: step of range should be a positive number: */0'],
    ['0 2 L * *', 'day of month: failed to parse int from L'],
    ['CRON_TZ=UTC 0 2 * * *', 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
  ])('refuses %s', (s, message) => {
    expect(scheduleError(s)).toBe(message);
  });
  it('knows IANA time zones, not Local', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('Local')).toBe(false);
  });
});

it('port names are IANA service names', () => {
  expect(portName('http')).toBeUndefined();
  expect(portName('public-http-listener-alpha')).toBe('must be no more than 15 characters');
  expect(portName('8080')).toBe('must contain at least one letter');
  expect(portName('web--http')).toBe('must not contain consecutive hyphens');
});

it('reports what the issue found cdk8s letting through, at the field, with rule apiserver', () => {
  const d: any = deployment('web', { container: { ports: [{ name: 'public-http-listener-alpha', containerPort: 8080 }] } });
  d.spec.replicas = -1;
  d.spec.template.spec.containers.push({ name: 'app', image: 'nginx:1.27' });
  const cron = {
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report' },
    spec: { schedule: '61 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'r', image: 'r:1' }] } } } } },
  };
  const problems = run([d, cron]).filter((p) => p.rule === 'apiserver').map((p) => `${p.path} ${p.field}`);
  expect(problems).toEqual([
    'test/CronJob/report spec.schedule',
    'test/Deployment/web spec.replicas',
    'test/Deployment/web spec.template.spec.containers[0].ports[0].name',
    'test/Deployment/web spec.template.spec.containers[1].name',
  ]);
});
