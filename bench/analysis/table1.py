#!/usr/bin/env python3
"""Table I of docs/reproduction-3dl.md from a 3D-Learning run's outputs (results.csv, metrics.csv of `df2 run`).

Usage: bench/analysis/table1.py [--against=ROW] [--metric=bw] RUN_DIR [RUN_DIR ...] > table.md   (several runs of one spec
with other seeds, or of other rows: their cells are pooled; a cell key found twice is an error; --against names the row of
the paired tests, e.g. --against='3dl[adv_lr=0]', default the first 3dl row; --metric=bw pairs the code's batch-wise avg-5
instead of the paper's avg-5 and adds the per-set table of the batch-wise metric, the one to set beside the paper's
Table I)

Only cells with status done count; n is given per row. The product's table (RUN_DIR/table.md) has paired t-tests within
one run; this script adds them over the pooled runs (each row against the first 3dl row, paired by seed, two-sided,
the Student t distribution by the regularized incomplete beta function), and the metrics the product's table does not
pivot: the paper's avg-5 regret and the code's batch-wise avg-5, max-5, every test set, the Fig. 2 corruptions, the
DDPM gate per seed and the adversary's per-round figures.
"""
import csv
import math
import statistics
import sys
from collections import defaultdict

done = {}
metrics = defaultdict(dict)
unknown = [a for a in sys.argv[1:] if a.startswith("--") and not a.startswith("--against=") and a != "--metric=bw"]
if unknown:
    sys.exit(f"table1.py: unknown option {unknown[0]} (options: --against=ROW, --metric=bw)")
against = next((a[len("--against="):] for a in sys.argv[1:] if a.startswith("--against=")), None)
batchwise = "--metric=bw" in sys.argv[1:]
paired, paired_name = ("regret_bw_avg5", "avg-5 batch-wise (code)") if batchwise else ("regret_avg5", "avg-5 (paper)")
for run in (a for a in sys.argv[1:] if not a.startswith("--")):
    mine = set()
    with open(f"{run}/results.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["status"] == "done":
                if r["key"] in done:
                    if r["method"] in ("dfl-predictor", "ddpm-pretrain"):
                        continue   # a dependency cell a completion run needed again (not a row; the first run's is kept)
                    sys.exit(f"{run}/results.csv: cell {r['key']} is also in an earlier run")
                done[r["key"]] = r
                mine.add(r["key"])
    with open(f"{run}/metrics.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["key"] in mine:
                metrics[r["key"]][r["metric"]] = float(r["value"])


def label(r):
    return r["method"] + (f"[{r['variant']}]" if r["variant"] else "")


rows = defaultdict(list)
for key, r in done.items():
    if r["method"] in ("dfl-predictor", "ddpm-pretrain"):
        continue
    rows[label(r)].append(key)


def cell(keys, metric):
    xs = [metrics[k][metric] for k in keys if metric in metrics[k]]
    if not xs:
        return "–"
    sd = statistics.stdev(xs) if len(xs) > 1 else 0.0
    return f"{statistics.mean(xs):.4f} ± {sd:.4f}"


sets = sorted({m[len("regret_"):] for k in metrics for m in metrics[k]
               if m.startswith("regret_") and not m.startswith("regret_bw_") and m.count("_") == 1
               and m not in ("regret_avg5", "regret_max5", "regret_avg7", "regret_val")})
corrupt = sorted({m for k in metrics for m in metrics[k] if m.startswith("regret_") and m.count("_") >= 2
                  and not m.startswith("regret_bw_")})
order = sorted(rows, key=lambda l: (l.startswith("3dl"), l))
print("| method | n (seeds) | avg-5 regret (paper) | avg-5 batch-wise (code) | max-5 | 23V-val |")
print("|---|---|---|---|---|---|")
for l in order:
    ks = rows[l]
    seeds = ",".join(sorted(done[k]["seed"] for k in ks))
    print(f"| {l} | {len(ks)} ({seeds}) | {cell(ks, 'regret_avg5')} | {cell(ks, 'regret_bw_avg5')} | {cell(ks, 'regret_max5')} | {cell(ks, 'regret_val')} |")
print()


def betainc(a, b, x):
    """I_x(a, b), the regularized incomplete beta function (Lentz's continued fraction)."""
    if x <= 0 or x >= 1:
        return 0.0 if x <= 0 else 1.0
    if x > (a + 1) / (a + b + 2):
        return 1 - betainc(b, a, 1 - x)
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1 - x)) / a
    f, c, d = 1.0, 1.0, 0.0
    for i in range(400):
        m = i // 2
        if i == 0:
            num = 1.0
        elif i % 2 == 0:
            num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        else:
            num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1 + num * d
        d = 1 / (d if abs(d) > 1e-300 else 1e-300)
        c = 1 + num / c if abs(c) > 1e-300 else 1e-300
        f *= c * d
        if abs(1 - c * d) < 1e-15:
            break
    return front * (f - 1)


