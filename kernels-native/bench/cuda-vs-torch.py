#!/usr/bin/env python3
"""Gatun's CUDA kernels beside PyTorch on the same GPU.

Runs Gatun's CudaBench (matrix products and attention on device tensors, JSON lines) and the same shapes
with torch.matmul and torch.nn.functional.scaled_dot_product_attention, timed with CUDA events, then prints
one table. Run from anywhere on a GPU machine with PyTorch and a JDK 25:

    mvn -q -o -pl kernels-native -am test-compile      # builds libgatun_cuda (needs nvcc) and the bench
    python3 kernels-native/bench/cuda-vs-torch.py [--quick] [--torch-only] [--java PATH]

Gatun's attention kernel is F32; torch's F32 attention (math or memory-efficient backend) is the like-for-like
figure, its BF16 flash attention the target. For products, "f32" means exact F32 on both sides
(torch.backends.cuda.matmul.allow_tf32 = False) and "tf32" allows TF32 tensor cores on both.
"""
import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def gatun(java, quick):
    cp = os.pathsep.join(str(ROOT / p) for p in
                         ("tensor/target/classes", "kernels-native/target/classes", "kernels-native/target/test-classes"))
    cmd = [java, "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-cp", cp,
           "dev.gatun.kernels.cuda.CudaBench"] + (["--quick"] if quick else [])
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("CudaBench failed (%d): %s" % (done.returncode, done.stderr.strip()))
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return rows


def timed(fn, min_ms=500):
    import torch
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    runs, total = 0, 0.0
    while total < min_ms or runs < 5:
        start.record()
        for _ in range(10):
            fn()
        end.record()
        end.synchronize()
        total += start.elapsed_time(end)
        runs += 10
    return total / runs


def torch_matmul(dtype, m, n, k):
    import torch
    torch.backends.cuda.matmul.allow_tf32 = dtype == "tf32"
    t = {"bf16": torch.bfloat16, "f16": torch.float16}.get(dtype, torch.float32)
    a = torch.randn(m, k, device="cuda", dtype=t)
    b = torch.randn(k, n, device="cuda", dtype=t)
    return timed(lambda: torch.matmul(a, b))


def torch_attention(dtype, b, h, t, d, causal):
    import torch
    import torch.nn.functional as F
    ty = torch.bfloat16 if dtype == "bf16" else torch.float32
    q, k, v = (torch.randn(b, h, t, d, device="cuda", dtype=ty) for _ in range(3))
    return timed(lambda: F.scaled_dot_product_attention(q, k, v, is_causal=causal))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one size of each")
    ap.add_argument("--torch-only", action="store_true", help="skip Gatun; time torch at the default shapes")
    ap.add_argument("--java", default=os.environ.get("JAVA", "java"), help="the java launcher (JDK 25)")
    args = ap.parse_args()

    if args.torch_only:
        sizes = [1024] if args.quick else [512, 1024, 2048, 4096]
        rows = [{"op": "matmul", "dtype": ty, "m": s, "n": s, "k": s} for s in sizes for ty in ("f32", "tf32", "bf16", "f16")]
        rows += [{"op": "attention", "dtype": "f32", "b": 4, "h": 16, "t": s, "d": d, "causal": c}
                 for s in sizes for d in (64, 128) for c in (False, True)]
    else:
        rows = gatun(args.java, args.quick)
        print(rows[0].get("device", ""))
    import torch
    print("torch", torch.__version__, "on", torch.cuda.get_device_name())
    print("%-10s %-6s %-28s %12s %12s %12s %14s" % ("op", "dtype", "shape", "gatun ms", "torch ms", "torch/gatun",
                                                   "torch bf16 ms"))
    for r in rows:
        if r.get("op") == "matmul":
            shape = "%dx%dx%d" % (r["m"], r["n"], r["k"])
            ms = torch_matmul(r["dtype"], r["m"], r["n"], r["k"])
            bf16 = ""
        elif r.get("op") == "attention":
            shape = "b%d h%d t%d d%d%s" % (r["b"], r["h"], r["t"], r["d"], " causal" if r["causal"] else "")
            ms = torch_attention("f32", r["b"], r["h"], r["t"], r["d"], r["causal"])
            bf16 = "%.3f" % torch_attention("bf16", r["b"], r["h"], r["t"], r["d"], r["causal"])
        else:
            continue
        g = r.get("ms")
        ratio = "%.2f" % (ms / g) if g else ""
        print("%-10s %-6s %-28s %12s %12.3f %12s %14s" % (r["op"], r["dtype"], shape, "%.3f" % g if g else "-", ms,
                                                         ratio, bf16))


if __name__ == "__main__":
    main()
