#!/usr/bin/python3
# Writes a random-weight Llama-family folder of real shapes (for memory and speed measurements, not
# for tests): config.json + model.safetensors, tensors streamed one at a time (the script never
# holds the whole model). Usage:
#   /usr/bin/python3 scripts/bench/make_random_llama.py qwen2-0.5b|llama-1b OUT_DIR [bf16|f16|f32]
# then e.g.  /usr/bin/time -v build/bin/persona-cli forward --model OUT_DIR --ids 1,2,3 > /dev/null
import json
import os
import struct
import sys

import torch

SHAPES = {
    # Qwen2.5-0.5B
    "qwen2-0.5b": dict(architectures=["Qwen2ForCausalLM"], model_type="qwen2", vocab_size=151936, hidden_size=896,
                       intermediate_size=4864, num_hidden_layers=24, num_attention_heads=14, num_key_value_heads=2,
                       max_position_embeddings=32768, rms_norm_eps=1e-6, rope_theta=1000000.0,
                       tie_word_embeddings=True, use_sliding_window=False, sliding_window=32768,
                       max_window_layers=21, hidden_act="silu", bos_token_id=151643, eos_token_id=151643),
    # Llama 3.2 1B
    "llama-1b": dict(architectures=["LlamaForCausalLM"], model_type="llama", vocab_size=128256, hidden_size=2048,
                     intermediate_size=8192, num_hidden_layers=16, num_attention_heads=32, num_key_value_heads=8,
                     head_dim=64, max_position_embeddings=131072, rms_norm_eps=1e-5, rope_theta=500000.0,
                     rope_scaling={"rope_type": "llama3", "factor": 32.0, "low_freq_factor": 1.0,
                                   "high_freq_factor": 4.0, "original_max_position_embeddings": 8192},
                     tie_word_embeddings=True, hidden_act="silu", bos_token_id=128000,
                     eos_token_id=[128001, 128008, 128009]),
}
DTYPES = {"bf16": (torch.bfloat16, "BF16"), "f16": (torch.float16, "F16"), "f32": (torch.float32, "F32")}


def tensors(c):
    C, I, V = c["hidden_size"], c["intermediate_size"], c["vocab_size"]
    HD = c.get("head_dim") or C // c["num_attention_heads"]
    q, kv = c["num_attention_heads"] * HD, c["num_key_value_heads"] * HD
    out = [("model.embed_tokens.weight", (V, C)), ("model.norm.weight", (C,))]
    if not c["tie_word_embeddings"]:
        out.append(("lm_head.weight", (V, C)))
    for i in range(c["num_hidden_layers"]):
        p = "model.layers.%d." % i
        out += [(p + "input_layernorm.weight", (C,)), (p + "post_attention_layernorm.weight", (C,)),
                (p + "self_attn.q_proj.weight", (q, C)), (p + "self_attn.k_proj.weight", (kv, C)),
                (p + "self_attn.v_proj.weight", (kv, C)), (p + "self_attn.o_proj.weight", (C, q)),
                (p + "mlp.gate_proj.weight", (I, C)), (p + "mlp.up_proj.weight", (I, C)),
                (p + "mlp.down_proj.weight", (C, I))]
        if c["model_type"] == "qwen2":
            out += [(p + "self_attn.q_proj.bias", (q,)), (p + "self_attn.k_proj.bias", (kv,)),
                    (p + "self_attn.v_proj.bias", (kv,))]
    return sorted(out)


def main():
    name, out = sys.argv[1], sys.argv[2]
    dtype, tag = DTYPES[sys.argv[3] if len(sys.argv) > 3 else "bf16"]
    cfg = SHAPES[name]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    elem = torch.tensor([], dtype=dtype).element_size()
    header, offset = {}, 0
    items = tensors(cfg)
    for n, shape in items:
        size = elem
        for d in shape:
            size *= d
        header[n] = {"dtype": tag, "shape": list(shape), "data_offsets": [offset, offset + size]}
        offset += size
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    gen = torch.Generator().manual_seed(1)
    with open(os.path.join(out, "model.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for n, shape in items:
            t = (1.0 + 0.1 * torch.randn(shape, generator=gen)) if n.endswith("norm.weight") else 0.02 * torch.randn(shape, generator=gen)
            t = t.to(dtype).contiguous()
            f.write((t.view(torch.int16) if elem == 2 else t).numpy().tobytes())
    print("%s: %d bytes of weights" % (out, offset))


if __name__ == "__main__":
    main()
