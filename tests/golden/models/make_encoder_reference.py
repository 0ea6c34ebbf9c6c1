#!/usr/bin/python3
# GENERATED-FILE MAKER (issue 28): writes tiny random-weight sentence-transformers folders in the
# layouts people use for Russian retrieval, and what each must output, under
# tests/fixtures/models/encoders/. Run with Debian's python3-torch:
#   /usr/bin/python3 tests/golden/models/make_encoder_reference.py
#
# Independence: no code shared with core/. Written from HuggingFace's modelling code
# (modeling_bert.py BertModel; modeling_roberta.py / modeling_xlm_roberta.py, whose embeddings take
# position ids from create_position_ids_from_input_ids: cumsum(input_ids != padding_idx) * mask +
# padding_idx, and have one token type) and sentence-transformers' models/Pooling.py (cls; mean
# over the attention mask; max with padding set to -1e9; lasttoken = the last attended token) and
# Normalize.py (L2). Plain torch.nn.functional, a padded batch with an additive finfo.min mask, as
# HF runs it. Tokenization: a WordPiece vocab.txt and texts of whole vocabulary words only, so
# the ids are the words' line numbers between [CLS] and [SEP] (what BERT's tokenizer gives).
import json
import math
import os
import sys
from collections import OrderedDict

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "fixtures", "models", "encoders"))

VOCAB = ["[CLS]", "[PAD]", "[SEP]", "[UNK]", "[MASK]", "query", "passage", ":", "я", "живу", "в", "москве",
         "учусь", "итмо", "люблю", "футбол", "мне", "нравится", "машинное", "обучение", "где", "ты", "чем",
         "кошка", "у", "меня", "есть", "the", "fox", "runs"]
CLS, PAD, SEP = 0, 1, 2
FACTS = ["я живу в москве", "я учусь в итмо", "мне нравится машинное обучение", "у меня есть кошка", "fox"]
CONTEXT = "где ты учишься"  # "учишься" is not in the vocabulary: [UNK]

sys.path.insert(0, HERE)
from make_reference import bert_params, write_safetensors  # noqa: E402  (the BERT weight layout, the safetensors writer)


def params(cfg, gen):
    p = bert_params(cfg, gen)
    del p["pooler.dense.weight"], p["pooler.dense.bias"]  # sentence-transformers encoders: no pooler
    return p


def forward(p, cfg, ids, mask):
    """ids, mask: (B, T) long. Returns last_hidden_state (B, T, H)."""
    H, NH, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
    B, T = ids.shape
    hd = H // NH
    if cfg["model_type"] in ("roberta", "xlm-roberta"):
        pad = cfg["pad_token_id"]
        real = ids.ne(pad).long()
        pos = torch.cumsum(real, dim=1) * real + pad
    else:
        pos = torch.arange(T).unsqueeze(0).expand(B, T)
    x = p["embeddings.word_embeddings.weight"][ids] + p["embeddings.position_embeddings.weight"][pos] \
        + p["embeddings.token_type_embeddings.weight"][torch.zeros_like(ids)]
    x = F.layer_norm(x, (H,), p["embeddings.LayerNorm.weight"], p["embeddings.LayerNorm.bias"], eps)
    add = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min  # (B, 1, 1, T)
    for i in range(cfg["num_hidden_layers"]):
        b = f"encoder.layer.{i}."
        lin = lambda t, n: F.linear(t, p[b + n + ".weight"], p[b + n + ".bias"])
        q = lin(x, "attention.self.query").view(B, T, NH, hd).transpose(1, 2)
        k = lin(x, "attention.self.key").view(B, T, NH, hd).transpose(1, 2)
        v = lin(x, "attention.self.value").view(B, T, NH, hd).transpose(1, 2)
        a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(hd) + add, dim=-1) @ v
        a = a.transpose(1, 2).reshape(B, T, H)
        x = F.layer_norm(lin(a, "attention.output.dense") + x, (H,), p[b + "attention.output.LayerNorm.weight"],
                         p[b + "attention.output.LayerNorm.bias"], eps)
        h = F.gelu(lin(x, "intermediate.dense"))
        x = F.layer_norm(lin(h, "output.dense") + x, (H,), p[b + "output.LayerNorm.weight"], p[b + "output.LayerNorm.bias"], eps)
    return x


def pool(x, mask, mode):
    m = mask.unsqueeze(-1).float()
    if mode == "cls":
        return x[:, 0]
    if mode == "mean":
        return (x * m).sum(1) / m.sum(1).clamp(min=1e-9)
    if mode == "max":
        return x.masked_fill(m == 0, -1e9).max(1).values
    if mode == "lasttoken":
        last = mask.sum(1) - 1
        return x[torch.arange(x.shape[0]), last]
    raise ValueError(mode)


