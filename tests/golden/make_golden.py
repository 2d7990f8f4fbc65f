#!/usr/bin/python3
"""Generates the PyTorch golden values used by tests/Df2.Learning.Tests/GoldenTests.cs (TorchSharp modules and optimizer as the project uses them).

Run once with Debian's python3-torch (CPU):  /usr/bin/python3 tests/golden/make_golden.py
Writes tests/golden/golden.json. Tensors are {"shape": [...], "data": [...]} (row-major float32).
For modules: y = m(x); loss = sum(y * r); we store y and d loss / d (x, every parameter).
"""
import json, os, torch

torch.manual_seed(1234)
torch.set_num_threads(1)


def enc(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def module_case(m, x):
    x = x.clone().requires_grad_(True)
    out = m(x)
    y = out[0] if isinstance(out, tuple) else out
    r = torch.rand_like(y) * 2 - 1
    (y * r).sum().backward()
    case = {"state": {k: enc(v) for k, v in m.state_dict().items()}, "x": enc(x), "r": enc(r), "y": enc(y),
            "grad_x": enc(x.grad), "grads": {k: enc(p.grad) for k, p in m.named_parameters()}}
    if isinstance(out, tuple):
        hs = out[1]
        if isinstance(hs, tuple):
            case["h_n"], case["c_n"] = enc(hs[0]), enc(hs[1])
        else:
            case["h_n"] = enc(hs)
    return case


g = {"torch_version": torch.__version__}
g["linear"] = module_case(torch.nn.Linear(5, 3), torch.randn(4, 5))
g["lstm"] = module_case(torch.nn.LSTM(3, 6, num_layers=2, batch_first=True), torch.randn(2, 5, 3))
g["gru"] = module_case(torch.nn.GRU(3, 6, num_layers=2, batch_first=True), torch.randn(2, 5, 3))

x = (torch.randn(3, 7) * 3).requires_grad_(True)
sm = torch.softmax(x, dim=1); lse = torch.logsumexp(x, dim=1); lsm = torch.log_softmax(x, dim=0)
r1, r2, r3 = torch.rand_like(sm), torch.rand_like(lse), torch.rand_like(lsm)
((sm * r1).sum() + (lse * r2).sum() + (lsm * r3).sum()).backward()
g["softmax"] = {"x": enc(x), "softmax1": enc(sm), "logsumexp1": enc(lse), "log_softmax0": enc(lsm),
                "r1": enc(r1), "r2": enc(r2), "r3": enc(r3), "grad_x": enc(x.grad)}

# Adam: p minimises sum((p*c - t)^2) for 6 steps, with and without weight decay
for name, wd in (("adam", 0.0), ("adam_wd", 0.1)):
    p0 = torch.randn(2, 3); c = torch.randn(2, 3); t = torch.randn(2, 3)
    p = p0.clone().requires_grad_(True)
    opt = torch.optim.Adam([p], lr=0.05, betas=(0.9, 0.999), eps=1e-8, weight_decay=wd)
    steps = []
    for _ in range(6):
        opt.zero_grad(); ((p * c - t) ** 2).sum().backward(); opt.step(); steps.append(enc(p))
    g[name] = {"p0": enc(p0), "c": enc(c), "t": enc(t), "lr": 0.05, "weight_decay": wd, "steps": steps}

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden.json")
with open(out, "w") as f:
    json.dump(g, f)
print("wrote", out)
