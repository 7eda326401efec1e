#!/usr/bin/env bash
# Matview's benchmarks against a throwaway PostgreSQL 15 server.
#
#   bench/run.sh [refresh|writers|rebuild|all|incremental]      (default: all)
#
#   refresh  benchmark 1: Matview's refresh against the bare REFRESH ... CONCURRENTLY statement
#   writers  benchmark 2: writers' throughput with and without an `on change` scheduler, and the
#            change-to-refresh latency
#   rebuild  benchmark 3: readers' wait while apply rebuilds a view over 10M orders for a changed definition
#   incremental  issue 15 (not part of all): incremental refresh vs REFRESH CONCURRENTLY vs plain REFRESH over
#            1M, 5M and 10M orders of history (a normal day of 14,000 new orders; at the largest history also a
#            heavy day of 100,000), real-time reads of 30 days, and 4 pgbench writers with and without the
#            late-data triggers. Knobs: BENCH_INC_HISTORIES="1000000 5000000 10000000", BENCH_INC_ROUNDS=5.
#            Prints its medians and each target met or missed (bench/results/<run>/incremental.md);
#            docs/benchmarks.md is edited by hand.
#
# It starts PostgreSQL 15 from Debian's packages (installing postgresql-15 if it is missing) in a
# temporary directory, on 127.0.0.1 and a free port, builds the drivers with the reactor (no install), runs the
# benchmarks, prints the results and writes them into docs/benchmarks.md (only the generated
# sections; the text around them stays). The server and any scheduler it started are stopped on
# exit, and the temporary directory removed. Raw results stay in bench/results/ (ignored by git).
#
# Knobs (environment), for trying the script out quickly; the published numbers use the defaults:
#   BENCH_ORDERS=10000000  rows in `orders`        BENCH_ROUNDS=7   rounds in benchmark 1
#   BENCH_RUNS=5           pgbench runs per variant  BENCH_SECONDS=20 length of one pgbench run
#   BENCH_SAMPLES=5        latency samples         BENCH_NO_DOC=1   do not touch docs/benchmarks.md
#   BENCH_ATTEMPTS=3       attempts at a measurement that other processes disturbed
#   BENCH_DISTURBED_PERCENT=10  others' share of the machine above which a measurement is disturbed
#                          (raise it only to try the harness out on a busy machine; not for publishing)
#   BENCH_IDLE_SECONDS=20  length of each idle-CPU measurement (benchmark 2)
#   BENCH_REBUILD_ROUNDS=7 rounds in benchmark 3     BENCH_READERS=2  reader connections in benchmark 3
#   BENCH_PG_SETTINGS=''  lines appended to postgresql.conf (e.g. 'log_min_duration_statement = 0' to see
#                          where a refresh's time goes, in bench/results/<run>/server.log)
#   BENCH_REFRESH_BUDGET=300, BENCH_WRITERS_BUDGET=480, BENCH_REBUILD_BUDGET=240
#                          seconds each benchmark may spend waiting for a
#                          quiet machine and repeating disturbed measurements; after that it takes
#                          what it gets (and the report flags it)
set -euo pipefail

WHAT=${1:-all}
case "$WHAT" in
  refresh|writers|rebuild|all|incremental) ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: $0 [refresh|writers|rebuild|all|incremental]" >&2; exit 2 ;;
esac

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
PGBIN=/usr/lib/postgresql/15/bin
ORDERS=${BENCH_ORDERS:-10000000}
ROUNDS=${BENCH_ROUNDS:-7}
RUNS=${BENCH_RUNS:-5}
SECONDS_PER_RUN=${BENCH_SECONDS:-20}
SAMPLES=${BENCH_SAMPLES:-5}
IDLE_SECONDS=${BENCH_IDLE_SECONDS:-20}
REFRESH_BUDGET=${BENCH_REFRESH_BUDGET:-300}
WRITERS_BUDGET=${BENCH_WRITERS_BUDGET:-480}
REBUILD_ROUNDS=${BENCH_REBUILD_ROUNDS:-7}
READERS=${BENCH_READERS:-2}
REBUILD_BUDGET=${BENCH_REBUILD_BUDGET:-240}
PGBENCH_ARGS="-c 4 -j 2 -T $SECONDS_PER_RUN -n"
JAR=$BENCH_DIR/target/matview-bench.jar
RESULTS=$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)
DOC=$ROOT/docs/benchmarks.md
STARTED=$(date +%s)

