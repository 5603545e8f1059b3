#!/usr/bin/env bash
# Starts an LstmActors cluster of N silo processes on this machine: PostgreSQL for membership and grain state
# (started and given a role and database if this machine runs it), the silo built once, each silo on its own
# loopback ports, waited for until it reports ready. Prints the gateway list. Stop it with stop.sh.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: deploy/local/start.sh [options]
  -n, --silos N          silo processes to start (default 3)
  --base-port P          silo i listens on P+i, its gateway on P+100+i, its health endpoint on P+200+i (default 11111)
  --cluster-id ID        cluster id (default lstmactors-local)
  --run-dir DIR          PIDs, logs, secret and gateway list go here (default /tmp/lstmactors-local)
  --silo-dll FILE        use this built lstmactors-silo.dll instead of building Silo/ (Release) into DIR/bin
  --timeout S            seconds each silo may take to report ready (default 120)
  -h, --help             this help
PostgreSQL: LSTMACTORS_POSTGRES (an Npgsql connection string) if set; otherwise the local Debian PostgreSQL 15 is
started if needed and the role/database lstmactors/lstmactors are created (needs root, as in .ci/run).
USAGE
}

silos=3 base_port=11111 cluster_id=lstmactors-local run_dir=/tmp/lstmactors-local silo_dll="" timeout=120
while [ $# -gt 0 ]; do
  case "$1" in
    -n|--silos) silos=$2; shift 2 ;;
    --base-port) base_port=$2; shift 2 ;;
    --cluster-id) cluster_id=$2; shift 2 ;;
    --run-dir) run_dir=$2; shift 2 ;;
    --silo-dll) silo_dll=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "start.sh: unknown option '$1'" >&2; usage >&2; exit 1 ;;
  esac
done
case "$silos" in ''|*[!0-9]*|0) echo "start.sh: --silos must be a positive number, got '$silos'" >&2; exit 1 ;; esac
repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$run_dir"
if ls "$run_dir"/silo-*.pid >/dev/null 2>&1; then
  echo "start.sh: $run_dir already holds a running cluster (silo-*.pid); run deploy/local/stop.sh --run-dir $run_dir first" >&2
  exit 1
fi

# PostgreSQL.
if [ -z "${LSTMACTORS_POSTGRES:-}" ]; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    command -v pg_ctlcluster >/dev/null || { echo "start.sh: PostgreSQL is not installed (apt-get install -y postgresql) and LSTMACTORS_POSTGRES is not set" >&2; exit 1; }
    pg_ctlcluster 15 main start
  fi
  deadline=$((SECONDS + 60))
  until pg_isready -q -h 127.0.0.1 -p 5432; do
    [ $SECONDS -lt $deadline ] || { echo "start.sh: PostgreSQL on 127.0.0.1:5432 is not accepting connections after 60 s" >&2; exit 1; }
    sleep 0.5
  done
  su postgres -c "psql -q -tc \"SELECT 1 FROM pg_roles WHERE rolname='lstmactors'\" | grep -q 1 || psql -q -c \"CREATE ROLE lstmactors LOGIN PASSWORD 'lstmactors'\""
  su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname='lstmactors'\" | grep -q 1 || psql -q -c \"CREATE DATABASE lstmactors OWNER lstmactors\""
  LSTMACTORS_POSTGRES="Host=127.0.0.1;Port=5432;Username=lstmactors;Password=lstmactors;Database=lstmactors"
fi

# The silo, built once.
if [ -z "$silo_dll" ]; then
  echo "building Silo/ (Release) into $run_dir/bin ..."
  dotnet build "$repo/Silo/LstmActors.Silo.csproj" -c Release -o "$run_dir/bin" -nologo -v quiet >"$run_dir/build.log" 2>&1 \
    || { echo "start.sh: building the silo failed; see $run_dir/build.log" >&2; tail -20 "$run_dir/build.log" >&2; exit 1; }
  silo_dll="$run_dir/bin/lstmactors-silo.dll"
fi
[ -f "$silo_dll" ] || { echo "start.sh: silo executable '$silo_dll' does not exist" >&2; exit 1; }

# The cluster secret: a file readable by this user only, never on the command line.
if [ ! -f "$run_dir/secret" ]; then
  (umask 077; head -c 32 /dev/urandom | base64 > "$run_dir/secret")
fi

# The silos: configuration through the environment, so the connection string's password is not in the process list.
for i in $(seq 0 $((silos - 1))); do
  LSTMACTORS__CLUSTERID="$cluster_id" \
  LSTMACTORS__HOST=127.0.0.1 \
  LSTMACTORS__SILOPORT=$((base_port + i)) \
  LSTMACTORS__GATEWAYPORT=$((base_port + 100 + i)) \
  LSTMACTORS__HEALTHPORT=$((base_port + 200 + i)) \
  LSTMACTORS__MEMBERSHIP="postgres:$LSTMACTORS_POSTGRES" \
  LSTMACTORS__STORAGE="postgres:$LSTMACTORS_POSTGRES" \
  LSTMACTORS__SECRETFILE="$run_dir/secret" \
    setsid dotnet "$silo_dll" >"$run_dir/silo-$i.log" 2>&1 </dev/null &
  echo $! >"$run_dir/silo-$i.pid"
done

# Ready: /health/ready answers 200 (the silo is Active in the membership table); without curl, the health
# endpoint's log line (it starts once the silo has joined).
ready() {
  if command -v curl >/dev/null; then curl -fs -o /dev/null "http://127.0.0.1:$1/health/ready"
  else grep -q "Health endpoint of silo" "$2"; fi
}
gateways=()
for i in $(seq 0 $((silos - 1))); do
  pid=$(cat "$run_dir/silo-$i.pid")
  deadline=$((SECONDS + timeout))
  until ready $((base_port + 200 + i)) "$run_dir/silo-$i.log"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "start.sh: silo $i (pid $pid) exited before it was ready; its log:" >&2
      tail -30 "$run_dir/silo-$i.log" >&2
      "$(dirname "$0")/stop.sh" --run-dir "$run_dir" >&2
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "start.sh: silo $i (pid $pid) not ready after ${timeout} s; its log:" >&2
      tail -30 "$run_dir/silo-$i.log" >&2
      "$(dirname "$0")/stop.sh" --run-dir "$run_dir" >&2
      exit 1
    fi
    sleep 0.2
  done
  gateways+=("127.0.0.1:$((base_port + 100 + i))")
  echo "silo $i ready: pid $pid, silo port $((base_port + i)), gateway 127.0.0.1:$((base_port + 100 + i)), health http://127.0.0.1:$((base_port + 200 + i))/health, log $run_dir/silo-$i.log"
done

list=$(IFS=,; echo "${gateways[*]}")
echo "$list" >"$run_dir/gateways"
echo "cluster $cluster_id: $silos silo(s) ready; secret file $run_dir/secret"
echo "gateways: $list"
echo "client: dotnet run --project Client -- status --gateway $list --cluster-id $cluster_id --secret-file $run_dir/secret"
