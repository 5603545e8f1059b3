#!/usr/bin/env bash
# Starts an LstmActors cluster of N Orleans silo processes on this machine: PostgreSQL for membership and grain state
# (started and given a role and database if this machine runs it), a local CA with a certificate per silo and one for
# clients (openssl) for mutual TLS, the silo built once, each silo on its own loopback ports with tight failure
# detection, waited for until it reports ready. Prints the gateway list and the client's flags. Stop it with stop.sh.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: deploy/local/start.sh [options]
  -n, --silos N          silo processes to start (default 3)
  --base-port P          silo i listens on P+i, its gateway on P+100+i, its HTTP port (health, live page, dashboard, metrics) on P+200+i (default 11111)
  --cluster-id ID        cluster id (default lstmactors-local)
  --run-dir DIR          PIDs, logs, TLS files (DIR/tls) and gateway list go here (default /tmp/lstmactors-local)
  --silo-dll FILE        use this built lstmactors-silo.dll instead of building Silo/ (Release) into DIR/bin
  --timeout S            seconds each silo may take to report ready (default 120)
  -h, --help             this help
PostgreSQL: LSTMACTORS_POSTGRES (an Npgsql connection string) if set; otherwise the local Debian PostgreSQL 15 is
started if needed and the role/database lstmactors/lstmactors are created (needs root, as in .ci/run).
TLS: DIR/tls/ca.pem (the local CA), silo-<i>.pem and client.pem (certificate and key, mode 600); made once, kept.
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

# Mutual TLS: a local CA, a certificate per silo (server and client use: silos connect to each other) and one for
# clients, each PEM file holding certificate and key, readable by this user only. Made once per run folder.
command -v openssl >/dev/null || { echo "start.sh: openssl is needed to make the TLS certificates (apt-get install -y openssl)" >&2; exit 1; }
tls="$run_dir/tls"
mkdir -p "$tls"
chmod 700 "$tls"
tls_log="$run_dir/tls.log"
if [ ! -f "$tls/ca.pem" ]; then
  (umask 077
   openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
     -subj "/CN=LstmActors local CA ($cluster_id)" -keyout "$tls/ca.key" -out "$tls/ca.pem" \
     -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" >"$tls_log" 2>&1) \
    || { echo "start.sh: making the local CA failed; see $tls_log" >&2; exit 1; }
  chmod 644 "$tls/ca.pem"
fi
issue() { # issue NAME EXTENDED-KEY-USAGE: DIR/tls/NAME.pem, certificate and key, signed by the local CA
  [ -f "$tls/$1.pem" ] && return 0
  (umask 077
   printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n' "$2" >"$tls/$1.ext"
   openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" -keyout "$tls/$1.key" -out "$tls/$1.csr" \
   && openssl x509 -req -in "$tls/$1.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -set_serial "0x$(openssl rand -hex 16)" -days 365 \
        -extfile "$tls/$1.ext" -out "$tls/$1.crt" \
   && cat "$tls/$1.crt" "$tls/$1.key" >"$tls/$1.pem") >>"$tls_log" 2>&1 \
    || { echo "start.sh: making the TLS certificate $1 failed; see $tls_log" >&2; exit 1; }
  rm -f "$tls/$1.ext" "$tls/$1.key" "$tls/$1.csr" "$tls/$1.crt"
}
for i in $(seq 0 $((silos - 1))); do issue "silo-$i" serverAuth,clientAuth; done
issue client clientAuth

# The silos: configuration through the environment, so the connection string's password is not in the process list.
# Failure detection tightened from Orleans' defaults (a killed silo's grains answer again within seconds, not a minute).
for i in $(seq 0 $((silos - 1))); do
  LSTMACTORS__CLUSTERID="$cluster_id" \
  LSTMACTORS__HOST=127.0.0.1 \
  LSTMACTORS__SILOPORT=$((base_port + i)) \
  LSTMACTORS__GATEWAYPORT=$((base_port + 100 + i)) \
  LSTMACTORS__HEALTHPORT=$((base_port + 200 + i)) \
  LSTMACTORS__MEMBERSHIP="postgres:$LSTMACTORS_POSTGRES" \
  LSTMACTORS__STORAGE="postgres:$LSTMACTORS_POSTGRES" \
  LSTMACTORS__TLSCERTIFICATE="$tls/silo-$i.pem" \
  LSTMACTORS__TLSCAFILE="$tls/ca.pem" \
  Orleans__ClusterMembership__ProbeTimeout=00:00:01 \
  Orleans__ClusterMembership__NumMissedProbesLimit=2 \
  Orleans__ClusterMembership__NumVotesForDeathDeclaration=1 \
  Orleans__ClusterMembership__DeathVoteExpirationTimeout=00:00:10 \
  Orleans__ClusterMembership__TableRefreshTimeout=00:00:05 \
  Orleans__ClusterMembership__IAmAliveTablePublishTimeout=00:00:05 \
    setsid dotnet "$silo_dll" >"$run_dir/silo-$i.log" 2>&1 </dev/null &
  echo $! >"$run_dir/silo-$i.pid"
done

# Ready: /health/ready answers 200 (the silo is Active in Orleans' membership view); without curl, the health
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
  echo "silo $i ready: pid $pid, silo port $((base_port + i)), gateway 127.0.0.1:$((base_port + 100 + i)), log $run_dir/silo-$i.log"
  echo "silo $i web: http://127.0.0.1:$((base_port + 200 + i))/ (live page; /dashboard/ Orleans Dashboard, /metrics, /health)"
done

list=$(IFS=,; echo "${gateways[*]}")
echo "$list" >"$run_dir/gateways"
client_flags="--gateway $list --cluster-id $cluster_id --tls-ca $tls/ca.pem --tls-certificate $tls/client.pem"
echo "cluster $cluster_id: $silos silo(s) ready; mutual TLS with the CA $tls/ca.pem"
echo "gateways: $list"
echo "client flags: $client_flags"
echo "client: dotnet run --project Client -- status $client_flags"
