#!/usr/bin/python3
# GENERATED-FILE MAKER: writes tiny random-weight Llama-family checkpoints and their reference
# outputs under tests/fixtures/models/ (tiny-llama2, tiny-llama3, tiny-llama3-bf16, tiny-mistral,
# tiny-qwen2, tiny-qwen3-f16, tiny-qwen3, and llama_reference.json). Run with Debian's
# python3-torch:  /usr/bin/python3 tests/golden/models/make_llama_reference.py
#
# Independence: this file shares no code with core/. The forward pass is written from
# transformers' published modelling code (modeling_llama.py LlamaForCausalLM, modeling_mistral.py,
# modeling_qwen2.py, modeling_qwen3.py, modeling_rope_utils.py, masking_utils.py), one sequence at
# a time with a full causal mask and no KV cache:
#   - LlamaRMSNorm: weight * (x * rsqrt(mean(x^2) + eps)), in float32;
#   - RoPE: inv_freq = 1 / theta^(arange(0, HD, 2) / HD) in float32; "linear" divides it by the
#     factor; "llama3" (_compute_llama3_parameters) keeps high frequencies, divides low ones by the
#     factor and blends the band between; freqs = position * inv_freq, emb = cat(freqs, freqs),
#     q * cos + rotate_half(q) * sin with rotate_half(x) = cat(-x2, x1);
#   - attention: q/k/v projections (bias on q, k, v for Qwen2; attention_bias for Llama), Qwen3's
#     q_norm / k_norm (RMSNorm over head_dim) before RoPE, repeat_kv for grouped-query attention,
#     scaling head_dim^-0.5, softmax in float32, o_proj;
#   - Mistral's sliding window as masking_utils.sliding_window_overlay: key j is visible to query
#     i when i - window < j <= i;
#   - MLP: down(silu(gate(x)) * up(x)); final norm; lm_head, or embed_tokens when tied.
# The greedy continuations are computed the same way, one full forward per new token.
# BF16 / F16 checkpoints: the reference runs in float32 over the rounded weights.
# safetensors files are written with make_reference.write_safetensors (struct + json, per the spec);
# one checkpoint is sharded with a model.safetensors.index.json as transformers writes it.
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_reference import OUT, write_safetensors  # noqa: E402

SEQUENCES = [[1, 5, 9, 2, 33, 17, 8, 60, 4, 12, 40, 3], [7, 7, 21, 50]]
PROMPT = [3, 14, 15, 9, 26]
NEW_TOKENS = 8
WEIGHT_STD = 0.35  # large enough that logits differ clearly (stable greedy ids)

BASE = dict(vocab_size=64, hidden_size=16, intermediate_size=32, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, max_position_embeddings=64, rms_norm_eps=1e-6, hidden_act="silu",
            bos_token_id=1, eos_token_id=2)

MODELS = {
    "tiny-llama2": dict(BASE, architectures=["LlamaForCausalLM"], model_type="llama", rope_theta=10000.0,
                        rope_scaling={"type": "linear", "factor": 2.0}, tie_word_embeddings=False,
                        attention_bias=False),
    "tiny-llama3": dict(BASE, architectures=["LlamaForCausalLM"], model_type="llama", rope_theta=10000.0,
                        rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                      "high_freq_factor": 8.0, "original_max_position_embeddings": 256},
                        tie_word_embeddings=True, head_dim=8, eos_token_id=[2, 61]),
    "tiny-mistral": dict(BASE, architectures=["MistralForCausalLM"], model_type="mistral", rope_theta=10000.0,
                         sliding_window=4, tie_word_embeddings=False, head_dim=None),
    "tiny-qwen2": dict(BASE, architectures=["Qwen2ForCausalLM"], model_type="qwen2", rope_theta=1000000.0,
                       tie_word_embeddings=True, use_sliding_window=False, sliding_window=4096,
                       max_window_layers=2, bos_token_id=None, eos_token_id=63),
    "tiny-qwen3": dict(BASE, architectures=["Qwen3ForCausalLM"], model_type="qwen3", rope_theta=1000000.0,
                       head_dim=8, tie_word_embeddings=False, attention_bias=False, use_sliding_window=False,
                       sliding_window=None, max_window_layers=2, bos_token_id=None, eos_token_id=63),
}
# Stored in a narrower dtype: same shapes, new weights.
NARROW = {"tiny-llama3-bf16": ("tiny-llama3", torch.bfloat16), "tiny-qwen3-f16": ("tiny-qwen3", torch.float16)}
SHARDED = {"tiny-mistral"}


def head_dim(cfg):
    return cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]


