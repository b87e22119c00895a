import { MemberOutput } from '../../../../engine/federation/member-output';
import { FederationView } from '../../../../engine/federation/view';
import { Redactor } from '../../../../engine/mask';

class Sink {
  text = '';
  columns = 100;
  write(t: string) {
    this.text += t;
    return true;
  }
}

const members = [{ cluster: 'eu-1', wave: 1, total: 3 }, { cluster: 'us-10', wave: 2, total: 2 }];

function setup(mode: 'text' | 'json', tty = false) {
  const stdout = new Sink();
  const stderr = new Sink();
  const view = new FederationView({ mode, stdout, stderr, tty, members, refreshMs: 60_000 });
  const redactor = new Redactor();
  const eu = new MemberOutput('eu-1', view, mode, redactor);
  const us = new MemberOutput('us-10', view, mode, redactor);
  return { stdout, stderr, view, eu, us, redactor };
}

describe('FederationView and MemberOutput', () => {
  test('text: every member line carries its cluster; partial writes are joined into lines; errors go to stderr', () => {
    const { stdout, stderr, view, eu, us } = setup('text');
    view.phase('eu-1', 'running');
    eu.event({ type: 'apply', kind: 'ConfigMap' }, 'ConfigMap web/settings created');
    us.write('diff line 1\ndiff ');
    us.write('line 2\n');
    us.error('forbidden');
    view.phase('us-10', 'skipped', 'not started: wave 1 failed');
    expect(stdout.text.split('\n')).toEqual([
      '[eu-1 ] wave 1: running',
      '[eu-1 ] ConfigMap web/settings created',
      '[us-10] diff line 1',
      '[us-10] diff line 2',
      '[us-10] wave 2: skipped (not started: wave 1 failed)',
      '',
    ]);
    expect(stderr.text).toBe('[us-10] error: forbidden\n');
  });

  test('json: member events gain a `cluster` field, member summaries become cluster-summary, phases are events', () => {
    const { stdout, view, eu } = setup('json');
    view.phase('eu-1', 'running');
    eu.event({ type: 'apply', kind: 'Deployment', name: 'web', action: 'created' });
    eu.warn('retrying');
    eu.event({ type: 'summary', command: 'apply', created: 1 });
    const events = stdout.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(events).toEqual([
      { type: 'federation', cluster: 'eu-1', wave: 1, phase: 'running' },
      { cluster: 'eu-1', type: 'apply', kind: 'Deployment', name: 'web', action: 'created' },
      { cluster: 'eu-1', type: 'warning', message: 'retrying' },
      { cluster: 'eu-1', type: 'cluster-summary', command: 'apply', created: 1 },
    ]);
  });

  test('a Secret value is masked in member output (shared redactor)', () => {
    const { stdout, redactor, eu } = setup('text');
    redactor.addManifest({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'hunter2-federated' } });
    eu.write('oops hunter2-federated leaked?\n');
    expect(stdout.text).not.toContain('hunter2-federated');
  });

  test('the live footer counts finished objects per cluster and is redrawn below new lines', () => {
    const { stdout, view, eu } = setup('text', true);
    view.phase('eu-1', 'running');
    eu.event({ type: 'apply', kind: 'ConfigMap' }, 'ConfigMap web/a created');
    eu.event({ type: 'apply', kind: 'ConfigMap' }, 'ConfigMap web/b created');
    const footer = view.footer();
    expect(footer[0]).toMatch(/^CLUSTER\s+WAVE\s+PHASE\s+OBJECTS\s+TIME\s+LAST$/);
    expect(footer[1]).toMatch(/^eu-1 \s+1\s+running\s+2\/3\s+\d+\.\ds\s+ConfigMap web\/b created$/);
    expect(footer[2]).toMatch(/^us-10\s+2\s+waiting\s+0\/2\s+-\s*$/);
    // Each new line clears the previous footer (cursor up + clear) before it is printed.
    expect(stdout.text).toContain('\x1b[3A\r\x1b[J[eu-1 ] ConfigMap web/b created\n');
    // A narrow terminal cuts the last message; closing clears the footer for the summary table.
    stdout.columns = 60;
    expect(view.footer()[1]).toMatch(/running\s+2\/3\s+\d+\.\ds\s+ConfigMap web\S*…$/);
    expect(view.footer().every((l) => l.length <= 60)).toBe(true);
    view.close();
    expect(stdout.text.endsWith('\x1b[3A\r\x1b[J')).toBe(true);
  });
});
