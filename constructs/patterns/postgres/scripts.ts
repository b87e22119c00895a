/**
 * The bootstrap and configuration files of a PostgresCluster, emitted verbatim as ConfigMap data.
 *
 * Everything that differs between a cluster and a test run (host names, ports, paths) is read from
 * the environment, so the exact same files run in a pod and against a local PostgreSQL in tests.
 * Passwords only ever reach these scripts through environment variables (from the Secret) and are
 * never echoed.
 */
export interface PostgresScriptOptions {
  /** Name of the replication role created on the primary and used by replicas. */
  readonly replicationUser: string;
  /** Extra `postgresql.conf` settings (merged over the production defaults). */
  readonly parameters?: Record<string, string | number | boolean>;
  /** CIDRs allowed to connect over TCP (pg_hba); NetworkPolicy is the real perimeter. */
  readonly allowedCidrs?: readonly string[];
}

/** Names of the files in the ConfigMap (and under CONFIG_DIR in the pod). */
export const SCRIPT_FILES = {
  init: 'init.sh',
  start: 'start.sh',
  config: 'postgresql.conf',
  hba: 'pg_hba.conf',
} as const;

/** Production defaults for a streaming-replication primary/standby pair. */
export const DEFAULT_PARAMETERS: Record<string, string | number | boolean> = {
  wal_level: 'replica',
  max_wal_senders: 10,
  max_replication_slots: 10,
  wal_keep_size: '1GB',
  hot_standby: true,
  hot_standby_feedback: true,
  password_encryption: 'scram-sha-256',
  max_connections: 200,
  shared_buffers: '128MB',
  log_connections: false,
  log_min_duration_statement: 1000,
};

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function postgresScripts(opts: PostgresScriptOptions): Record<string, string> {
  if (!ROLE_NAME.test(opts.replicationUser)) {
    throw new Error(`replicationUser "${opts.replicationUser}" must be a lower-case SQL identifier`);
  }
  return {
    [SCRIPT_FILES.init]: initScript(opts.replicationUser),
    [SCRIPT_FILES.start]: START_SCRIPT,
    [SCRIPT_FILES.config]: configFile({ ...DEFAULT_PARAMETERS, ...(opts.parameters ?? {}) }),
    [SCRIPT_FILES.hba]: hbaFile(opts.replicationUser, opts.allowedCidrs ?? ['0.0.0.0/0', '::/0']),
  };
}

function configFile(params: Record<string, string | number | boolean>): string {
  const lines = Object.keys(params)
    .sort()
    .map((k) => `${k} = ${formatValue(params[k])}`);
  return `# Managed by Kapstan (PostgresCluster); included from postgresql.conf.\n${lines.join('\n')}\n`;
}

function formatValue(v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (typeof v === 'number') return String(v);
  return `'${v.replace(/'/g, "''")}'`;
}

function hbaFile(replicationUser: string, cidrs: readonly string[]): string {
  const rows = [
    '# Managed by Kapstan (PostgresCluster).',
    '# TYPE  DATABASE     USER  ADDRESS  METHOD',
    'local   all          all            trust',
    ...cidrs.map((c) => `host    replication  ${replicationUser}  ${c}  scram-sha-256`),
    ...cidrs.map((c) => `host    all          all   ${c}  scram-sha-256`),
  ];
  return rows.join('\n') + '\n';
}

