"""PyTorch CPU forward latency of the standard vision models, the baseline for `gatun bench model`.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tests/baselines/torch_vision.py \
        --threads 1 --models vit-base,vit-small,swin-tiny --batches 1,8

Random-initialised torchvision models in eval mode under no_grad, fp32, 224x224 inputs: the same
architectures and shapes as Gatun's named bench configs. Each figure is the median of repeated calls
after warm-up. Debian's PyTorch runs its BLAS on OpenBLAS threads that torch.set_num_threads does not
limit, so the thread environment variables above must match --threads (compare-vision.sh sets them).
"""
import argparse
import json
import statistics
import time

import torch
import torchvision
from torchvision.models.vision_transformer import VisionTransformer

MODELS = {
    "vit-base": lambda: torchvision.models.vit_b_16(weights=None),
    "vit-small": lambda: VisionTransformer(image_size=224, patch_size=16, num_layers=12, num_heads=6,
                                           hidden_dim=384, mlp_dim=1536),
    "swin-tiny": lambda: torchvision.models.swin_t(weights=None),
}


def median_seconds(call, seconds, warmup=2, min_calls=5):
    for _ in range(warmup):
        call()
    times = []
    start = time.perf_counter()
    while len(times) < min_calls or time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times), len(times)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--models", default="vit-base,vit-small,swin-tiny")
    p.add_argument("--batches", default="1,8")
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    for name in a.models.split(","):
        model = MODELS[name]().eval()
        for batch in (int(b) for b in a.batches.split(",")):
            x = torch.randn(batch, 3, 224, 224)
            with torch.no_grad():
                med, best, calls = median_seconds(lambda: model(x), a.seconds)
            row = {"engine": "torch", "version": torch.__version__, "model": name, "batch": batch,
                   "threads": a.threads, "ms": med * 1e3, "best_ms": best * 1e3,
                   "images_per_s": batch / med, "calls": calls}
            if a.json:
                print(json.dumps(row), flush=True)
            else:
                print(f"torch {name:10s} batch={batch:<2d} threads={a.threads}  median {med * 1e3:8.1f} ms"
                      f"  best {best * 1e3:8.1f} ms  {batch / med:7.2f} images/s  ({calls} calls)", flush=True)
        del model


if __name__ == "__main__":
    main()
