#!/usr/bin/python3
"""Opens a safetensors file written by Df2Cluster (Df2.Kernels.IO.Safetensors) with PyTorch alone (the format: u64 header length,
JSON header, raw little-endian bytes) and loads it into a torch module's state_dict.

    /usr/bin/python3 tests/golden/check_safetensors.py tests/Df2.Kernels.Tests/bin/Release/net10.0/torchsharp_checkpoint.safetensors
"""
import json, struct, sys, torch

DT = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64, "I32": torch.int32,
      "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8, "BOOL": torch.bool}


def load(path):
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    out = {}
    for name, e in header.items():
        b, end = e["data_offsets"]
        buf = bytearray(raw[8 + n + b: 8 + n + end])
        out[name] = torch.frombuffer(buf, dtype=DT[e["dtype"]]).reshape(e["shape"])
    return out, meta


state, meta = load(sys.argv[1])
print("metadata:", meta)
for k, v in state.items():
    print(k, tuple(v.shape), v.dtype)
# the checkpoint written by the test is Sequential(Linear(3, 4), ReLU, Linear(4, 2))
m = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
m.load_state_dict(state)
x = torch.tensor([[0.5, -1.0, 2.0]])
print("torch output:", m(x).detach().numpy().tolist(), "expected (from TorchSharp):", meta.get("output"))
