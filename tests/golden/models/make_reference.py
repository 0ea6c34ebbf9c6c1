#!/usr/bin/python3
# GENERATED-FILE MAKER: writes the tiny random-weight checkpoints and reference outputs under
# tests/fixtures/models/. Run with Debian's python3-torch:  /usr/bin/python3 make_reference.py
#
# Independence: this file shares no code with core/. The forward passes below are written from the
# HuggingFace definitions (transformers' modeling_gpt2.py GPT2LMHeadModel and modeling_bert.py
# BertModel: pre-LN blocks with Conv1D [in, out] weights and gelu_new for GPT-2; post-LN blocks,
# erf GELU and a tanh pooler for BERT) in plain torch.nn.functional calls, one sequence at a time,
# with a full causal mask and no KV cache. safetensors files are written by hand with struct+json
# following the format spec (the `safetensors` package is not available here), and
# pytorch_model.bin files with torch.save, so both of our readers are checked against files made by
# other code.
import json
import math
import os
import struct
from collections import OrderedDict

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "fixtures", "models"))

DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64"}


def write_safetensors(path, tensors, metadata=None):
    header = {}
    offset = 0
    blobs = []
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        raw = t.view(torch.uint8).numpy().tobytes() if t.dtype != torch.float32 else t.numpy().tobytes()
        if t.dtype in (torch.float16, torch.bfloat16):
            raw = t.view(torch.int16).numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    if metadata:
        header["__metadata__"] = metadata
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


# ---------------------------------------------------------------- GPT-2 (GPT2LMHeadModel)
def gpt2_params(cfg, gen):
    C, V, P, L = cfg["n_embd"], cfg["vocab_size"], cfg["n_positions"], cfg["n_layer"]
    r = lambda *s: torch.randn(*s, generator=gen) * 0.2
    p = OrderedDict()
    p["transformer.wte.weight"] = r(V, C)
    p["transformer.wpe.weight"] = r(P, C)
    for i in range(L):
        b = f"transformer.h.{i}."
        p[b + "ln_1.weight"] = 1 + r(C) * 0.5
        p[b + "ln_1.bias"] = r(C)
        p[b + "attn.c_attn.weight"] = r(C, 3 * C)  # Conv1D: [in, out]
        p[b + "attn.c_attn.bias"] = r(3 * C)
        p[b + "attn.c_proj.weight"] = r(C, C)
        p[b + "attn.c_proj.bias"] = r(C)
        p[b + "ln_2.weight"] = 1 + r(C) * 0.5
        p[b + "ln_2.bias"] = r(C)
        p[b + "mlp.c_fc.weight"] = r(C, 4 * C)
        p[b + "mlp.c_fc.bias"] = r(4 * C)
        p[b + "mlp.c_proj.weight"] = r(4 * C, C)
        p[b + "mlp.c_proj.bias"] = r(C)
    p["transformer.ln_f.weight"] = 1 + r(C) * 0.5
    p["transformer.ln_f.bias"] = r(C)
    return p


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def gpt2_forward(p, cfg, ids):
    C, NH, eps = cfg["n_embd"], cfg["n_head"], cfg["layer_norm_epsilon"]
    T = len(ids)
    hd = C // NH
    x = p["transformer.wte.weight"][ids] + p["transformer.wpe.weight"][torch.arange(T)]
    causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
    for i in range(cfg["n_layer"]):
        b = f"transformer.h.{i}."
        h = F.layer_norm(x, (C,), p[b + "ln_1.weight"], p[b + "ln_1.bias"], eps)
        qkv = h @ p[b + "attn.c_attn.weight"] + p[b + "attn.c_attn.bias"]
        q, k, v = qkv.split(C, dim=-1)
        q = q.view(T, NH, hd).transpose(0, 1)
        k = k.view(T, NH, hd).transpose(0, 1)
        v = v.view(T, NH, hd).transpose(0, 1)
        w = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        w = w.masked_fill(~causal, torch.finfo(w.dtype).min)
        a = torch.softmax(w, dim=-1) @ v
        a = a.transpose(0, 1).reshape(T, C)
        x = x + (a @ p[b + "attn.c_proj.weight"] + p[b + "attn.c_proj.bias"])
        h = F.layer_norm(x, (C,), p[b + "ln_2.weight"], p[b + "ln_2.bias"], eps)
        h = gelu_new(h @ p[b + "mlp.c_fc.weight"] + p[b + "mlp.c_fc.bias"])
        x = x + (h @ p[b + "mlp.c_proj.weight"] + p[b + "mlp.c_proj.bias"])
    x = F.layer_norm(x, (C,), p["transformer.ln_f.weight"], p["transformer.ln_f.bias"], eps)
    return x @ p["transformer.wte.weight"].t()  # lm_head tied to wte


