"""Reference fixtures for Gatun's Swin Transformer (v1 and v2), made with torchvision.

torchvision's SwinTransformer is an implementation independent of Gatun and of Hugging Face. Each
fixture builds a tiny torchvision model with random weights (random LayerNorm parameters, a random
relative-position bias table or random logit scales), renames its weights to Hugging Face's
SwinForImageClassification / Swinv2ForImageClassification names, and writes into
models/src/test/resources/swin/<name>/:

    config.json, model.safetensors   a model folder in Hugging Face layout
    reference.safetensors            pixel_values (B=2), logits, last_hidden_state, pooler_output

Where torchvision and Hugging Face define the same function (the cases used here):

* Window shift. Hugging Face sets shift 0 (and shrinks the window to the grid) when min(H, W) <= window;
  torchvision never shrinks and zeroes the shift per dimension only when window >= the padded size.
  Both agree when every stage grid is larger than the window in both dimensions, or equal to it in both
  (no shift, one window). A grid smaller than the window is avoided: Hugging Face v1 then fails.
* Padding. Both pad right/bottom to a multiple of the window after the layer norm, then roll, and mask
  with -100 on the padded grid. Padded tokens take part in attention in both.
* Patch merging. Both pad an odd grid with one zero row/column and concatenate x0|x1|x2|x3.
* Patch embedding. torchvision does not pad pixels, so image sizes are multiples of the patch size.
* Swin v2: Hugging Face fixes each stage's window and shift at construction from config image_size
  (grid // 2**stage, the first dimension), torchvision from the padded input. The configs below keep
  both on the same side of the window. Hugging Face adds the shift mask twice (-200), torchvision once
  (-100); both underflow to 0 after softmax in F32 next to the allowed logits, so outputs agree.
  torchvision's v2 has no pretrained window size: for pretrained_window_sizes > 0 the fixture
  overwrites torchvision's relative_coords_table with Hugging Face's (divided by pretrained - 1).
* All layer norms use eps 1e-5 (torchvision's), so layer_norm_eps is 1e-5.

Run with /usr/bin/python3 (PyTorch 1.13, torchvision 0.14) from the repository root:

    /usr/bin/python3 models/src/test/python/make_swin_fixtures.py
"""
import math
import os
import sys

import torch
from torchvision.models.swin_transformer import (PatchMergingV2, SwinTransformer,
                                                 SwinTransformerBlockV2)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hf_folder import save_model_folder, save_safetensors  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "swin")


def build(v2, patch, embed, depths, heads, window, classes, seed):
    torch.manual_seed(seed)
    kwargs = dict(patch_size=[patch, patch], embed_dim=embed, depths=depths, num_heads=heads,
                  window_size=[window, window], stochastic_depth_prob=0.0, num_classes=classes)
    if v2:
        kwargs.update(block=SwinTransformerBlockV2, downsample_layer=PatchMergingV2)
    model = SwinTransformer(**kwargs)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "relative_position_bias_table" in name:
                p.normal_(0.0, 0.5)
            elif name.endswith("logit_scale"):
                # around ln 10, with one head above the ln 100 clamp
                p.copy_(math.log(10) + torch.randn_like(p))
                p.view(-1)[0] = 5.0
            elif name == "head.weight":
                p.normal_(0.0, 0.5)  # logits of order 1, so their comparison means something
            elif p.dim() == 1 and ("norm" in name or name.startswith("features.0.2")):
                p.add_(torch.randn_like(p) * 0.3)
            elif p.dim() == 1:
                p.normal_(0.0, 0.1)
    return model.eval()