def paired_p(xs, ys):
    """Two-sided p of the paired t-test of xs against ys (same seeds)."""
    diffs = [x - y for x, y in zip(xs, ys)]
    n = len(diffs)
    sd = statistics.stdev(diffs) if n > 1 else 0.0
    if n < 2 or sd == 0:
        return float("nan")
    t = statistics.mean(diffs) / (sd / math.sqrt(n))
    return betainc((n - 1) / 2, 0.5, (n - 1) / (n - 1 + t * t))


# the first 3dl row in spec order, as the product's table, unless --against names another
reference = against or next((l for l in rows if l.startswith("3dl")), None)
if reference is not None and reference not in rows:
    sys.exit(f"--against: no row {reference} (rows: {', '.join(rows)})")
if reference:
    ref = {done[k]["seed"]: metrics[k][paired] for k in rows[reference] if paired in metrics[k]}
    print(f"Paired t-tests of {paired_name} against {reference}, pooled over the runs, paired by seed:")
    print()
    print("| method | n pairs | mean difference (row − reference) | p (two-sided) |")
    print("|---|---|---|---|")
    for l in order:
        if l == reference:
            continue
        mine = {done[k]["seed"]: metrics[k][paired] for k in rows[l] if paired in metrics[k]}
        common = sorted(set(mine) & set(ref))
        xs, ys = [mine[s] for s in common], [ref[s] for s in common]
        diff = statistics.mean(x - y for x, y in zip(xs, ys)) if common else float("nan")
        print(f"| {l} | {len(common)} | {diff:+.4f} | {paired_p(xs, ys):.3g} |")
    print()
print("| method | " + " | ".join(sets) + " |")
print("|---|" + "---|" * len(sets))
for l in order:
    print(f"| {l} | " + " | ".join(cell(rows[l], "regret_" + s) for s in sets) + " |")
if batchwise:
    bw = [s for s in sets if any(f"regret_bw_{s}" in metrics[k] for k in metrics)]
    print()
    print("Batch-wise (code) per set:")
    print()
    print("| method | " + " | ".join(bw) + " |")
    print("|---|" + "---|" * len(bw))
    for l in order:
        print(f"| {l} | " + " | ".join(cell(rows[l], "regret_bw_" + s) for s in bw) + " |")
if corrupt:
    print()
    print("| method | " + " | ".join(c[len("regret_"):] for c in corrupt) + " |")
    print("|---|" + "---|" * len(corrupt))
    for l in order:
        print(f"| {l} | " + " | ".join(cell(rows[l], c) for c in corrupt) + " |")
print()
print("DDPM quality gate per seed (the ddpm row's figures):")
print()
print("| seed | W1 | outside [0, 1] | lag-1 generated | lag-1 real | gap |")
print("|---|---|---|---|---|---|")
for k in sorted((k for k in rows.get("ddpm", [])), key=lambda k: int(done[k]["seed"])):
    m = metrics[k]
    print(f"| {done[k]['seed']} | {m['ddpm_gate_w1']:.4f} | {m['ddpm_gate_outside']:.4f} | {m['ddpm_gate_lag1']:.3f} | "
          f"{m['ddpm_gate_lag1_real']:.3f} | {m['ddpm_gate_lag1_gap']:.3f} |")
print()
print("Adversary per round, mean over seeds (clip fraction, ‖θ − θ0‖/‖θ0‖, ratio std, α, J/ε, 23V-val regret):")
print()
for l in order:
    if not l.startswith("3dl"):
        continue
    ks = rows[l]
    rounds = sorted({int(m[5:m.index("_")]) for k in ks for m in metrics[k] if m.startswith("round") and "_" in m})
    print(f"{l} (best round per seed: {', '.join(str(int(metrics[k].get('best_round', -1))) for k in ks)}):")
    print()
    print("| round | clip frac | θ shift | ratio std | α | J / ε | val regret |")
    print("|---|---|---|---|---|---|---|")
    for r in rounds:
        def mean(name):
            xs = [metrics[k][f"round{r}_{name}"] for k in ks if f"round{r}_{name}" in metrics[k]]
            return statistics.mean(xs) if xs else float("nan")
        eps = statistics.mean([metrics[k]["epsilon"] for k in ks if "epsilon" in metrics[k]] or [float("nan")])
        print(f"| {r} | {mean('clip_frac'):.3f} | {mean('theta_shift'):.2e} | {mean('ratio_std'):.3f} | {mean('alpha'):.3f} | "
              f"{mean('j') / eps:.3f} | {mean('val_regret'):.4f} |")
    print()