def tokenize(text):
    return [CLS] + [VOCAB.index(w) if w in VOCAB else VOCAB.index("[UNK]") for w in text.replace(":", " : ").split()] + [SEP]


def batch(texts):
    rows = [tokenize(t) for t in texts]
    T = max(len(r) for r in rows)
    ids = torch.full((len(rows), T), PAD, dtype=torch.long)
    mask = torch.zeros((len(rows), T), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = torch.tensor(r)
        mask[i, :len(r)] = 1
    return ids, mask


LAYOUTS = [
    # name, model_type, pooling, normalize, prompts, weights file, key prefix, extra keys
    ("tiny-e5", "xlm-roberta", "mean", True, {"query": "query: ", "passage": "passage: "}, "safetensors", ""),
    ("tiny-roberta-cls", "roberta", "cls", False, None, "bin", "roberta."),
    ("tiny-labse-max", "bert", "max", True, None, "safetensors", "bert."),
    ("tiny-bert-lasttoken", "bert", "lasttoken", False, None, "bin", ""),
]


def main():
    gen = torch.Generator().manual_seed(20261208)
    refs = {}
    for name, mtype, mode, normalize, prompts, fmt, prefix in LAYOUTS:
        roberta = mtype != "bert"
        cfg = {"model_type": mtype, "architectures": [{"bert": "BertModel", "roberta": "RobertaModel", "xlm-roberta": "XLMRobertaModel"}[mtype]],
               "hidden_size": 16, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 24,
               "max_position_embeddings": 24 + (PAD + 1 if roberta else 0), "type_vocab_size": 1 if roberta else 2,
               "vocab_size": len(VOCAB), "layer_norm_eps": 1e-5 if roberta else 1e-12, "hidden_act": "gelu",
               "pad_token_id": PAD}
        p = params(cfg, gen)
        d = os.path.join(OUT, name)
        os.makedirs(os.path.join(d, "1_Pooling"), exist_ok=True)
        json.dump(cfg, open(os.path.join(d, "config.json"), "w"), indent=2)
        stored = OrderedDict((prefix + k, v) for k, v in p.items())
        if roberta and prefix:  # a RobertaForMaskedLM checkpoint: its head is known and not loaded
            stored["lm_head.dense.weight"] = torch.zeros(4, 4)
        if fmt == "safetensors":
            write_safetensors(os.path.join(d, "model.safetensors"), stored, {"format": "pt"})
        else:
            stored[prefix + "embeddings.position_ids"] = torch.arange(cfg["max_position_embeddings"]).view(1, -1)
            torch.save(stored, os.path.join(d, "pytorch_model.bin"))
        with open(os.path.join(d, "vocab.txt"), "w") as f:
            f.write("\n".join(VOCAB) + "\n")
        json.dump({"do_lower_case": True}, open(os.path.join(d, "tokenizer_config.json"), "w"))
        modules = [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                   {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]
        if normalize:
            modules.append({"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"})
            os.makedirs(os.path.join(d, "2_Normalize"), exist_ok=True)
        json.dump(modules, open(os.path.join(d, "modules.json"), "w"), indent=2)
        flags = {"word_embedding_dimension": 16, "pooling_mode_cls_token": mode == "cls",
                 "pooling_mode_mean_tokens": mode == "mean", "pooling_mode_max_tokens": mode == "max",
                 "pooling_mode_mean_sqrt_len_tokens": False, "pooling_mode_lasttoken": mode == "lasttoken"}
        json.dump(flags, open(os.path.join(d, "1_Pooling", "config.json"), "w"), indent=2)
        st = {"similarity_fn_name": "cosine"}
        if prompts:
            st["prompts"] = prompts
        json.dump(st, open(os.path.join(d, "config_sentence_transformers.json"), "w"), indent=2)

        qp = prompts["query"] if prompts else ""
        fp = prompts["passage"] if prompts else ""
        ids, mask = batch([fp + t for t in FACTS])
        facts = pool(forward(p, cfg, ids, mask), mask, mode)
        cids, cmask = batch([qp + CONTEXT])
        context = pool(forward(p, cfg, cids, cmask), cmask, mode)
        if normalize:
            facts, context = F.normalize(facts, dim=-1), F.normalize(context, dim=-1)
        refs[name] = {"model_type": mtype, "pooling": mode, "normalize": normalize, "facts": FACTS, "context": CONTEXT,
                      "fact_ids": ids.tolist(), "fact_vectors": facts.tolist(), "context_vector": context[0].tolist(),
                      "last_hidden_state": forward(p, cfg, ids, mask).tolist()}
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(refs, f)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
