// Proves the replication set-up is real: the files PostgresCluster emits into its ConfigMap run,
// byte for byte, against Debian's PostgreSQL for a primary (ordinal 0) and a replica (ordinal 1),
// with the environment the StatefulSet gives its containers (only host, ports and paths changed).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { PostgresCluster } from '../../../../constructs/patterns';
import {
  eventually, freePort, isReady, makeWorkDir, psql, runScript, startScript, stopInstance, writeConfigDir,
} from './postgres-local';

jest.setTimeout(180_000);

type Manifest = { kind: string; metadata: { name: string }; data?: Record<string, string>; stringData?: Record<string, string>; spec?: any };

function synthCluster(): Manifest[] {
  const app = Testing.app();
  const chart = new Chart(app, 'db', { namespace: 'data' });
  new PostgresCluster(chart, 'orders', { instances: 2, credentials: { seed: 'replication-test-seed' } });
  return Testing.synth(chart) as Manifest[];
}

/** The bootstrap container's environment as declared, with Secret refs resolved from the Secret. */
function declaredEnv(manifests: Manifest[], podName: string): Record<string, string> {
  const sts = manifests.find((m) => m.kind === 'StatefulSet')!;
  const secret = manifests.find((m) => m.kind === 'Secret')!;
  const init = sts.spec.template.spec.initContainers.find((c: any) => c.name === 'bootstrap');
  const env: Record<string, string> = {};
  for (const e of init.env) {
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom.secretKeyRef) env[e.name] = secret.stringData![e.valueFrom.secretKeyRef.key];
    else if (e.valueFrom.fieldRef?.fieldPath === 'metadata.name') env[e.name] = podName;
  }
  return env;
}

describe('PostgresCluster replication scripts against real PostgreSQL', () => {
  const manifests = synthCluster();
  const configMap = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'orders-config')!;
  const work = makeWorkDir();
  const pgdata: string[] = [];

  afterAll(() => {
    for (const d of pgdata) stopInstance(d);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('streams a row written on the primary to the replica', async () => {
    const configDir = writeConfigDir(work, configMap.data!);
    const [primaryPort, replicaPort] = [await freePort(), await freePort()];
    const local = (name: string, pgPort: number): Record<string, string> => {
      const declared = declaredEnv(manifests, name);
      // Declared wiring that must hold before we re-point hosts and ports at loopback.
      expect(declared.PRIMARY_HOST).toBe('orders-0.orders-headless');
      const dir = path.join(work, name);
      fs.mkdirSync(dir);
      fs.mkdirSync(path.join(dir, 'run'));
      if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
      pgdata.push(path.join(dir, 'pgdata'));
      return {
        ...declared,
        PGDATA: path.join(dir, 'pgdata'),
        CONFIG_DIR: configDir,
        PG_SOCKET_DIR: path.join(dir, 'run'),
        PGPORT: String(pgPort),
        PRIMARY_HOST: '127.0.0.1',
        PRIMARY_PORT: String(primaryPort),
        LISTEN_ADDRESSES: '127.0.0.1',
      };
    };

    const primaryEnv = local('orders-0', primaryPort);
    runScript(path.join(configDir, 'init.sh'), primaryEnv);
    startScript(path.join(configDir, 'start.sh'), primaryEnv, path.join(work, 'orders-0.log'));
    expect(await eventually(() => isReady(primaryPort))).toBe(true);

    const replicaEnv = local('orders-1', replicaPort);
    const initOut = runScript(path.join(configDir, 'init.sh'), replicaEnv);
    expect(initOut).toContain('replica of 127.0.0.1');
    startScript(path.join(configDir, 'start.sh'), replicaEnv, path.join(work, 'orders-1.log'));
    expect(await eventually(() => isReady(replicaPort))).toBe(true);

    const su = primaryEnv.POSTGRES_USER;
    const pw = primaryEnv.POSTGRES_PASSWORD;
    expect(psql(primaryPort, su, pw, 'SELECT pg_is_in_recovery()')).toBe('f');
    expect(psql(replicaPort, su, pw, 'SELECT pg_is_in_recovery()')).toBe('t');

    const marker = `row-${process.pid}-${Date.now()}`;
    psql(primaryPort, su, pw, 'CREATE TABLE orders (id serial PRIMARY KEY, note text NOT NULL)', 'app');
    psql(primaryPort, su, pw, `INSERT INTO orders (note) VALUES ('${marker}')`, 'app');

    const seen = await eventually(() => {
      try {
        return psql(replicaPort, su, pw, 'SELECT note FROM orders', 'app') === marker;
      } catch {
        return false;
      }
    });
    expect(seen).toBe(true);

    // The primary sees the replica streaming under its pod name (primary_conninfo's application_name).
    expect(psql(primaryPort, su, pw, "SELECT application_name || ':' || state FROM pg_stat_replication")).toBe(
      'orders-1:streaming',
    );
    // A standby refuses writes.
    expect(() => psql(replicaPort, su, pw, "INSERT INTO orders (note) VALUES ('nope')", 'app')).toThrow(/read-only/);
    // A restarted replica keeps its data (init.sh only refreshes config) and streams again.
    stopInstance(replicaEnv.PGDATA);
    expect(runScript(path.join(configDir, 'init.sh'), replicaEnv)).toContain('replica of 127.0.0.1');
    startScript(path.join(configDir, 'start.sh'), replicaEnv, path.join(work, 'orders-1.log'));
    expect(await eventually(() => isReady(replicaPort))).toBe(true);
    psql(primaryPort, su, pw, "INSERT INTO orders (note) VALUES ('after-restart')", 'app');
    const caughtUp = await eventually(() => {
      try {
        return psql(replicaPort, su, pw, 'SELECT count(*) FROM orders', 'app') === '2';
      } catch {
        return false;
      }
    });
    expect(caughtUp).toBe(true);
    expect(psql(replicaPort, su, pw, 'SELECT pg_is_in_recovery()')).toBe('t');

    // The replication role's generated password works over TCP (scram-sha-256 in pg_hba).
    expect(psql(primaryPort, 'replicator', primaryEnv.REPLICATION_PASSWORD, 'SELECT 1')).toBe('1');
  });
});
