#!/usr/bin/python3
"""Round trip between Persona Studio and the PyTorch / HuggingFace stack, with python3-torch alone.

Loads model folders in HuggingFace layout as Persona Studio's trainer writes them (config.json +
model.safetensors, or pytorch_model.bin), runs a plain-torch forward pass written from the
HuggingFace definitions (GPT2LMHeadModel: logits; BertModel: last_hidden_state, pooler_output),
and compares it with `persona-cli forward --model DIR --ids ...` on the same ids. Weights stored
in F16/BF16 are computed in F32 on both sides. Exits 1 when the largest difference exceeds the
tolerance.

    /usr/bin/python3 scripts/hf_roundtrip.py                       # the bundled demo models
    /usr/bin/python3 scripts/hf_roundtrip.py --cli persona-cli DIR...   # your own folders

A retriever folder (retriever.json) stands for its encoder folder(s). The same loader is what a
team would use to pick up Persona Studio's models in a Lightning / HuggingFace training job:
transformers' from_pretrained() reads these folders as they are; this script only avoids needing
transformers. Needs: apt-get install python3-torch (Debian 12: torch 1.13).
"""
import argparse
import json
import math
import os
import shutil
import struct
import subprocess
import sys

import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64,
          "I64": torch.int64, "I32": torch.int32}


def read_safetensors(path):
    """safetensors by the format spec: u64 little-endian header length, JSON header, raw data."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    data = memoryview(blob)[8 + n:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        dtype = DTYPES[info["dtype"]]
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=dtype) if end > begin else torch.empty(0, dtype=dtype)
        tensors[name] = t.reshape(info["shape"])
    return tensors


def load_weights(folder):
    """The folder's tensors in F32, with the HF model-class prefixes (transformer., bert.) removed."""
    st = os.path.join(folder, "model.safetensors")
    if os.path.exists(st):
        raw = read_safetensors(st)
    else:
        raw = torch.load(os.path.join(folder, "pytorch_model.bin"), map_location="cpu", weights_only=True)
    out = {}
    for name, t in raw.items():
        for prefix in ("transformer.", "bert."):
            if name.startswith(prefix):
                name = name[len(prefix):]
        out[name] = t.float() if t.is_floating_point() else t
    return out


def activation(name):
    if name in ("gelu_new", "gelu_pytorch_tanh", "gelu_fast"):
        return lambda x: 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))
    if name == "gelu":
        return F.gelu  # erf
    if name == "relu":
        return F.relu
    raise SystemExit(f"activation {name!r} is not supported by this script")


def attention(q, k, v, heads, causal):
    """(T, C) each -> (T, C); scaled dot product per head, optionally causal."""
    T, C = q.shape
    hd = C // heads
    q, k, v = (x.view(T, heads, hd).transpose(0, 1) for x in (q, k, v))  # (NH, T, hd)
    w = (q @ k.transpose(-1, -2)) / math.sqrt(hd)  # (NH, T, T)
    if causal:
        mask = torch.tril(torch.ones(T, T, dtype=torch.bool))
        w = w.masked_fill(~mask, torch.finfo(w.dtype).min)
    return (torch.softmax(w, dim=-1) @ v).transpose(0, 1).reshape(T, C)


def gpt2_forward(p, cfg, ids):
    """GPT2LMHeadModel: pre-LN blocks, Conv1D weights [in, out], lm_head tied to wte. -> (T, V)"""
    C, eps = cfg["n_embd"], cfg.get("layer_norm_epsilon", 1e-5)
    act = activation(cfg.get("activation_function", "gelu_new"))
    T = len(ids)
    x = p["wte.weight"][ids] + p["wpe.weight"][torch.arange(T)]  # (T, C)
    for i in range(cfg["n_layer"]):
        b = f"h.{i}."
        h = F.layer_norm(x, (C,), p[b + "ln_1.weight"], p[b + "ln_1.bias"], eps)
        q, k, v = (h @ p[b + "attn.c_attn.weight"] + p[b + "attn.c_attn.bias"]).split(C, dim=-1)
        x = x + attention(q, k, v, cfg["n_head"], True) @ p[b + "attn.c_proj.weight"] + p[b + "attn.c_proj.bias"]
        h = F.layer_norm(x, (C,), p[b + "ln_2.weight"], p[b + "ln_2.bias"], eps)
        h = act(h @ p[b + "mlp.c_fc.weight"] + p[b + "mlp.c_fc.bias"])  # (T, 4C)
        x = x + h @ p[b + "mlp.c_proj.weight"] + p[b + "mlp.c_proj.bias"]
    x = F.layer_norm(x, (C,), p["ln_f.weight"], p["ln_f.bias"], eps)
    return {"logits": x @ p.get("lm_head.weight", p["wte.weight"]).t()}  # (T, V)