# ---------------------------------------------------------------- BERT (BertModel)
def bert_params(cfg, gen, prefix=""):
    H, V, P, L, I = cfg["hidden_size"], cfg["vocab_size"], cfg["max_position_embeddings"], cfg["num_hidden_layers"], cfg["intermediate_size"]
    r = lambda *s: torch.randn(*s, generator=gen) * 0.2
    p = OrderedDict()
    e = prefix + "embeddings."
    p[e + "word_embeddings.weight"] = r(V, H)
    p[e + "position_embeddings.weight"] = r(P, H)
    p[e + "token_type_embeddings.weight"] = r(cfg["type_vocab_size"], H)
    p[e + "LayerNorm.weight"] = 1 + r(H) * 0.5
    p[e + "LayerNorm.bias"] = r(H)
    for i in range(L):
        b = f"{prefix}encoder.layer.{i}."
        for n in ("query", "key", "value"):
            p[b + f"attention.self.{n}.weight"] = r(H, H)  # nn.Linear: [out, in]
            p[b + f"attention.self.{n}.bias"] = r(H)
        p[b + "attention.output.dense.weight"] = r(H, H)
        p[b + "attention.output.dense.bias"] = r(H)
        p[b + "attention.output.LayerNorm.weight"] = 1 + r(H) * 0.5
        p[b + "attention.output.LayerNorm.bias"] = r(H)
        p[b + "intermediate.dense.weight"] = r(I, H)
        p[b + "intermediate.dense.bias"] = r(I)
        p[b + "output.dense.weight"] = r(H, I)
        p[b + "output.dense.bias"] = r(H)
        p[b + "output.LayerNorm.weight"] = 1 + r(H) * 0.5
        p[b + "output.LayerNorm.bias"] = r(H)
    p[prefix + "pooler.dense.weight"] = r(H, H)
    p[prefix + "pooler.dense.bias"] = r(H)
    return p


def bert_forward(p, cfg, ids, prefix=""):
    H, NH, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
    T = len(ids)
    hd = H // NH
    e = prefix + "embeddings."
    x = p[e + "word_embeddings.weight"][ids] + p[e + "position_embeddings.weight"][torch.arange(T)] \
        + p[e + "token_type_embeddings.weight"][torch.zeros(T, dtype=torch.long)]
    x = F.layer_norm(x, (H,), p[e + "LayerNorm.weight"], p[e + "LayerNorm.bias"], eps)
    for i in range(cfg["num_hidden_layers"]):
        b = f"{prefix}encoder.layer.{i}."
        lin = lambda t, n: F.linear(t, p[b + n + ".weight"], p[b + n + ".bias"])
        q = lin(x, "attention.self.query").view(T, NH, hd).transpose(0, 1)
        k = lin(x, "attention.self.key").view(T, NH, hd).transpose(0, 1)
        v = lin(x, "attention.self.value").view(T, NH, hd).transpose(0, 1)
        a = torch.softmax((q @ k.transpose(-1, -2)) / math.sqrt(hd), dim=-1) @ v
        a = a.transpose(0, 1).reshape(T, H)
        x = F.layer_norm(lin(a, "attention.output.dense") + x, (H,),
                         p[b + "attention.output.LayerNorm.weight"], p[b + "attention.output.LayerNorm.bias"], eps)
        h = F.gelu(lin(x, "intermediate.dense"))  # exact erf GELU
        x = F.layer_norm(lin(h, "output.dense") + x, (H,), p[b + "output.LayerNorm.weight"], p[b + "output.LayerNorm.bias"], eps)
    pooled = torch.tanh(F.linear(x[0], p[prefix + "pooler.dense.weight"], p[prefix + "pooler.dense.bias"]))
    return x, pooled