log() { printf '\n== %s  (%ds)\n' "$*" $(( $(date +%s) - STARTED )); }

# ---------------------------------------------------------------- PostgreSQL 15
if [[ ! -x $PGBIN/initdb || ! -x $PGBIN/pgbench || ! -x $PGBIN/psql ]]; then
  log "installing postgresql-15 from Debian's packages"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql-15
fi

# initdb and postgres refuse to run as root: as root, the server runs as `nobody` in a directory it owns.
if [[ $(id -u) == 0 ]]; then
  as_server() { runuser -u nobody -- "$@"; }
else
  as_server() { "$@"; }
fi

TMP=$(mktemp -d /tmp/matview-bench.XXXXXX)
DATA=$TMP/data
SCHEDULER_PID=
cleanup() {
  local rc=$?
  if [[ -n $SCHEDULER_PID ]]; then
    kill -TERM "$SCHEDULER_PID" 2>/dev/null || true
    wait "$SCHEDULER_PID" 2>/dev/null || true
  fi
  if [[ -f $DATA/postmaster.pid ]]; then
    as_server "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [[ -d $RESULTS && -f $TMP/server.log ]]; then
    cp "$TMP/server.log" "$RESULTS/server.log" 2>/dev/null || true
  fi
  rm -rf "$TMP"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$DATA" "$RESULTS"
[[ $(id -u) == 0 ]] && chown -R nobody "$TMP"

free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

as_server "$PGBIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$RESULTS/initdb.log"
cat >>"$DATA/postgresql.conf" <<EOF
# matview bench
listen_addresses = '127.0.0.1'
unix_socket_directories = '$TMP'
shared_buffers = 1GB
max_wal_size = 8GB
checkpoint_timeout = 30min
${BENCH_PG_SETTINGS:-}
EOF
# A port nobody listens on may still be taken for a moment (a client's ephemeral port): try a few.
PORT=55432
for try in 1 2 3 4 5; do
  PORT=$(free_port "$PORT")
  log "starting PostgreSQL 15 in $DATA on 127.0.0.1:$PORT"
  if as_server "$PGBIN/pg_ctl" -D "$DATA" -l "$TMP/server.log" -o "-p $PORT" -w -t 60 start >/dev/null; then
    break
  fi
  [[ $try == 5 ]] && { tail -5 "$TMP/server.log" >&2; exit 1; }
  PORT=$((PORT + 1))
done

export PGHOST=127.0.0.1 PGPORT=$PORT PGUSER=postgres
psql() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
url() { echo "jdbc:postgresql://127.0.0.1:$PORT/$1"; }
server_pid() { head -1 "$DATA/postmaster.pid"; }

# ---------------------------------------------------------------- build
# The root pom's `bench` profile puts bench/ in the reactor: matview-core is built from this tree and
# nothing is installed into ~/.m2 (where other builds on the machine find their snapshots).
log "building matview-core and the drivers (mvn -Pbench package -pl bench -am)"
(cd "$ROOT" && mvn -B -q -Pbench -DskipTests package -pl bench -am)
bench() { java -jar "$JAR" "$@"; }

# ---------------------------------------------------------------- environment
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "kernel=$(uname -srm)"
  echo "postgres=$(psql -d postgres -Atc 'select version()')"
  echo "pg_settings=$(psql -d postgres -Atc "select string_agg(name || ' = ' || current_setting(name), ', ' order by name) from pg_settings where name in ('shared_buffers','max_wal_size','checkpoint_timeout','synchronous_commit','fsync','max_parallel_workers_per_gather','jit','work_mem','autovacuum')")"
  echo "java=$(java -version 2>&1 | sed -n 2p)"
  echo "matview=io.matview:matview-core:0.1.0-SNAPSHOT, built from this tree (commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- . || echo ", with uncommitted changes"))"
  echo "command=bench/run.sh $WHAT"
  echo "pgbench_args=$PGBENCH_ARGS"
} >"$RESULTS/env.properties"
free -h >"$RESULTS/free.txt"

