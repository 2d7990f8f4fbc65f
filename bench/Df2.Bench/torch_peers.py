#!/usr/bin/python3
"""PyTorch peers of the engine benchmarks (same shapes as LstmBench.cs / OpsBench.cs).

    /usr/bin/python3 bench/Df2.Bench/torch_peers.py lstm 2    # 2x256 LSTM training step, 2 threads
    /usr/bin/python3 bench/Df2.Bench/torch_peers.py ops 2     # per-op overhead on [8,8] tensors
"""
import sys, time, statistics, torch

mode = sys.argv[1] if len(sys.argv) > 1 else "lstm"
torch.manual_seed(1); torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)


def timed(fn, repeats):
    fn()
    ts = []
    for _ in range(repeats):
        t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    return sorted(ts)


if mode == "lstm":
    lstm = torch.nn.LSTM(1, 256, num_layers=2, batch_first=True); head = torch.nn.Linear(256, 1)
    opt = torch.optim.Adam(list(lstm.parameters()) + list(head.parameters()), lr=1e-3)
    x = torch.randn(64, 24, 1); y = torch.randn(64, 1)

    def step():
        opt.zero_grad(); o, _ = lstm(x); loss = ((head(o[:, -1]) - y) ** 2).mean(); loss.backward(); opt.step()
    c0 = time.process_time()
    ts = timed(step, 20)
    cpu = (time.process_time() - c0) / 21
    print(f"torch {torch.__version__} threads={torch.get_num_threads()} lstm 2x256 step (B=64,T=24,I=1): median {statistics.median(ts)*1e3:.1f} ms min {ts[0]*1e3:.1f} ms; CPU {cpu*1e3:.1f} ms per step (all threads)")
elif mode == "ops":
    x = torch.rand(8, 8) * 2 - 1; y = torch.rand(8, 8) * 2 - 1; v = torch.rand(8) * 2 - 1
    xg = (torch.rand(8, 8) * 2 - 1).requires_grad_(True)
    inner = 20000

    def bwd():
        l = torch.tanh(xg * y + xg).sum(); l.backward(); xg.grad = None
    cases = [("add [8,8]+[8,8] (no grad)", lambda: x + y), ("add [8,8]+[8] broadcast", lambda: x + v),
             ("mul [8,8]*[8,8]", lambda: x * y), ("exp [8,8]", lambda: torch.exp(x)), ("sum(dim=1) [8,8]", lambda: x.sum(1)),
             ("softmax(dim=1) [8,8]", lambda: torch.softmax(x, 1)), ("matmul [8,8]x[8,8]", lambda: x @ y),
             ("tanh(x*y+x) fwd+bwd, x requires grad", bwd)]
    print(f"torch {torch.__version__} threads={torch.get_num_threads()}")
    for name, fn in cases:
        def loop(fn=fn):
            for _ in range(inner): fn()
        ts = timed(loop, 7)
        print(f"| {name} | {statistics.median(ts) / inner * 1e6:.2f} |")