// Runs as the init container of every instance. Ordinal 0 initializes the primary (initdb,
// superuser and replication role); every other ordinal clones it with pg_basebackup and becomes a
// hot standby streaming from PRIMARY_HOST (the primary's stable name behind the headless Service).
// On restart an existing data directory is kept; only configuration is refreshed.
function initScript(replicationUser: string): string {
  return `#!/bin/bash
# Managed by Kapstan (PostgresCluster): instance bootstrap.
set -euo pipefail
: "\${PGDATA:?PGDATA must be set}"
: "\${POD_NAME:?POD_NAME must be set}"
: "\${CONFIG_DIR:?CONFIG_DIR must be set}"
: "\${PRIMARY_HOST:?PRIMARY_HOST must be set}"
: "\${POSTGRES_USER:?POSTGRES_USER must be set}"
: "\${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
: "\${REPLICATION_PASSWORD:?REPLICATION_PASSWORD must be set}"
PGPORT="\${PGPORT:-5432}"
PRIMARY_PORT="\${PRIMARY_PORT:-5432}"
PG_SOCKET_DIR="\${PG_SOCKET_DIR:-/var/run/postgresql}"
PRIMARY_WAIT_SECONDS="\${PRIMARY_WAIT_SECONDS:-600}"
REPLICATION_USER="${replicationUser}"
ordinal="\${POD_NAME##*-}"
mkdir -p "$PG_SOCKET_DIR"

init_primary() {
  local pwfile
  pwfile="$(mktemp)"
  printf '%s\\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb -D "$PGDATA" --username="$POSTGRES_USER" --pwfile="$pwfile" \\
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --data-checksums
  rm -f "$pwfile"
  pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -p $PGPORT -c unix_socket_directories=$PG_SOCKET_DIR" start
  # Passwords are read by psql from the environment (\\getenv), never placed on a command line.
  psql -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PGPORT" -U "$POSTGRES_USER" -d postgres -q <<'SQL'
\\getenv repl_password REPLICATION_PASSWORD
CREATE ROLE ${replicationUser} WITH REPLICATION LOGIN PASSWORD :'repl_password';
SQL
  if [ -n "\${POSTGRES_DB:-}" ] && [ "$POSTGRES_DB" != "postgres" ]; then
    psql -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PGPORT" -U "$POSTGRES_USER" -d postgres -q \\
      -c "CREATE DATABASE \\"$POSTGRES_DB\\" OWNER \\"$POSTGRES_USER\\""
  fi
  pg_ctl -D "$PGDATA" -w -m fast stop
}

init_replica() {
  local waited=0
  until pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT"; do
    if [ "$waited" -ge "$PRIMARY_WAIT_SECONDS" ]; then
      echo "primary $PRIMARY_HOST:$PRIMARY_PORT not ready after \${waited}s" >&2
      exit 1
    fi
    sleep 2
    waited=$((waited + 2))
  done
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" \\
    -U "$REPLICATION_USER" -D "$PGDATA" -X stream -c fast --no-password
}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ "$ordinal" = "0" ]; then init_primary; else init_replica; fi
fi
chmod 0700 "$PGDATA"

# Refresh configuration on every start so that a changed ConfigMap takes effect on restart.
cp "$CONFIG_DIR/pg_hba.conf" "$PGDATA/pg_hba.conf"
cp "$CONFIG_DIR/postgresql.conf" "$PGDATA/kapstan.conf"
grep -qxF "include_if_exists = 'kapstan.conf'" "$PGDATA/postgresql.conf" ||
  echo "include_if_exists = 'kapstan.conf'" >> "$PGDATA/postgresql.conf"
grep -qxF "include_if_exists = 'kapstan-standby.conf'" "$PGDATA/postgresql.conf" ||
  echo "include_if_exists = 'kapstan-standby.conf'" >> "$PGDATA/postgresql.conf"

if [ "$ordinal" = "0" ]; then
  rm -f "$PGDATA/standby.signal" "$PGDATA/kapstan-standby.conf" "$PGDATA/replication.pgpass"
else
  # The replication password goes to a 0600 passfile, not into primary_conninfo.
  umask 077
  printf '*:*:*:%s:%s\\n' "$REPLICATION_USER" "$REPLICATION_PASSWORD" > "$PGDATA/replication.pgpass"
  cat > "$PGDATA/kapstan-standby.conf" <<CONF
primary_conninfo = 'host=$PRIMARY_HOST port=$PRIMARY_PORT user=$REPLICATION_USER passfile=$PGDATA/replication.pgpass application_name=$POD_NAME'
CONF
  touch "$PGDATA/standby.signal"
fi
echo "instance $POD_NAME ready to start ($([ "$ordinal" = "0" ] && echo primary || echo "replica of $PRIMARY_HOST"))"
`;
}

// Runs as the main container: PostgreSQL in the foreground on the prepared data directory.
const START_SCRIPT = `#!/bin/bash
# Managed by Kapstan (PostgresCluster): instance start.
set -euo pipefail
: "\${PGDATA:?PGDATA must be set}"
exec postgres -D "$PGDATA" -p "\${PGPORT:-5432}" \\
  -c listen_addresses="\${LISTEN_ADDRESSES:-*}" \\
  -c unix_socket_directories="\${PG_SOCKET_DIR:-/var/run/postgresql}"
`;
