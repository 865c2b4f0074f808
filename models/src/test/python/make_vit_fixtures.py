"""Reference fixtures for Gatun's ViT (dev.gatun.models.vit), made with torchvision's VisionTransformer.

torchvision's ViT is an implementation independent of both Gatun and Hugging Face; its weights are
renamed to Hugging Face's ViT names (the q|k|v rows of in_proj split into query, key and value,
ln_1 -> layernorm_before, mlp.0 -> intermediate.dense, ...), so the folders load as Hugging Face
checkpoints. torchvision's LayerNorm eps is 1e-6, so config.json says layer_norm_eps 1e-6.

Run from the repository root with /usr/bin/python3 (PyTorch 1.13, torchvision 0.14):

    /usr/bin/python3 models/src/test/python/make_vit_fixtures.py

It writes into models/src/test/resources/vit/:
  classifier/          ViTForImageClassification folder (vit.-prefixed names, classifier head)
  classifier_io.safetensors
                       pixel_values (2,3,32,32) with logits and last_hidden_state; the same at 48x48
                       (position embeddings interpolated from 4x4 to 6x6 patches) and at 16x64 (a 2x8
                       grid: same patch count, not square, so still interpolated); pos_interp_3x7, the
                       position embeddings resampled straight to a 3x7 grid by F.interpolate
  backbone/            bare ViTModel folder with a pooler (pooler_output_size 40)
  backbone_io.safetensors
                       pixel_values (3,3,32,32), last_hidden_state, pooler_output
"""
import os
import sys

import torch
import torch.nn.functional as F
from torchvision.models.vision_transformer import VisionTransformer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hf_folder import save_model_folder, save_safetensors  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "vit")

IMAGE, PATCH, HIDDEN, LAYERS, HEADS, MLP, CLASSES = 32, 8, 48, 3, 4, 96, 10
REPRESENTATION = 40


def build(image_size, num_classes, representation_size=None):
    return VisionTransformer(image_size=image_size, patch_size=PATCH, num_layers=LAYERS, num_heads=HEADS,
                             hidden_dim=HIDDEN, mlp_dim=MLP, num_classes=num_classes,
                             representation_size=representation_size).eval()


def randomise(model, seed):
    """Every parameter random and far from its initial value, so each one visibly shapes the output."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith(".weight") and p.dim() == 1:       # LayerNorm gains
                p.copy_(1.0 + 0.3 * torch.randn(p.shape, generator=g))
            elif name.endswith("bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
            elif name in ("class_token", "encoder.pos_embedding"):
                p.copy_(0.5 * torch.randn(p.shape, generator=g))
            else:                                                # matrices: std about 1.5 / sqrt(fan_in)
                fan_in = p[0].numel()
                p.copy_(torch.randn(p.shape, generator=g) * (1.5 / fan_in ** 0.5))


def hf_names(tv, prefix):
    """torchvision's state dict under Hugging Face ViT names, each name prefixed with `prefix`."""
    s = tv.state_dict()
    c = HIDDEN
    out = {
        "embeddings.cls_token": s["class_token"],
        "embeddings.position_embeddings": s["encoder.pos_embedding"],
        "embeddings.patch_embeddings.projection.weight": s["conv_proj.weight"],
        "embeddings.patch_embeddings.projection.bias": s["conv_proj.bias"],
        "layernorm.weight": s["encoder.ln.weight"],
        "layernorm.bias": s["encoder.ln.bias"],
    }
    for i in range(LAYERS):
        src = f"encoder.layers.encoder_layer_{i}."
        dst = f"encoder.layer.{i}."
        w, b = s[src + "self_attention.in_proj_weight"], s[src + "self_attention.in_proj_bias"]
        for j, part in enumerate(("query", "key", "value")):
            out[dst + f"attention.attention.{part}.weight"] = w[j * c:(j + 1) * c]
            out[dst + f"attention.attention.{part}.bias"] = b[j * c:(j + 1) * c]
        pairs = {"self_attention.out_proj": "attention.output.dense", "ln_1": "layernorm_before",
                 "ln_2": "layernorm_after", "mlp.0": "intermediate.dense", "mlp.3": "output.dense"}
        for a, h in pairs.items():
            out[dst + h + ".weight"] = s[src + a + ".weight"]
            out[dst + h + ".bias"] = s[src + a + ".bias"]
    return {prefix + k: v.clone() for k, v in out.items()}


def config(architecture, num_labels, extra=None):
    cfg = {
        "architectures": [architecture], "model_type": "vit", "attention_probs_dropout_prob": 0.0,
        "encoder_stride": PATCH, "hidden_act": "gelu", "hidden_dropout_prob": 0.0, "hidden_size": HIDDEN,
        "image_size": IMAGE, "initializer_range": 0.02, "intermediate_size": MLP, "layer_norm_eps": 1e-6,
        "num_attention_heads": HEADS, "num_channels": 3, "num_hidden_layers": LAYERS, "patch_size": PATCH,
        "qkv_bias": True, "torch_dtype": "float32",
    }
    if num_labels:
        cfg["id2label"] = {str(i): f"class_{i}" for i in range(num_labels)}
        cfg["label2id"] = {f"class_{i}": i for i in range(num_labels)}
    cfg.update(extra or {})
    return cfg


