#!/usr/bin/python3
"""The DF2 synthetic epoch of /work/shared/bench/df2_synth_torch.py (same data, model and batch computation),
timing only the first BATCHES batches of an epoch so that a loaded 2-core machine can measure it; the epoch
time is extrapolated as per-batch median x 55 batches (3500 training pairs / 64).

    /usr/bin/python3 bench/Df2.TorchBench/peers/df2_synth_torch_batches.py cpu 2 5 3   # device, threads, batches, repeats
"""
import math, statistics, sys, time, torch

dev = sys.argv[1] if len(sys.argv) > 1 else "cpu"
torch.manual_seed(0); torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
batches = int(sys.argv[3]) if len(sys.argv) > 3 else 5
repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 3
N, S, J, B, H = 5000, 1000, 100, 64, 128
A = torch.rand(3, 2, 2)
x = torch.rand(N, 2) * 2 - 1
comp = torch.multinomial(torch.tensor([.3, .3, .4]), N, replacement=True)
y = torch.einsum('nij,nj->ni', A[comp], x) + math.sqrt(0.1) * torch.randn(N, 2)
ntr = int(0.7 * N); xtr, ytr = x[:ntr].to(dev), y[:ntr].to(dev)


def f(yv, a):
    return (10 * torch.relu(yv - a) ** 2 + 2 * torch.relu(a - yv) ** 2 + 4 * a ** 3).sum(-1)


enc = torch.nn.Sequential(torch.nn.Linear(2, H), torch.nn.ReLU(), torch.nn.Linear(H, H)).to(dev)
keys = torch.nn.Parameter(torch.randn(S, H, device=dev) / math.sqrt(H))
vals = torch.nn.Parameter(ytr[torch.randint(0, ntr, (S,))].clone())
opt = torch.optim.Adam(list(enc.parameters()) + [keys, vals], lr=1e-3)


def run():
    perm = torch.randperm(ntr, device=dev)
    for k, i in enumerate(range(0, ntr, B)):
        if k >= batches: break
        idx = perm[i:i + B]; xb, yb = xtr[idx], ytr[idx]
        a = torch.rand(len(idx), J, 2, device=dev) * 4 - 2
        w = torch.softmax(enc(xb) @ keys.T / math.sqrt(H), -1)
        fv = f(vals[None, None, :, :], a[:, :, None, :])
        g = (fv * w[:, None, :]).sum(-1)
        loss = ((g - f(yb[:, None, :], a)) ** 2).mean()
        opt.zero_grad(); loss.backward(); opt.step()


run()
ts = []
for _ in range(repeats):
    t = time.perf_counter(); run(); ts.append(time.perf_counter() - t)
per_epoch = math.ceil(ntr / B)
print(f"torch {torch.__version__} {dev} threads={torch.get_num_threads()} df2-synth-nonconvex plain: first {batches} batches median {statistics.median(ts):.3f} s min {min(ts):.3f} s; extrapolated epoch ({per_epoch} batches) {statistics.median(ts) / batches * per_epoch:.1f} s")