def make_params(cfg, gen):
    C, I, V, HD = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"], head_dim(cfg)
    NH, NKV = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    qwen2 = cfg["model_type"] == "qwen2"
    qkv_bias = qwen2 or cfg.get("attention_bias", False)

    def r(*shape):
        return torch.randn(*shape, generator=gen) * WEIGHT_STD

    def norm(n):
        return 1.0 + 0.1 * torch.randn(n, generator=gen)

    p = {"model.embed_tokens.weight": r(V, C), "model.norm.weight": norm(C)}
    if not cfg["tie_word_embeddings"]:
        p["lm_head.weight"] = r(V, C)
    for i in range(cfg["num_hidden_layers"]):
        pre = "model.layers.%d." % i
        p[pre + "input_layernorm.weight"] = norm(C)
        p[pre + "post_attention_layernorm.weight"] = norm(C)
        p[pre + "self_attn.q_proj.weight"] = r(NH * HD, C)
        p[pre + "self_attn.k_proj.weight"] = r(NKV * HD, C)
        p[pre + "self_attn.v_proj.weight"] = r(NKV * HD, C)
        p[pre + "self_attn.o_proj.weight"] = r(C, NH * HD)
        if qkv_bias:
            p[pre + "self_attn.q_proj.bias"] = r(NH * HD)
            p[pre + "self_attn.k_proj.bias"] = r(NKV * HD)
            p[pre + "self_attn.v_proj.bias"] = r(NKV * HD)
        if cfg["model_type"] == "qwen3":
            p[pre + "self_attn.q_norm.weight"] = norm(HD)
            p[pre + "self_attn.k_norm.weight"] = norm(HD)
        p[pre + "mlp.gate_proj.weight"] = r(I, C)
        p[pre + "mlp.up_proj.weight"] = r(I, C)
        p[pre + "mlp.down_proj.weight"] = r(C, I)
    return p


def inv_freq(cfg):
    HD = head_dim(cfg)
    base = cfg["rope_theta"]
    inv = 1.0 / (base ** (torch.arange(0, HD, 2, dtype=torch.int64).float() / HD))
    scaling = cfg.get("rope_scaling") or {}
    kind = scaling.get("rope_type", scaling.get("type", "default"))
    if kind == "linear":
        inv = inv / scaling["factor"]
    elif kind == "llama3":
        factor = scaling["factor"]
        low, high = scaling["low_freq_factor"], scaling["high_freq_factor"]
        old = scaling["original_max_position_embeddings"]
        low_wavelen, high_wavelen = old / low, old / high
        wavelen = 2 * math.pi / inv
        inv_llama = torch.where(wavelen > low_wavelen, inv / factor, inv)
        smooth = (old / wavelen - low) / (high - low)
        smoothed = (1 - smooth) * inv_llama / factor + smooth * inv_llama
        medium = ~(wavelen < high_wavelen) * ~(wavelen > low_wavelen)
        inv = torch.where(medium, smoothed, inv_llama)
    return inv


def rms_norm(x, w, eps):
    v = x.pow(2).mean(-1, keepdim=True)
    return w * (x * torch.rsqrt(v + eps))


def rotate_half(x):
    d = x.shape[-1] // 2
    return torch.cat((-x[..., d:], x[..., :d]), dim=-1)


def window_of(cfg, layer):
    if cfg["model_type"] == "mistral":
        return cfg.get("sliding_window") or 0
    if cfg["model_type"] in ("qwen2", "qwen3") and cfg.get("use_sliding_window"):
        return cfg["sliding_window"] if layer >= cfg["max_window_layers"] else 0
    return 0


