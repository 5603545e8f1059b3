#!/usr/bin/env bash
# Stops the silos started by start.sh: SIGTERM (each silo hands off its activations and leaves the cluster), then
# waits for each to exit; a silo still running after the timeout gets SIGKILL and is reported.
set -uo pipefail

run_dir=/tmp/lstmactors-local timeout=60
while [ $# -gt 0 ]; do
  case "$1" in
    --run-dir) run_dir=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    -h|--help) echo "usage: deploy/local/stop.sh [--run-dir DIR (default /tmp/lstmactors-local)] [--timeout S (default 60)]"; exit 0 ;;
    *) echo "stop.sh: unknown option '$1'" >&2; exit 1 ;;
  esac
done

shopt -s nullglob
pids=("$run_dir"/silo-*.pid)
[ ${#pids[@]} -gt 0 ] || { echo "stop.sh: no silo-*.pid in $run_dir: nothing to stop"; exit 0; }

for file in "${pids[@]}"; do
  pid=$(cat "$file")
  kill -TERM "$pid" 2>/dev/null || true
done
status=0
for file in "${pids[@]}"; do
  pid=$(cat "$file")
  name=$(basename "$file" .pid)
  deadline=$((SECONDS + timeout))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "stop.sh: $name (pid $pid) still running ${timeout} s after SIGTERM; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    status=1
  else
    echo "$name (pid $pid) stopped"
  fi
  rm -f "$file"
done
exit $status
