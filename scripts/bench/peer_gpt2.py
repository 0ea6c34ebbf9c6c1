#!/usr/bin/python3
"""The peer for `persona-cli bench decode`: GPT-2 with a KV cache in plain eager PyTorch.

Written the way HuggingFace's GPT2LMHeadModel (transformers 4.x, modeling_gpt2.py) runs it in
eager mode: Conv1D as addmm, the past keys/values concatenated with torch.cat at every step, the
causal mask sliced from a bool buffer and applied with torch.where, the LM head as F.linear over
the tied wte. Random weights with the real shapes; greedy decoding. This is what a researcher
would otherwise run; it needs only Debian's python3-torch (no transformers package).

Prints one JSON document with the same keys as persona-cli where they apply.
"""
import argparse
import json
import math
import resource
import time

import torch
import torch.nn.functional as F

CONFIGS = {
    "gpt2": dict(n_embd=768, n_layer=12, n_head=12),
    "gpt2-medium": dict(n_embd=1024, n_layer=24, n_head=16),
}
VOCAB, N_POSITIONS = 50257, 1024


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class Conv1D(torch.nn.Module):
    def __init__(self, nf, nx):
        super().__init__()
        self.nf = nf
        self.weight = torch.nn.Parameter(torch.empty(nx, nf).normal_(std=0.02))
        self.bias = torch.nn.Parameter(torch.zeros(nf))

    def forward(self, x):
        size_out = x.size()[:-1] + (self.nf,)
        x = torch.addmm(self.bias, x.view(-1, x.size(-1)), self.weight)
        return x.view(size_out)


class Attention(torch.nn.Module):
    def __init__(self, c, nh):
        super().__init__()
        self.c, self.nh, self.hd = c, nh, c // nh
        self.register_buffer("bias", torch.tril(torch.ones(N_POSITIONS, N_POSITIONS, dtype=torch.bool))
                             .view(1, 1, N_POSITIONS, N_POSITIONS), persistent=False)
        self.register_buffer("masked_bias", torch.tensor(-1e4), persistent=False)
        self.c_attn = Conv1D(3 * c, c)
        self.c_proj = Conv1D(c, c)

    def split_heads(self, t):
        return t.view(t.size()[:-1] + (self.nh, self.hd)).permute(0, 2, 1, 3)

    def forward(self, x, layer_past):
        q, k, v = self.c_attn(x).split(self.c, dim=2)
        q, k, v = self.split_heads(q), self.split_heads(k), self.split_heads(v)
        if layer_past is not None:
            k = torch.cat((layer_past[0], k), dim=-2)
            v = torch.cat((layer_past[1], v), dim=-2)
        present = (k, v)
        w = torch.matmul(q, k.transpose(-1, -2))
        w = w / torch.full([], v.size(-1) ** 0.5, dtype=w.dtype, device=w.device)
        ql, kl = q.size(-2), k.size(-2)
        causal = self.bias[:, :, kl - ql:kl, :kl]
        mask_value = torch.full([], torch.finfo(w.dtype).min, dtype=w.dtype, device=w.device)
        w = torch.where(causal, w.to(w.dtype), mask_value)
        w = torch.nn.functional.softmax(w, dim=-1)
        a = torch.matmul(w, v)
        a = a.permute(0, 2, 1, 3).contiguous()
        a = a.view(a.size()[:-2] + (self.c,))
        return self.c_proj(a), present


class Block(torch.nn.Module):
    def __init__(self, c, nh):
        super().__init__()
        self.ln_1 = torch.nn.LayerNorm(c, eps=1e-5)
        self.attn = Attention(c, nh)
        self.ln_2 = torch.nn.LayerNorm(c, eps=1e-5)
        self.c_fc = Conv1D(4 * c, c)
        self.c_proj = Conv1D(c, 4 * c)

    def forward(self, x, layer_past):
        a, present = self.attn(self.ln_1(x), layer_past)
        x = x + a
        x = x + self.c_proj(gelu_new(self.c_fc(self.ln_2(x))))
        return x, present


class Gpt2(torch.nn.Module):
    def __init__(self, n_embd, n_layer, n_head):
        super().__init__()
        self.wte = torch.nn.Embedding(VOCAB, n_embd)
        self.wpe = torch.nn.Embedding(N_POSITIONS, n_embd)
        torch.nn.init.normal_(self.wte.weight, std=0.02)
        torch.nn.init.normal_(self.wpe.weight, std=0.01)
        self.h = torch.nn.ModuleList(Block(n_embd, n_head) for _ in range(n_layer))
        self.ln_f = torch.nn.LayerNorm(n_embd, eps=1e-5)

    def forward(self, ids, past):
        past_len = 0 if past is None else past[0][0].size(-2)
        pos = torch.arange(past_len, past_len + ids.size(-1), dtype=torch.long).unsqueeze(0)
        x = self.wte(ids) + self.wpe(pos)
        presents = []
        for i, block in enumerate(self.h):
            x, present = block(x, None if past is None else past[i])
            presents.append(present)
        x = self.ln_f(x)
        return F.linear(x, self.wte.weight), presents  # lm_head tied to wte, every position


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--config", default="gpt2", choices=sorted(CONFIGS))
    p.add_argument("--prompt-tokens", type=int, default=128)
    p.add_argument("--new-tokens", type=int, default=128)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    threads = a.threads or torch.get_num_threads()
    if a.threads:
        torch.set_num_threads(a.threads)
    else:  # one per core, as persona-cli does (Debian's torch starts with one)
        import os
        torch.set_num_threads(os.cpu_count())
    torch.manual_seed(a.seed)
    model = Gpt2(**CONFIGS[a.config]).eval()
    weight_bytes = sum(t.numel() * t.element_size() for t in model.parameters())
    prompt = torch.randint(0, VOCAB, (1, a.prompt_tokens))
    with torch.inference_mode():
        model(prompt[:, :8], None)  # warm-up
        t0 = time.perf_counter()
        logits, past = model(prompt, None)
        prefill_s = time.perf_counter() - t0
        token = logits[0, -1].argmax().view(1, 1)
        steps = []
        ids = []
        for _ in range(a.new_tokens):
            t = time.perf_counter()
            logits, past = model(token, past)
            token = logits[0, -1].argmax().view(1, 1)
            steps.append(time.perf_counter() - t)
            ids.append(int(token))
    steps_ms = sorted(s * 1000 for s in steps)
    decode_s = sum(steps)

    def pct(q):
        return steps_ms[min(len(steps_ms) - 1, int(round(q * (len(steps_ms) - 1))))]

    print(json.dumps({
        "implementation": "python-eager-hf-style",
        "torch_version": torch.__version__,
        "config": a.config,
        "threads": torch.get_num_threads(),
        "prompt_tokens": a.prompt_tokens,
        "new_tokens": a.new_tokens,
        "prefill_tok_s": a.prompt_tokens / prefill_s,
        "decode_tok_s": a.new_tokens / decode_s,
        "ms_per_token_p50": pct(0.5),
        "ms_per_token_p95": pct(0.95),
        "weight_bytes": weight_bytes,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }, indent=2))


if __name__ == "__main__":
    main()
