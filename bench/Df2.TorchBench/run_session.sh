#!/bin/bash
# One benchmark session for docs/benchmarks.md: old engine (bench/Df2.Bench built at 39dbe4f in a temporary
# worktree), TorchSharp (this project, fused and plain), Debian's PyTorch 1.13 (/usr/bin/python3).
#   git worktree add /tmp/oldengine 39dbe4f && dotnet build /tmp/oldengine/bench/Df2.Bench/Df2.Bench.csproj -c Release
#   dotnet build bench/Df2.TorchBench/Df2.TorchBench.csproj -c Release
#   bench/Df2.TorchBench/run_session.sh /tmp/oldengine [threads] > session.log 2>&1
# Plain (broadcasting) variants time only their first batches (--batches) and extrapolate to an epoch: on a
# loaded 2-core machine a whole plain epoch takes many minutes.
set -u
old=${1:-/tmp/oldengine}
threads=${2:-1}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
OLD="$old/bench/Df2.Bench/bin/Release/net10.0/Df2.Bench"
TS="$here/bin/Release/net10.0/Df2.TorchBench"
PY=/usr/bin/python3
step() { echo; echo "## $* — $(date -u +%H:%M:%S) — $(uptime | sed 's/.*load/load/')"; "$@"; }
cd "$repo"
step "$TS" lstm --repeats 10 --threads "$threads"
step "$OLD" lstm --repeats 10 --threads "$threads"
step "$TS" df2-synth --epochs 3 --variant fused-weighted --threads "$threads"
step "$OLD" df2-synth --epochs 3 --variant fused-weighted --threads "$threads"
step "$TS" df2-wind --epochs 1 --variant fused-weighted --threads "$threads"
step "$TS" df2-synth --epochs 1 --batches 3 --variant plain --threads "$threads"
step "$TS" df2-synth --epochs 1 --batches 3 --variant fused --threads "$threads"
step "$OLD" df2-synth --epochs 1 --variant fused --threads "$threads"
step "$OLD" df2-synth --epochs 1 --variant unfused --threads "$threads"
step "$TS" df2-wind --epochs 1 --batches 1 --variant plain --threads "$threads"
step "$PY" "$here/peers/df2_synth_torch_batches.py" cpu "$threads" 3 1
step "$PY" "$here/peers/wind_df2_torch.py" cpu "$threads" 1 /work/shared/data/wind_power/TenneTTSO.csv 1
step "$PY" bench/Df2.Bench/torch_peers.py lstm "$threads"
step "$TS" threads --repeats 10
step "$TS" kernels --repeats 10 --threads "$threads"
echo; echo "## done — $(date -u +%H:%M:%S) — $(uptime | sed 's/.*load/load/')"