def final_norm_output(model, x):
    """Runs `model` on `x`; returns its output and the final LayerNorm's output (last_hidden_state)."""
    seen = {}
    handle = model.encoder.ln.register_forward_hook(lambda m, i, o: seen.__setitem__("h", o))
    y = model(x)
    handle.remove()
    return y, seen["h"]


def interpolated_pos(pos, gh, gw):
    """Hugging Face's interpolate_pos_encoding on a (1, 1+g*g, C) table: CLS row kept, the g x g grid
    resampled with bicubic (A = -0.75), align_corners=False, to gh x gw."""
    g = int(round((pos.shape[1] - 1) ** 0.5))
    grid = pos[:, 1:].reshape(1, g, g, HIDDEN).permute(0, 3, 1, 2)
    grid = F.interpolate(grid, size=(gh, gw), mode="bicubic", align_corners=False)
    return torch.cat([pos[:, :1], grid.permute(0, 2, 3, 1).reshape(1, gh * gw, HIDDEN)], dim=1)


def any_size_forward(model, x, pos):
    """torchvision's forward with its size check lifted: patch conv, class token, `pos` added, encoder."""
    n, _, h, w = x.shape
    tokens = model.conv_proj(x).reshape(n, HIDDEN, (h // PATCH) * (w // PATCH)).permute(0, 2, 1)
    tokens = torch.cat([model.class_token.expand(n, -1, -1), tokens], dim=1)
    hidden = model.encoder.ln(model.encoder.layers(tokens + pos))
    return model.heads(hidden[:, 0]), hidden


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(1)

    # ---- ViTForImageClassification at its own size, at 48x48, and at 16x64
    tv = build(IMAGE, CLASSES)
    randomise(tv, 2)
    state = hf_names(tv, "vit.")
    state["classifier.weight"] = tv.heads.head.weight.detach().clone()
    state["classifier.bias"] = tv.heads.head.bias.detach().clone()
    save_model_folder(os.path.join(OUT, "classifier"), config("ViTForImageClassification", CLASSES), state)

    io = {}
    with torch.no_grad():
        x = torch.randn(2, 3, IMAGE, IMAGE, generator=g)
        io["pixel_values"] = x
        io["logits"], io["last_hidden_state"] = final_norm_output(tv, x)

        big = build(48, CLASSES)
        big.load_state_dict({k: v for k, v in tv.state_dict().items() if k != "encoder.pos_embedding"},
                            strict=False)
        big.encoder.pos_embedding.copy_(interpolated_pos(tv.encoder.pos_embedding, 6, 6))
        x48 = torch.randn(2, 3, 48, 48, generator=g)
        io["pixel_values_48"] = x48
        io["logits_48"], io["last_hidden_state_48"] = final_norm_output(big, x48)

        x_wide = torch.randn(2, 3, 16, 64, generator=g)
        io["pixel_values_16x64"] = x_wide
        io["logits_16x64"], io["last_hidden_state_16x64"] = any_size_forward(
            tv, x_wide, interpolated_pos(tv.encoder.pos_embedding, 2, 8))

        io["pos_interp_3x7"] = interpolated_pos(tv.encoder.pos_embedding, 3, 7)
    save_safetensors(io, os.path.join(OUT, "classifier_io.safetensors"))

    # ---- bare ViTModel with a pooler: torchvision's pre_logits + tanh is Hugging Face's pooler
    tvp = build(IMAGE, CLASSES, representation_size=REPRESENTATION)
    randomise(tvp, 3)
    state = hf_names(tvp, "")
    state["pooler.dense.weight"] = tvp.heads.pre_logits.weight.detach().clone()
    state["pooler.dense.bias"] = tvp.heads.pre_logits.bias.detach().clone()
    save_model_folder(os.path.join(OUT, "backbone"),
                      config("ViTModel", 0, {"pooler_output_size": REPRESENTATION, "pooler_act": "tanh"}), state)
    io = {}
    with torch.no_grad():
        seen = {}
        tvp.heads.act.register_forward_hook(lambda m, i, o: seen.__setitem__("pooled", o))
        x = torch.randn(3, 3, IMAGE, IMAGE, generator=g)
        io["pixel_values"] = x
        _, io["last_hidden_state"] = final_norm_output(tvp, x)
        io["pooler_output"] = seen["pooled"]
    save_safetensors(io, os.path.join(OUT, "backbone_io.safetensors"))


if __name__ == "__main__":
    main()
