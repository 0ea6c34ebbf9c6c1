#!/usr/bin/python3
"""Turns the JSON documents written by run_all.sh into the markdown tables of docs/PERFORMANCE.md.

Medians over the repeats; the peer ratio is our median decode tokens/s over the peer's, for the
same config and threads.
"""
import glob
import json
import os
import re
import statistics
import sys


def load(folder):
    runs = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        name = os.path.basename(path)
        key = re.sub(r"-r\d+\.json$", "", name)
        with open(path) as f:
            runs.setdefault(key, []).append(json.load(f))
    return runs


def med(docs, field):
    values = [d[field] for d in docs if field in d]
    return statistics.median(values) if values else float("nan")


def main():
    folder = sys.argv[1]
    runs = load(folder)
    machine = open(os.path.join(folder, "machine.txt")).read().strip()
    print("```\n" + machine + "\n```\n")
    print("| config | threads | implementation | prefill tok/s | decode tok/s | ms/token p50 | p95 "
          "| bandwidth GB/s | roofline tok/s | of roofline | peak RSS MiB | vs peer | runs |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    rows = []
    for key, docs in runs.items():
        m = re.match(r"(decode|peer)-(gpt2(?:-medium)?)-(?:(auto|torch|generic)-)?t(\d+)$", key)
        if not m:
            continue
        kind, config, kernel, threads = m.groups()
        rows.append((config, int(threads), kind != "peer", kernel or "", key, docs))
    rows.sort(key=lambda r: (r[0], r[1], not r[2], r[3]))
    for config, threads, ours, kernel, key, docs in rows:
        peer = runs.get(f"peer-{config}-t{threads}")
        decode = med(docs, "decode_tok_s")
        if ours:
            isa = docs[0].get("kernel_isa", "")
            name = {"auto": f"persona fused step ({isa})", "generic": "persona fused step (generic C++)",
                    "torch": "persona, torch ops (forward + lmHead)"}[kernel]
            ratio = f"{decode / med(peer, 'decode_tok_s'):.2f}x" if peer else ""
            bw = f"{med(docs, 'bandwidth_GBs'):.1f}"
            roof = f"{med(docs, 'roofline_tok_s'):.1f}"
            frac = f"{med(docs, 'roofline_ratio') * 100:.0f}%"
        else:
            name, ratio, bw, roof, frac = "Python peer (eager, HF-style cache)", "1.00x", "", "", ""
        print(f"| {config} | {threads} | {name} | {med(docs, 'prefill_tok_s'):.0f} | {decode:.1f} "
              f"| {med(docs, 'ms_per_token_p50'):.1f} | {med(docs, 'ms_per_token_p95'):.1f} | {bw} | {roof} "
              f"| {frac} | {med(docs, 'peak_rss_bytes') / 2**20:.0f} | {ratio} | {len(docs)} |")
    allocs = [d.get("torch_allocations_during_decode") for k, v in runs.items() if "-auto-" in k for d in v]
    allocs = [a for a in allocs if a is not None]
    if allocs:
        print(f"\nlibtorch CPU allocations during the timed decode steps of the fused runs: "
              f"max {max(allocs)} over {len(allocs)} runs.")
    print()
    header = False
    encoder = ""
    for key, docs in sorted(runs.items()):
        if not key.startswith("retrieval"):
            continue
        d = docs[0]
        if not header:
            print("| facts | dim | storage | threads | top-k | query ms p50 | query ms p95 | scan GB/s "
                  "| encode facts/s | runs |")
            print("|---|---|---|---|---|---|---|---|---|---|")
            header = True
        print(f"| {d['facts']} | {d['dim']} | {d.get('storage', 'f32')} | {d['threads']} | {d['top_k']} "
              f"| {med(docs, 'query_ms_p50'):.2f} | {med(docs, 'query_ms_p95'):.2f} | {med(docs, 'scan_GBs'):.1f} "
              f"| {med(docs, 'encode_facts_per_s'):.0f} | {len(docs)} |")
        encoder = d["encoder"]
    if encoder:
        print(f"\nEncoder: {encoder}.")


if __name__ == "__main__":
    main()