# ---------------------------------------------------------------- benchmark 1: refresh overhead
# benchmarks 1 and 3 share the database refresh_bench: the orders and reporting.daily_revenue
load_orders() {
  [[ -n ${ORDERS_LOADED:-} ]] && return 0
  log "loading $ORDERS orders"
  psql -d postgres -c "create database refresh_bench"
  local t0=$(date +%s)
  sed "s/generate_series(1, 10000000)/generate_series(1, $ORDERS)/" "$BENCH_DIR/sql/orders.sql" \
    | psql -d refresh_bench -f - | tee "$RESULTS/load.log"
  echo "load_seconds=$(( $(date +%s) - t0 ))" >>"$RESULTS/env.properties"

  log "creating reporting.daily_revenue with Matview's apply"
  bench apply "$(url refresh_bench)" "$BENCH_DIR/views/refresh" 2>"$RESULTS/apply-refresh.err" | tee "$RESULTS/apply-refresh.log"
  sed -n 's/^applied .* in \([0-9]*\) ms$/apply_ms=\1/p' "$RESULTS/apply-refresh.log" >>"$RESULTS/env.properties"
  # the table in shared buffers, so that every run reads it from the same place
  psql -d refresh_bench -Atc "create extension if not exists pg_prewarm; select pg_prewarm('orders')" >/dev/null
  {
    echo "orders_rows=$(psql -d refresh_bench -Atc "select to_char(count(*), 'FM999,999,999') from orders")"
    echo "orders_size=$(psql -d refresh_bench -Atc "select pg_size_pretty(pg_total_relation_size('orders'))")"
    echo "view_rows=$(psql -d refresh_bench -Atc "select count(*) from reporting.daily_revenue")"
  } >>"$RESULTS/env.properties"
  ORDERS_LOADED=1
}

drop_orders() {
  psql -d postgres -c "drop database refresh_bench"
  ORDERS_LOADED=
}

# ---------------------------------------------------------------- benchmark 1: refresh overhead
bench_refresh() {
  export BENCH_DEADLINE=$(( $(date +%s) + REFRESH_BUDGET ))
  load_orders
  log "benchmark 1: $ROUNDS interleaved rounds of (a) bare REFRESH, (b) matview.refresh, (c) the same on a pool, (d) bare REFRESH on a new connection"
  bench refresh "$(url refresh_bench)" "$BENCH_DIR/views/refresh" reporting.daily_revenue "$ROUNDS" \
    "$(server_pid)" "$RESULTS/refresh.tsv" 2>"$RESULTS/refresh.err"
}

# ---------------------------------------------------------------- benchmark 3: readers during a rebuild
bench_rebuild() {
  load_orders
  export BENCH_DEADLINE=$(( $(date +%s) + REBUILD_BUDGET ))
  echo "rebuild_readers=$READERS" >>"$RESULTS/env.properties"
  log "benchmark 3: $REBUILD_ROUNDS applies of a changed reporting.daily_revenue, $READERS readers querying it"
  bench rebuild "$(url refresh_bench)" "$BENCH_DIR/views/refresh/reporting.daily_revenue.sql" "$REBUILD_ROUNDS" \
    "$READERS" "$(server_pid)" "$RESULTS/rebuild.tsv" 2>"$RESULTS/rebuild.err"
}

