#!/usr/bin/env bash
# One session of the training benchmarks of docs/benchmarks.md ("Training: real cells"): a real cell's batches
# (Df2.TorchBench cell-epoch: the cell's own task, method and CellTrainer.TrainBatch) for wind, inventory and the
# synthetic non-convex task at the paper's shapes, each with its floor, then the PyTorch peers (Debian's python3-torch,
# 1.13) on the same shapes, all at 2 threads, back to back so that the ratios share the machine's load.
#   bash bench/Df2.TorchBench/peers/compare.sh [BATCHES]       (after: dotnet build bench/Df2.TorchBench -c Release)
set -euo pipefail
cd "$(dirname "$0")/../../.."
batches="${1:-5}"
bench="dotnet bench/Df2.TorchBench/bin/Release/net10.0/Df2.TorchBench.dll"
data="${DF2_DATA:-$(cd .. && pwd)/shared/data}"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC') $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
$bench cell-epoch --threads 2 --task wind --batches "$batches" --set max_train=$((batches * 64))
$bench cell-epoch --threads 2 --task inventory --batches "$batches" --set max_train=$((batches * 64))
$bench cell-epoch --threads 2 --task synthetic-nonconvex --batches "$batches" --set n=5000
/usr/bin/python3 bench/Df2.TorchBench/peers/wind_df2_torch.py cpu 2 1 "$data/wind_power/TenneTTSO.csv" 2
/usr/bin/python3 bench/Df2.TorchBench/peers/df2_synth_torch_batches.py cpu 2 1 2
echo "# done $(date -u '+%H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg)"
