#!/usr/bin/python3
"""PyTorch peer of Df2.TorchBench's cell-epoch (a real wind df2 cell's batches): a wind DF2 training epoch at the paper's
shape (LSTM 2x256 encoder over 24 past hours, S 500, J 100, batch 64, Adam 1e-3), the wind-bidding cost
(App. F.3) by broadcasting ([b, J, S, 12]). Times the first BATCHES batches (0 = the whole epoch).

    /usr/bin/python3 bench/Df2.TorchBench/peers/wind_df2_torch.py cpu 2 2    # device, threads, batches
"""
import math, statistics, sys, time, torch

dev = sys.argv[1] if len(sys.argv) > 1 else "cpu"
torch.manual_seed(0); torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
batches = int(sys.argv[3]) if len(sys.argv) > 3 else 0
path = sys.argv[4] if len(sys.argv) > 4 else "/work/shared/data/wind_power/TenneTTSO.csv"
S, J, B, H, D = 500, 100, 64, 256, 128
P, NU, MU, UP1, UP2, DOWN, F, R = 100., 20., 110., 200., 100., 20., 10., 0.15

hourly = []
for line in open(path, encoding="utf-8-sig").read().splitlines()[1:]:
    if line:
        cells = [float(c) for c in line.split(",")[1:]]
        hourly += [sum(cells[4 * h:4 * h + 4]) / 4 for h in range(24)]
n_train = round(0.64 * len(hourly))
train = torch.tensor(hourly[:n_train]); train = train * (4 / train.max())
windows = n_train - 24 - (13 + 12 - 1) + 1
x = train.unfold(0, 24, 1)[:windows].unsqueeze(-1).contiguous().to(dev)
y = train.unfold(0, 12, 1)[24 + 13 - 1:24 + 13 - 1 + windows].contiguous().to(dev)


def cost(yv, a):  # elementwise wind-bidding cost, d = a - y
    d = a - yv; over = d - R
    overbid = UP1 * over + UP2 * over ** 2 + (MU * R + F)
    return torch.where(over > 0, overbid, torch.where(d >= 0, MU * d, -DOWN * d)) - P * yv + NU * R


lstm = torch.nn.LSTM(1, H, num_layers=2, batch_first=True).to(dev)
query = torch.nn.Linear(H, D).to(dev)
keys = torch.nn.Parameter(torch.randn(S, D, device=dev))
vals = torch.nn.Parameter(y[torch.randint(0, windows, (S,))].clone())
opt = torch.optim.Adam(list(lstm.parameters()) + list(query.parameters()) + [keys, vals], lr=1e-3)


def epoch():
    perm = torch.randperm(windows, device=dev); tot = torch.zeros((), device=dev)
    for k, i in enumerate(range(0, windows, B)):
        if batches and k >= batches: break
        idx = perm[i:i + B]; xb, yb = x[idx], y[idx]
        a = torch.rand(len(idx), J, 12, device=dev) * 4
        o, _ = lstm(xb)
        w = torch.softmax(query(o[:, -1]) @ keys.T / math.sqrt(D), -1)                 # [b, S]
        g = (cost(vals[None, None], a[:, :, None]).sum(-1) * w[:, None, :]).sum(-1)   # [b, J]
        loss = ((g - cost(yb[:, None, :], a).sum(-1)) ** 2).mean()
        opt.zero_grad(); loss.backward(); opt.step(); tot += loss.detach()
    return tot.item()


epoch()
ts = []
for _ in range(int(sys.argv[5]) if len(sys.argv) > 5 else 3):
    t = time.perf_counter(); epoch(); ts.append(time.perf_counter() - t)
per_epoch = math.ceil(windows / B)
what = f"first {batches} batches" if batches else "epoch"
extra = f"; extrapolated epoch ({per_epoch} batches) {statistics.median(ts) / batches * per_epoch:.1f} s" if batches else ""
print(f"torch {torch.__version__} {dev} threads={torch.get_num_threads()} df2-wind plain ({windows} windows): {what} median {statistics.median(ts):.3f} s min {min(ts):.3f} s{extra}")