def hf_state(model, depths, v2, qkv_bias=True):
    """torchvision names -> Hugging Face names (with the swin./swinv2. prefix)."""
    prefix = "swinv2." if v2 else "swin."
    sd = model.state_dict()
    out = {}

    def put(name, t):
        out[prefix + name] = t.clone()

    put("embeddings.patch_embeddings.projection.weight", sd["features.0.0.weight"])
    put("embeddings.patch_embeddings.projection.bias", sd["features.0.0.bias"])
    put("embeddings.norm.weight", sd["features.0.2.weight"])
    put("embeddings.norm.bias", sd["features.0.2.bias"])
    for s, depth in enumerate(depths):
        for b in range(depth):
            tv = "features.%d.%d." % (2 * s + 1, b)
            hf = "encoder.layers.%d.blocks.%d." % (s, b)
            c = sd[tv + "attn.proj.weight"].shape[0]
            qkv_w = sd[tv + "attn.qkv.weight"]
            qkv_b = sd[tv + "attn.qkv.bias"]
            for i, part in enumerate(["query", "key", "value"]):
                put(hf + "attention.self.%s.weight" % part, qkv_w[i * c:(i + 1) * c])
                if qkv_bias and not (v2 and part == "key"):
                    put(hf + "attention.self.%s.bias" % part, qkv_b[i * c:(i + 1) * c])
            put(hf + "attention.output.dense.weight", sd[tv + "attn.proj.weight"])
            put(hf + "attention.output.dense.bias", sd[tv + "attn.proj.bias"])
            if v2:
                put(hf + "attention.self.logit_scale", sd[tv + "attn.logit_scale"])
                put(hf + "attention.self.continuous_position_bias_mlp.0.weight", sd[tv + "attn.cpb_mlp.0.weight"])
                put(hf + "attention.self.continuous_position_bias_mlp.0.bias", sd[tv + "attn.cpb_mlp.0.bias"])
                put(hf + "attention.self.continuous_position_bias_mlp.2.weight", sd[tv + "attn.cpb_mlp.2.weight"])
            else:
                put(hf + "attention.self.relative_position_bias_table", sd[tv + "attn.relative_position_bias_table"])
                # the buffer real v1 checkpoints carry; Gatun recomputes it
                n = int(math.isqrt(int(sd[tv + "attn.relative_position_index"].numel())))
                put(hf + "attention.self.relative_position_index", sd[tv + "attn.relative_position_index"].view(n, n))
            for tv_name, hf_name in [("norm1", "layernorm_before"), ("norm2", "layernorm_after"),
                                     ("mlp.0", "intermediate.dense"), ("mlp.3", "output.dense")]:
                put(hf + hf_name + ".weight", sd[tv + tv_name + ".weight"])
                put(hf + hf_name + ".bias", sd[tv + tv_name + ".bias"])
        if s < len(depths) - 1:
            tv = "features.%d." % (2 * s + 2)
            hf = "encoder.layers.%d.downsample." % s
            put(hf + "reduction.weight", sd[tv + "reduction.weight"])
            put(hf + "norm.weight", sd[tv + "norm.weight"])
            put(hf + "norm.bias", sd[tv + "norm.bias"])
    put("layernorm.weight", sd["norm.weight"])
    put("layernorm.bias", sd["norm.bias"])
    out["classifier.weight"] = sd["head.weight"].clone()
    out["classifier.bias"] = sd["head.bias"].clone()
    return out


def forward(model, pixels, ape=None):
    """torchvision's forward written out, returning (logits, last_hidden_state, pooler_output)."""
    x = model.features[0](pixels)                        # (B, h, w, C)
    if ape is not None:
        x = x + ape.view(1, x.shape[1], x.shape[2], -1)
    for f in model.features[1:]:
        x = f(x)
    x = model.norm(x)
    b, h, w, c = x.shape
    hidden = x.reshape(b, h * w, c)
    pooled = hidden.mean(1)
    return model.head(pooled), hidden, pooled


def config(v2, image, patch, embed, depths, heads, window, classes, ape=False, pretrained=None, qkv_bias=True):
    cfg = {
        "model_type": "swinv2" if v2 else "swin",
        "architectures": ["Swinv2ForImageClassification" if v2 else "SwinForImageClassification"],
        "image_size": image, "patch_size": patch, "num_channels": 3, "embed_dim": embed,
        "depths": depths, "num_heads": heads, "window_size": window, "mlp_ratio": 4.0, "qkv_bias": qkv_bias,
        "hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0, "drop_path_rate": 0.1,
        "hidden_act": "gelu", "use_absolute_embeddings": ape, "layer_norm_eps": 1e-5,
        "initializer_range": 0.02, "encoder_stride": 32, "torch_dtype": "float32",
        "id2label": {str(i): "class_%d" % i for i in range(classes)},
        "label2id": {"class_%d" % i: i for i in range(classes)},
    }
    if v2:
        cfg["pretrained_window_sizes"] = pretrained or [0] * len(depths)
    return cfg