# ---------------------------------------------------------------- benchmark 2: writers' cost of on change
start_scheduler() {
  local ready=$RESULTS/scheduler.ready
  rm -f "$ready"
  java -jar "$JAR" scheduler "$(url writers_bench)" "$BENCH_DIR/views/writers" account_totals "$ready" \
    >>"$RESULTS/scheduler.log" 2>&1 &
  SCHEDULER_PID=$!
  for _ in $(seq 600); do
    [[ -f $ready ]] && return 0
    kill -0 "$SCHEDULER_PID" 2>/dev/null || { echo "the scheduler died; see $RESULTS/scheduler.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "the scheduler did not get ready in 60 s; see $RESULTS/scheduler.log" >&2
  exit 1
}

stop_scheduler() {
  kill -TERM "$SCHEDULER_PID"
  wait "$SCHEDULER_PID" || true
  SCHEDULER_PID=
}

# one measured pgbench run (see PgbenchRun.java); variant b runs with a scheduler started before it
pgbench_run() {
  local run=$1 position=$2 variant=$3
  [[ $variant == b ]] && start_scheduler
  bench pgbench "$(url writers_bench)" "$run" "$position" "$variant" "$(server_pid)" "${SCHEDULER_PID:-0}" \
    "$RESULTS/writers.tsv" "$RESULTS/pgbench-$run-$variant.log" -- \
    "$PGBIN/pgbench" -h 127.0.0.1 -p "$PORT" -U postgres $PGBENCH_ARGS \
    -f "$BENCH_DIR/sql/insert-event.pgbench" writers_bench
  [[ $variant == b ]] && stop_scheduler
  return 0
}

bench_writers() {
  export BENCH_DEADLINE=$(( $(date +%s) + WRITERS_BUDGET ))
  log "benchmark 2: events table and an on-change view"
  psql -d postgres -c "create database writers_bench"
  psql -d writers_bench -f "$BENCH_DIR/sql/events.sql"
  bench apply "$(url writers_bench)" "$BENCH_DIR/views/writers" 2>"$RESULTS/apply-writers.err" | tee "$RESULTS/apply-writers.log"
  echo "events_rows_before=$(psql -d writers_bench -Atc "select to_char(count(*), 'FM999,999,999') from events")" \
    >>"$RESULTS/env.properties"

  log "benchmark 2: $RUNS interleaved pairs of pgbench runs ($PGBENCH_ARGS)"
  printf 'run\tposition\tvariant\ttps\trefreshes\tscheduler_cpu_ms\tothers_pct\twaited_s\tattempt\n' >"$RESULTS/writers.tsv"
  for run in $(seq "$RUNS"); do
    if (( run % 2 == 1 )); then
      pgbench_run "$run" 1 a; pgbench_run "$run" 2 b
    else
      pgbench_run "$run" 1 b; pgbench_run "$run" 2 a
    fi
  done
  echo "events_rows_after=$(psql -d writers_bench -Atc "select to_char(count(*), 'FM999,999,999') from events")" \
    >>"$RESULTS/env.properties"

  log "benchmark 2: what an idle scheduler costs in CPU (${IDLE_SECONDS} s without, ${IDLE_SECONDS} s with)"
  bench idlecost "$(server_pid)" 0 "$IDLE_SECONDS" "$RESULTS/idle-without.properties"
  start_scheduler
  bench idlecost "$(server_pid)" "$SCHEDULER_PID" "$IDLE_SECONDS" "$RESULTS/idle-with.properties"

  log "benchmark 2: change-to-refresh latency, $SAMPLES samples"
  bench latency "$(url writers_bench)" account_totals events "$SAMPLES" "$RESULTS/latency.tsv" 2>"$RESULTS/latency.err"
  stop_scheduler
}

# ---------------------------------------------------------------- issue 15: incremental views
bench_incremental() {
  local histories=${BENCH_INC_HISTORIES:-1000000 5000000 10000000} rounds=${BENCH_INC_ROUNDS:-5} largest
  largest=$(echo $histories | tr ' ' '\n' | sort -n | tail -1)
  printf '' >"$RESULTS/incremental.tsv"
  for history in $histories; do
    log "issue 15: $history orders of history"
    psql -d postgres -c "drop database if exists inc_bench" -c "create database inc_bench"
    sed "s/generate_series(1, 10000000)/generate_series(1, $history)/" "$BENCH_DIR/sql/orders.sql" \
      | psql -d inc_bench -f - >"$RESULTS/load-inc-$history.log"
    psql -d inc_bench -c "create index on orders (created_at)"
    bench apply "$(url inc_bench)" "$BENCH_DIR/views/incremental" >"$RESULTS/apply-inc-$history.log" 2>&1
    psql -d inc_bench -Atc "create extension if not exists pg_prewarm; select pg_prewarm('orders')" >/dev/null
    local batches=14000
    [[ $history == "$largest" ]] && batches=14000,100000
    bench incremental "$(url inc_bench)" "$BENCH_DIR/views/incremental" "$history" "$rounds" "$batches" \
      "$RESULTS/incremental.tsv" 2>"$RESULTS/incremental-$history.err"
  done
  log "issue 15: writers, 4 pgbench clients of single-row inserts, with and without the late-data triggers"
  psql -d inc_bench -c "create sequence if not exists bench_order_ids start 1000000000"
  printf 'run\ttriggers\ttps\n' >"$RESULTS/incremental-writers.tsv"
  for run in $(seq "$RUNS"); do
    # the order alternates: throughput drifts as the table grows, and a fixed order would credit that to one side
    local order="on off"
    if (( run % 2 == 0 )); then order="off on"; fi
    for triggers in $order; do
      if [[ $triggers == on ]]; then psql -d inc_bench -c "alter table orders enable trigger user"
      else psql -d inc_bench -c "alter table orders disable trigger user"; fi
      local tps
      # shellcheck disable=SC2086
      "$PGBIN/pgbench" -h 127.0.0.1 -p "$PORT" -U postgres $PGBENCH_ARGS -f "$BENCH_DIR/sql/insert-order.pgbench" \
        inc_bench >"$RESULTS/pgbench-inc-$run-$triggers.log" 2>&1 || true
      tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$RESULTS/pgbench-inc-$run-$triggers.log" | tail -1)
      printf '%s\t%s\t%s\n' "$run" "$triggers" "$tps" | tee -a "$RESULTS/incremental-writers.tsv"
    done
  done
  psql -d inc_bench -c "alter table orders enable trigger user"
  psql -d postgres -c "drop database inc_bench"
  { bench incremental-summary "$RESULTS/incremental.tsv" "$RESULTS/incremental-writers.tsv"; echo
    echo "writers (tps per run):"; cat "$RESULTS/incremental-writers.tsv"; } \
    | tee "$RESULTS/incremental.md"
}

case "$WHAT" in
  incremental) bench_incremental; log "done; raw results in $RESULTS"; exit 0 ;;
  refresh) bench_refresh; drop_orders; SECTIONS="machine refresh" ;;
  writers) bench_writers; SECTIONS="machine writers" ;;
  rebuild) bench_rebuild; drop_orders; SECTIONS="machine rebuild" ;;
  all) bench_refresh; bench_rebuild; drop_orders; bench_writers; SECTIONS="machine refresh rebuild writers" ;;
esac

unset BENCH_DEADLINE
log "results"
if [[ -n ${BENCH_NO_DOC:-} ]]; then
  cp -f "$DOC" "$RESULTS/benchmarks.md" 2>/dev/null || true
  # shellcheck disable=SC2086
  bench report "$RESULTS" "$RESULTS/benchmarks.md" $SECTIONS
else
  # shellcheck disable=SC2086
  bench report "$RESULTS" "$DOC" $SECTIONS
fi
log "done; raw results in $RESULTS"
