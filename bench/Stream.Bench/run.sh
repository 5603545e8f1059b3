#!/usr/bin/env bash
# The streaming path end to end: `lstmactors stream --embedded --train` on the 500-series x 2,000-row OHLCV CSV, beside
# its anchor measured in the same run: the hand-written batched PyTorch loop over the same file
# (../shared/anchors/torch_online_stream.py). Prints one line per side and their ratio. Not a test: figures only.
# usage: bench/Stream.Bench/run.sh [series] [steps] [--threads N]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
anchors="$repo/../shared/anchors"
series=${1:-500} steps=${2:-2000} threads=1
[ "${3:-}" = "--threads" ] && threads=${4:-1}
[ -f "$anchors/torch_online_stream.py" ] || { echo "Stream.Bench: $anchors/torch_online_stream.py not found (shared/ beside the repository)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$anchors/make_ohlcv_csv.py" "$work/ohlcv.csv" "$series" "$steps"
dotnet build "$repo/Client/LstmActors.Client.csproj" -c Release -o "$work/client" -nologo -v quiet >"$work/build.log" 2>&1 \
  || { tail -20 "$work/build.log" >&2; exit 1; }

echo "# $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, $series series x $steps rows, OHLCV (F=5), training on"
ours=$(dotnet "$work/client/lstmactors.dll" stream --csv "$work/ohlcv.csv" --embedded --train --json)
ours_rate=$(printf '%s' "$ours" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["ticksPerSecond"]))')
replay_rate=$(printf '%s' "$ours" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["replayTicksPerSecond"]))')
read_s=$(printf '%s' "$ours" | python3 -c 'import json,sys; print(json.load(sys.stdin)["readSeconds"])')
# The anchor does not time its CSV parse: replay_ticks_per_s is ours over the same span (from the first tick sent).
echo "case=lstmactors-stream-embedded-train ticks_per_s=$ours_rate read_s=$read_s replay_ticks_per_s=$replay_rate"
# A python3 that imports torch: the one on PATH, else Debian's (python3-torch).
torch_python=""
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'import torch' 2>/dev/null; then torch_python=$candidate; break; fi
done
if [ -n "$torch_python" ]; then
  theirs=$(OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads "$torch_python" "$anchors/torch_online_stream.py" "$work/ohlcv.csv" --train --threads "$threads" \
    | grep -o 'ticks_per_s=[0-9.]*' | cut -d= -f2)
  echo "case=torch-online-stream-train ticks_per_s=$theirs threads=$threads"
  python3 -c "print(f'ratio_ours_to_torch={$ours_rate / $theirs:.2f} ratio_replay_to_torch={$replay_rate / $theirs:.2f}')"
else
  echo "anchor skipped: no python3 imports torch (apt-get install -y python3-torch libopenblas0-pthread)"
fi