def main():
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(20261128)
    refs = {}

    # GPT-2: one safetensors folder, one pytorch_model.bin folder (legacy keys without the
    # "transformer." prefix plus the attn.bias buffers, as the original gpt2 checkpoint has).
    gcfg = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "n_embd": 32, "n_layer": 2,
            "n_head": 4, "n_positions": 64, "n_ctx": 64, "vocab_size": 97, "layer_norm_epsilon": 1e-5,
            "activation_function": "gelu_new", "bos_token_id": 1, "eos_token_id": 2}
    gp = gpt2_params(gcfg, gen)
    seqs = [[5, 17, 3, 96, 0, 44, 44, 12], [7], list(range(10, 74))]  # the last fills n_positions
    gref = {"inputs": seqs, "logits": [gpt2_forward(gp, gcfg, torch.tensor(s)).tolist() for s in seqs]}
    # Greedy continuation without any cache: the full forward over the growing sequence each step.
    prompt = [5, 17, 3]
    ids = list(prompt)
    for _ in range(20):
        ids.append(int(gpt2_forward(gp, gcfg, torch.tensor(ids))[-1].argmax()))
    gref["greedy_prompt"] = prompt
    gref["greedy_ids"] = ids[len(prompt):]
    refs["gpt2"] = gref

    d = os.path.join(OUT, "tiny-gpt2")
    os.makedirs(d, exist_ok=True)
    json.dump(gcfg, open(os.path.join(d, "config.json"), "w"), indent=2)
    write_safetensors(os.path.join(d, "model.safetensors"), gp, {"format": "pt"})

    d = os.path.join(OUT, "tiny-gpt2-bin")
    os.makedirs(d, exist_ok=True)
    json.dump(gcfg, open(os.path.join(d, "config.json"), "w"), indent=2)
    legacy = OrderedDict()
    for k, v in gp.items():
        legacy[k[len("transformer."):]] = v
    for i in range(gcfg["n_layer"]):
        legacy[f"h.{i}.attn.bias"] = torch.tril(torch.ones(64, 64)).view(1, 1, 64, 64)
    torch.save(legacy, os.path.join(d, "pytorch_model.bin"))

    # BERT: safetensors with BertModel keys; a .bin with the "bert." prefix (BertForX checkpoints).
    bcfg = {"model_type": "bert", "architectures": ["BertModel"], "hidden_size": 32, "num_hidden_layers": 2,
            "num_attention_heads": 4, "intermediate_size": 48, "max_position_embeddings": 40,
            "type_vocab_size": 2, "vocab_size": 61, "layer_norm_eps": 1e-12, "hidden_act": "gelu",
            "pad_token_id": 0}
    bp = bert_params(bcfg, gen)
    bseqs = [[2, 14, 33, 7, 3], [2, 3], [2] + list(range(4, 40)) + [3][:0]]
    outs = [bert_forward(bp, bcfg, torch.tensor(s)) for s in bseqs]
    refs["bert"] = {"inputs": bseqs, "last_hidden_state": [o[0].tolist() for o in outs],
                    "pooler_output": [o[1].tolist() for o in outs]}

    d = os.path.join(OUT, "tiny-bert")
    os.makedirs(d, exist_ok=True)
    json.dump(bcfg, open(os.path.join(d, "config.json"), "w"), indent=2)
    write_safetensors(os.path.join(d, "model.safetensors"), bp, {"format": "pt"})

    d = os.path.join(OUT, "tiny-bert-bin")
    os.makedirs(d, exist_ok=True)
    json.dump(bcfg, open(os.path.join(d, "config.json"), "w"), indent=2)
    prefixed = OrderedDict(("bert." + k, v) for k, v in bp.items())
    prefixed["bert.embeddings.position_ids"] = torch.arange(40).view(1, 40)
    torch.save(prefixed, os.path.join(d, "pytorch_model.bin"))

    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(refs, f)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