def bert_forward(p, cfg, ids):
    """BertModel: post-LN blocks, nn.Linear weights [out, in], token type 0. -> (T, H) and (H)"""
    H, eps = cfg["hidden_size"], cfg.get("layer_norm_eps", 1e-12)
    act = activation(cfg.get("hidden_act", "gelu"))
    T = len(ids)
    lin = lambda t, n: F.linear(t, p[n + ".weight"], p[n + ".bias"])
    e = "embeddings."
    x = p[e + "word_embeddings.weight"][ids] + p[e + "position_embeddings.weight"][torch.arange(T)] \
        + p[e + "token_type_embeddings.weight"][torch.zeros(T, dtype=torch.long)]
    x = F.layer_norm(x, (H,), p[e + "LayerNorm.weight"], p[e + "LayerNorm.bias"], eps)
    for i in range(cfg["num_hidden_layers"]):
        b = f"encoder.layer.{i}."
        a = attention(lin(x, b + "attention.self.query"), lin(x, b + "attention.self.key"),
                      lin(x, b + "attention.self.value"), cfg["num_attention_heads"], False)
        x = F.layer_norm(lin(a, b + "attention.output.dense") + x, (H,),
                         p[b + "attention.output.LayerNorm.weight"], p[b + "attention.output.LayerNorm.bias"], eps)
        h = act(lin(x, b + "intermediate.dense"))  # (T, I)
        x = F.layer_norm(lin(h, b + "output.dense") + x, (H,),
                         p[b + "output.LayerNorm.weight"], p[b + "output.LayerNorm.bias"], eps)
    out = {"last_hidden_state": x}
    if "pooler.dense.weight" in p:
        out["pooler_output"] = torch.tanh(lin(x[0], "pooler.dense"))
    return out


def model_folders(path):
    """A model folder, or the encoder folders a retriever folder (retriever.json) names."""
    spec = os.path.join(path, "retriever.json")
    if not os.path.exists(spec):
        return [path]
    r = json.load(open(spec))
    names = dict.fromkeys([r.get("context_encoder", "context"), r.get("candidate_encoder", "context")])
    return [os.path.join(path, n) for n in names]


def test_inputs(cfg):
    """A short sequence, a one-token one and one that fills every position, all ids in the vocab."""
    V = cfg["vocab_size"]
    P = cfg.get("n_positions", cfg.get("max_position_embeddings", 128))
    gen = torch.Generator().manual_seed(20261201)
    return [torch.randint(0, V, (12,), generator=gen).tolist(), [min(5, V - 1)],
            torch.randint(0, V, (P,), generator=gen).tolist()]


def run_cli(cli, folder, ids):
    cmd = [cli, "forward", "--model", folder, "--ids", ",".join(map(str, ids))]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} ... failed ({res.returncode}): {res.stderr.strip()}")
    return {k: torch.tensor(v, dtype=torch.float32) for k, v in json.loads(res.stdout).items()}


def compare(cli, folder):
    cfg = json.load(open(os.path.join(folder, "config.json")))
    forward = {"gpt2": gpt2_forward, "bert": bert_forward}.get(cfg.get("model_type"))
    if forward is None:
        raise SystemExit(f"{folder}: model_type {cfg.get('model_type')!r} is neither gpt2 nor bert")
    p = load_weights(folder)
    worst = 0.0
    for ids in test_inputs(cfg):
        ours = run_cli(cli, folder, ids)
        with torch.no_grad():
            ref = forward(p, cfg, torch.tensor(ids))
        if set(ours) != set(ref):
            raise SystemExit(f"{folder}: persona-cli printed {sorted(ours)}, the reference has {sorted(ref)}")
        for key, want in ref.items():
            got = ours[key]
            if got.shape != want.shape:
                raise SystemExit(f"{folder}: {key} shape {tuple(got.shape)} != reference {tuple(want.shape)}")
            worst = max(worst, (got - want).abs().max().item())
    return cfg["model_type"], worst


def default_cli():
    built = os.path.join(ROOT, "build", "bin", "persona-cli")
    return built if os.path.exists(built) else (shutil.which("persona-cli") or built)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="*", help="model folders (default: the bundled demo models)")
    ap.add_argument("--cli", default=default_cli(), help="persona-cli to compare with (default: %(default)s)")
    ap.add_argument("--tolerance", type=float, default=1e-4, help="largest |difference| allowed (default: 1e-4)")
    args = ap.parse_args()
    folders = args.folders or [os.path.join(ROOT, "resources", "models", n) for n in ("generator", "retriever")]
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    failed = False
    for path in folders:
        for folder in model_folders(path):
            kind, worst = compare(args.cli, folder)
            ok = worst <= args.tolerance
            failed |= not ok
            print(f"{'ok  ' if ok else 'FAIL'} {kind:4} {folder}: max |persona-cli - torch| = {worst:.3g}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
