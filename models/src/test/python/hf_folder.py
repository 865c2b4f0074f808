"""Writes reference fixtures in Hugging Face layout without the safetensors package.

The fixture scripts beside this file build models in PyTorch (an implementation independent of
Gatun), then save what Gatun's tests read: config.json, model.safetensors with the Hugging Face
tensor names, and a safetensors file of named inputs and reference outputs.
"""
import json
import os
import struct

import torch

_DTYPES = {
    torch.float32: "F32",
    torch.float64: "F64",
    torch.float16: "F16",
    torch.bfloat16: "BF16",
    torch.int64: "I64",
    torch.int32: "I32",
    torch.int8: "I8",
    torch.bool: "BOOL",
}


def save_safetensors(tensors, path, metadata=None):
    """Writes a dict of name -> tensor as a safetensors file (row-major, little-endian)."""
    header = {}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        raw = t.view(torch.uint8).numpy().tobytes() if t.numel() else b""
        header[name] = {"dtype": _DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)  # keeps the data 8-byte aligned
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)
    os.replace(tmp, path)


def save_model_folder(folder, config, state_dict, extra_files=None):
    """A model folder as Hugging Face lays it out: config.json and model.safetensors (plus any extra JSON files)."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
        f.write("\n")
    save_safetensors(state_dict, os.path.join(folder, "model.safetensors"), {"format": "pt"})
    for name, content in (extra_files or {}).items():
        with open(os.path.join(folder, name), "w") as f:
            json.dump(content, f, indent=2, sort_keys=True)
            f.write("\n")