def forward(p, cfg, ids):
    """logits (T, V) of one sequence, full causal forward, float32."""
    C, HD = cfg["hidden_size"], head_dim(cfg)
    NH, NKV = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    eps = cfg["rms_norm_eps"]
    T = len(ids)
    x = p["model.embed_tokens.weight"][torch.tensor(ids)]
    freqs = torch.arange(T).float()[:, None] * inv_freq(cfg)[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos(), emb.sin()  # (T, HD)
    i = torch.arange(T)[:, None]
    j = torch.arange(T)[None, :]
    for layer in range(cfg["num_hidden_layers"]):
        pre = "model.layers.%d." % layer
        h = rms_norm(x, p[pre + "input_layernorm.weight"], eps)
        q = F.linear(h, p[pre + "self_attn.q_proj.weight"], p.get(pre + "self_attn.q_proj.bias"))
        k = F.linear(h, p[pre + "self_attn.k_proj.weight"], p.get(pre + "self_attn.k_proj.bias"))
        v = F.linear(h, p[pre + "self_attn.v_proj.weight"], p.get(pre + "self_attn.v_proj.bias"))
        q, k, v = q.view(T, NH, HD), k.view(T, NKV, HD), v.view(T, NKV, HD)
        if cfg["model_type"] == "qwen3":
            q = rms_norm(q, p[pre + "self_attn.q_norm.weight"], eps)
            k = rms_norm(k, p[pre + "self_attn.k_norm.weight"], eps)
        q, k, v = q.transpose(0, 1), k.transpose(0, 1), v.transpose(0, 1)  # (heads, T, HD)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(NH // NKV, dim=0)
        v = v.repeat_interleave(NH // NKV, dim=0)
        scores = (q @ k.transpose(-1, -2)) * HD ** -0.5  # (NH, T, T)
        visible = j <= i
        w = window_of(cfg, layer)
        if w:
            visible = visible & (j > i - w)
        scores = scores.masked_fill(~visible, float("-inf"))
        att = torch.softmax(scores.float(), dim=-1) @ v  # (NH, T, HD)
        att = att.transpose(0, 1).reshape(T, NH * HD)
        x = x + F.linear(att, p[pre + "self_attn.o_proj.weight"])
        h = rms_norm(x, p[pre + "post_attention_layernorm.weight"], eps)
        gate = F.silu(F.linear(h, p[pre + "mlp.gate_proj.weight"]))
        x = x + F.linear(gate * F.linear(h, p[pre + "mlp.up_proj.weight"]), p[pre + "mlp.down_proj.weight"])
    x = rms_norm(x, p["model.norm.weight"], eps)
    head = p["model.embed_tokens.weight"] if cfg["tie_word_embeddings"] else p["lm_head.weight"]
    return x @ head.t()


def greedy(p, cfg, prompt, n):
    ids, margins = list(prompt), []
    for _ in range(n):
        logits = forward(p, cfg, ids)[-1]
        top = torch.topk(logits, 2).values
        margins.append(float(top[0] - top[1]))
        ids.append(int(logits.argmax()))
    return ids[len(prompt):], min(margins)


def rounded(values):
    return [[round(float(v), 6) for v in row] for row in values]


def write_checkpoint(name, cfg, params, dtype):
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(dict(cfg, torch_dtype={torch.float32: "float32", torch.bfloat16: "bfloat16",
                                         torch.float16: "float16"}[dtype]), f, indent=2)
        f.write("\n")
    stored = {k: v.to(dtype) for k, v in params.items()}
    for old in os.listdir(folder):
        if old.endswith(".safetensors") or old.endswith(".index.json"):
            os.remove(os.path.join(folder, old))
    if name not in SHARDED:
        write_safetensors(os.path.join(folder, "model.safetensors"), stored, {"format": "pt"})
    else:
        names = sorted(stored)
        halves = [names[: len(names) // 2], names[len(names) // 2:]]
        weight_map = {}
        for n, part in enumerate(halves):
            shard = "model-%05d-of-00002.safetensors" % (n + 1)
            write_safetensors(os.path.join(folder, shard), {k: stored[k] for k in part}, {"format": "pt"})
            weight_map.update({k: shard for k in part})
        total = sum(t.numel() * t.element_size() for t in stored.values())
        with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
            json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)
    # the reference runs over the weights as stored, in float32
    return {k: v.float() for k, v in stored.items()}


def main():
    reference = {"generated_by": "tests/golden/models/make_llama_reference.py", "sequences": SEQUENCES,
                 "prompt": PROMPT, "models": {}}
    jobs = [(name, cfg, torch.float32, seed) for seed, (name, cfg) in enumerate(MODELS.items())]
    jobs += [(name, MODELS[base], dtype, 100 + n) for n, (name, (base, dtype)) in enumerate(NARROW.items())]
    for name, cfg, dtype, seed in jobs:
        gen = torch.Generator().manual_seed(1000 + seed)
        params = write_checkpoint(name, cfg, make_params(cfg, gen), dtype)
        ids, margin = greedy(params, cfg, PROMPT, NEW_TOKENS)
        assert margin > 1e-3, "%s: greedy margin %g too small for a stable test" % (name, margin)
        reference["models"][name] = {
            "dtype": {torch.float32: "f32", torch.bfloat16: "bf16", torch.float16: "f16"}[dtype],
            "parameters": sum(v.numel() for v in params.values()),
            "logits": [rounded(forward(params, cfg, s)) for s in SEQUENCES],
            "greedy": ids,
            "greedy_min_margin": round(margin, 4),
        }
        print(name, "greedy", ids, "margin %.4f" % margin)
    with open(os.path.join(OUT, "llama_reference.json"), "w") as f:
        json.dump(reference, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