def v2_coords_table(window, pretrained):
    """Hugging Face's Swinv2 relative_coords_table for a window, normalised by the pretrained window."""
    r = torch.arange(-(window - 1), window, dtype=torch.float32)
    t = torch.stack(torch.meshgrid([r, r], indexing="ij")).permute(1, 2, 0).contiguous().unsqueeze(0)
    t = t / (pretrained - 1) * 8
    return torch.sign(t) * torch.log2(t.abs() + 1.0) / math.log2(8)


def fixture(name, v2, height, width, patch, embed, depths, heads, window, classes=10, seed=0,
            ape=False, pretrained=None, image=None, extra_buffers=False, qkv_bias=True):
    model = build(v2, patch, embed, depths, heads, window, classes, seed)
    if not qkv_bias:
        # torchvision always has a qkv bias; a zero one is the same function as none
        with torch.no_grad():
            for param_name, p in model.named_parameters():
                if param_name.endswith("attn.qkv.bias"):
                    p.zero_()
    if pretrained:
        for s, p in enumerate(pretrained):
            if p > 0:
                for blk in model.features[2 * s + 1]:
                    blk.attn.relative_coords_table.copy_(v2_coords_table(window, p))
    state = hf_state(model, depths, v2, qkv_bias)
    grid = (height // patch, width // patch)
    ape_tensor = None
    if ape:
        ape_tensor = torch.randn(1, grid[0] * grid[1], embed) * 0.5
        state["swin.embeddings.position_embeddings"] = ape_tensor
    if extra_buffers:
        prefix = "swinv2." if v2 else "swin."
        for s, depth in enumerate(depths):
            for b in range(depth):
                tv = "features.%d.%d.attn." % (2 * s + 1, b)
                hf = prefix + "encoder.layers.%d.blocks.%d.attention.self." % (s, b)
                # buffers older checkpoints may hold, deliberately wrong: Gatun recomputes them
                state[hf + "relative_coords_table"] = torch.zeros_like(model.state_dict()[tv + "relative_coords_table"])
                state[hf + "relative_position_index"] = torch.zeros(window * window, window * window, dtype=torch.int64)
    cfg = config(v2, image or height, patch, embed, depths, heads, window, classes, ape, pretrained, qkv_bias)
    torch.manual_seed(seed + 100)
    pixels = torch.randn(2, 3, height, width)
    with torch.no_grad():
        logits, hidden, pooled = forward(model, pixels, ape_tensor)
    folder = os.path.join(OUT, name)
    save_model_folder(folder, cfg, state)
    save_safetensors({"pixel_values": pixels, "logits": logits, "last_hidden_state": hidden,
                      "pooler_output": pooled}, os.path.join(folder, "reference.safetensors"))
    print(name, "logits", tuple(logits.shape), "hidden", tuple(hidden.shape))


def main():
    torch.set_num_threads(1)
    # v1, non-square 18x26 pixels, patch 2: grids 9x13 (padded to 12x16, shifted) -> odd merge -> 5x7
    # (padded to 8x8, shifted). Every grid is larger than the window in both dimensions.
    fixture("swin-pad", False, 18, 26, 2, 16, [2, 2], [2, 4], 4, seed=1)
    # v1, 64x64 pixels, patch 4: grids 16, 8, 4 with window 4, so the last stage is one unshifted
    # window; absolute position embeddings on.
    fixture("swin-window", False, 64, 64, 4, 12, [2, 2, 2], [2, 2, 4], 4, seed=2, ape=True)
    # v2, 22x30 pixels (config image_size 22), patch 2: grids 11x15 (padded 12x16, shifted) -> odd merge
    # -> 6x8 (padded 8x8, shifted); Hugging Face's construction-time rule sees 11 and 5, both > 4.
    fixture("swinv2-pad", True, 22, 30, 2, 16, [2, 2], [2, 4], 4, seed=3, image=22)
    # v2, 64x64 pixels, patch 4: grids 16, 8, 4 (last stage unshifted), pretrained window sizes on two
    # stages, and stale relative_coords_table / relative_position_index buffers in the checkpoint.
    fixture("swinv2-window", True, 64, 64, 4, 12, [2, 2, 2], [2, 2, 4], 4, seed=4, pretrained=[6, 0, 3],
            extra_buffers=True)
    # v1 with qkv_bias false (no query/key/value biases), 16x16 pixels, patch 2: grids 8 and 4.
    fixture("swin-nobias", False, 16, 16, 2, 8, [2, 2], [2, 2], 4, seed=5, qkv_bias=False)


if __name__ == "__main__":
    main()
