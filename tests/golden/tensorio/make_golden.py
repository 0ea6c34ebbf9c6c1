#!/usr/bin/python3
# GENERATED-FILES SCRIPT: makes every file in tests/golden/tensorio/ (do not edit those by hand).
#
#   /usr/bin/python3 tests/golden/tensorio/make_golden.py
#   /usr/bin/python3 tests/golden/tensorio/make_golden.py --check OUT.safetensors REF.bin
#       (reads a safetensors file our writer made with an independent parser, compares with torch)
#
# Needs Debian's python3-torch (torch 1.13); the `python3` first on PATH has no torch. The
# safetensors files are written by hand (struct + json) following the format spec
# (https://github.com/huggingface/safetensors#format), because Python's `safetensors` package is
# not available here: 8-byte little-endian header length, JSON header with sorted keys and
# "__metadata__", padded with spaces to a multiple of 8, then the data, widest dtype first.
# That is also what persona::writeSafetensors writes, so the test compares our writer's output
# with good.safetensors byte for byte.
#
# Reference values (good_expected.json) come from torch itself: for each tensor its dtype, shape,
# strides, storage offset and the bytes of its elements in row-major order.
import collections
import io
import json
import os
import pickle
import shutil
import struct
import zipfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = {
    torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
    torch.uint8: "U8", torch.bool: "BOOL",
}

# The safetensors Dtype enum (BOOL, U8, I8, ..., I16, F16, BF16, I32, F32, F64, I64) descending.
DATA_ORDER = ["I64", "F64", "F32", "I32", "BF16", "F16", "I16", "I8", "U8", "BOOL"]


def out(*parts):
    path = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def write(path, data):
    with open(out(path), "wb") as f:
        f.write(data)


def raw_bytes(t):
    """The bytes of t's elements in row-major order, little-endian."""
    c = t.detach().contiguous().reshape(-1)
    if c.numel() == 0:
        return b""
    return c.view(torch.uint8).numpy().tobytes()


def good_state_dict():
    torch.manual_seed(0)
    sd = torch.nn.Linear(3, 2).state_dict()  # carries _metadata, as a module's state dict does
    sd["f16"] = torch.tensor([[0.5, -1.25, 65504.0], [1e-4, 0.0, -0.0]], dtype=torch.float16)
    sd["bf16"] = torch.tensor([1.0, -2.5, 3.14159, 1e30], dtype=torch.bfloat16)
    sd["f64"] = torch.tensor([1 / 3, -2.0], dtype=torch.float64)
    sd["i64"] = torch.tensor([[1, -2], [2**40, -(2**62)]], dtype=torch.int64)
    sd["i32"] = torch.tensor([7, -8, 2**31 - 1], dtype=torch.int32)
    sd["i16"] = torch.tensor([-32768, 12345], dtype=torch.int16)
    sd["i8"] = torch.tensor([-128, 127, 0], dtype=torch.int8)
    sd["u8"] = torch.tensor([0, 200, 255], dtype=torch.uint8)
    sd["bool"] = torch.tensor([True, False, True])
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    sd["tied_a"] = base                  # tied weights: two keys, one tensor
    sd["tied_b"] = base
    sd["transposed"] = base.t()          # a non-contiguous view of the same storage
    sd["row1"] = base[1]                 # storage offset 4
    sd["every_other"] = base[:, ::2]     # strides (4, 2)
    sd["scalar"] = torch.tensor(2.5)
    sd["empty"] = torch.zeros(0, 3)
    sd["param"] = torch.nn.Parameter(torch.tensor([1.0, 2.0]))  # _rebuild_parameter
    return sd


def expected_json(sd):
    tensors = {}
    for name, t in sd.items():
        tensors[name] = {
            "dtype": DTYPES[t.dtype],
            "shape": list(t.shape),
            "strides": list(t.stride()),
            "storage_offset": t.storage_offset(),
            "hex": raw_bytes(t).hex(),
            "values": [float(v) if t.is_floating_point() else int(v)
                       for v in t.detach().reshape(-1).tolist()],
        }
    shares = [["tied_a", "tied_b"], ["tied_a", "transposed"], ["tied_a", "row1"]]
    return {"tensors": tensors, "shares_storage": shares}


# ---- safetensors, by hand ---------------------------------------------------------------------

def safetensors_bytes(tensors, metadata=None, header_text=None):
    """tensors: {name: torch tensor}. Like HuggingFace's writer (and persona::writeSafetensors),
    the data goes widest dtype first, then by name, so each tensor is aligned to its element."""
    header, data, offset = {}, b"", 0
    for name in sorted(tensors, key=lambda n: (DATA_ORDER.index(DTYPES[tensors[n].dtype]), n)):
        t = tensors[name]
        b = raw_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(b)]}
        data += b
        offset += len(b)
    header["__metadata__"] = dict(metadata or {"format": "pt"})
    if header_text is None:
        header_text = json.dumps(header, sort_keys=True, separators=(",", ":"))
    text = header_text.encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


def raw_safetensors(header_text, data, length=None):
    text = header_text.encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text) if length is None else length) + text + data


def bad_safetensors():
    f32x2 = struct.pack("<2f", 1.0, 2.0)
    entry = '"dtype":"F32","shape":[2],"data_offsets":[0,8]'
    cases = {
        "truncated": b"\x10\x00\x00",
        "header_past_eof": raw_safetensors("{" + '"a":{' + entry + "}}", f32x2, length=1000),
        "header_huge": raw_safetensors("{}", b"", length=2**63),
        "range_outside": raw_safetensors(
            '{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}', f32x2),
        "overlap": raw_safetensors(
            '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},'
            '"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}', f32x2 + f32x2),
        "unknown_dtype": raw_safetensors(
            '{"a":{"dtype":"F8_E4M3","shape":[8],"data_offsets":[0,8]}}', f32x2),
        "shape_mismatch": raw_safetensors(
            '{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}', f32x2),
        "gap": raw_safetensors(
            '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
            '"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}', f32x2 + f32x2[:4]),
        "trailing_bytes": raw_safetensors("{" + '"a":{' + entry + "}}", f32x2 + b"polyglot"),
        "bad_json": raw_safetensors('{"a":{"dtype":"F32",', f32x2),
        "not_object": raw_safetensors('["a"]', f32x2),
        "negative_dim": raw_safetensors(
            '{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}', f32x2),
        "float_dim": raw_safetensors(
            '{"a":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}}', f32x2),
        "duplicate_name": raw_safetensors("{" + '"a":{' + entry + '},"a":{' + entry + "}}",
                                          f32x2),
        "metadata_not_string": raw_safetensors(
            '{"__metadata__":{"n":1},"a":{' + entry + "}}", f32x2),
        "missing_offsets": raw_safetensors('{"a":{"dtype":"F32","shape":[2]}}', f32x2),
        "offsets_reversed": raw_safetensors(
            '{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}', f32x2),
        "shape_overflow": raw_safetensors(
            '{"a":{"dtype":"F32","shape":[4611686018427387904,16],"data_offsets":[0,8]}}',
            f32x2),
        "dtype_not_string": raw_safetensors(
            '{"a":{"dtype":4,"shape":[2],"data_offsets":[0,8]}}', f32x2),
    }
    for name, data in cases.items():
        write(os.path.join("bad", name + ".safetensors"), data)


def sharded(sd):
    a = {k: sd[k].contiguous() for k in ("weight", "bias", "f16")}
    b = {k: sd[k].contiguous() for k in ("i64", "bool")}
    total = sum(len(raw_bytes(t)) for t in list(a.values()) + list(b.values()))

    def index(weight_map):
        return json.dumps({"metadata": {"total_size": total}, "weight_map": weight_map},
                          indent=2, sort_keys=True).encode()

    s1, s2 = "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"
    good_map = {**{k: s1 for k in a}, **{k: s2 for k in b}}
    folders = {
        "sharded": (good_map, a, b),
        # weight_map lists "i32" in shard 2, which does not hold it
        "sharded_bad/missing": ({**good_map, "i32": s2}, a, b),
        # "bias" is in both shards
        "sharded_bad/twice": (good_map, a, {**b, "bias": sd["bias"]}),
        # shard 2 holds "u8", which weight_map does not list
        "sharded_bad/unlisted": (good_map, a, {**b, "u8": sd["u8"]}),
        # a shard name that leaves the folder
        "sharded_bad/traversal": ({**good_map, "bool": "../" + s2}, a, b),
    }
    write("sharded_bad/empty/model.safetensors.index.json", index({}))
    for folder, (weight_map, first, second) in folders.items():
        write(os.path.join(folder, "model.safetensors.index.json"), index(weight_map))
        write(os.path.join(folder, s1), safetensors_bytes(first))
        write(os.path.join(folder, s2), safetensors_bytes(second))


# ---- PyTorch zip checkpoints ------------------------------------------------------------------

def torch_zip_records(obj):
    buf = io.BytesIO()
    torch.save(obj, buf)
    z = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    return collections.OrderedDict((i.filename, z.read(i.filename)) for i in z.infolist())


def make_zip(records, compression=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as z:
        for name, data in records.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data,
                       compress_type=compression)
    return buf.getvalue()


def make_zip64(records):
    """A STORED archive in ZIP64 form throughout (64-bit sizes and offsets in extra fields, the
    ZIP64 end-of-central-directory record and locator), as torch.save writes past 4 GB."""
    out, central = b"", b""
    for name, data in records.items():
        crc, n = zipfile.crc32(data) & 0xFFFFFFFF, name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 0, 0, 0x21, crc, 0xFFFFFFFF,
                           0xFFFFFFFF, len(n), 20) + n
        out += struct.pack("<HHQQ", 1, 16, len(data), len(data)) + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 0, 0, 0x21, crc,
                               0xFFFFFFFF, 0xFFFFFFFF, len(n), 28, 0, 0, 0, 0, 0xFFFFFFFF) + n
        central += struct.pack("<HHQQQ", 1, 24, len(data), len(data), offset)
    cd_offset, eocd64_offset = len(out), len(out) + len(central)
    out += central
    out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(records), len(records),
                       len(central), cd_offset)
    out += struct.pack("<IIQI", 0x07064B50, 0, eocd64_offset, 1)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return out


def with_pickle(pkl, extra=None):
    records = collections.OrderedDict([("archive/data.pkl", pkl), ("archive/version", b"3\n")])
    records.update(extra or {})
    return make_zip(records)


class Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


def bad_bins(good_records, good_file):
    write("bad/truncated.bin", good_file[: len(good_file) // 2])
    buf = io.BytesIO()
    torch.save(good_state_dict(), buf, _use_new_zipfile_serialization=False)
    write("bad/legacy.bin", buf.getvalue())
    # GLOBAL 'os system', 'echo pwned', TUPLE1, REDUCE, STOP: the textbook malicious pickle.
    write("bad/os_system.bin",
          with_pickle(b"\x80\x02cos\nsystem\nq\x00X\x0a\x00\x00\x00echo pwnedq\x01\x85R."))
    # What pickle.dumps makes of an object whose __reduce__ returns os.system (posix.system).
    write("bad/reduce_evil.bin", with_pickle(pickle.dumps(Evil(), protocol=2)))
    # builtins.eval through protocol 4's STACK_GLOBAL.
    write("bad/builtins_eval.bin",
          with_pickle(b"\x80\x04\x8c\x08builtins\x8c\x04eval\x93\x8c\x011\x85R."))
    # INST: an opcode a state dict never uses.
    write("bad/inst_opcode.bin", with_pickle(b"(i__main__\nThing\n."))
    write("bad/compressed.bin", make_zip(good_records, zipfile.ZIP_DEFLATED))
    prefix = next(n for n in good_records if n.endswith("/data.pkl"))[: -len("/data.pkl")]
    big = collections.OrderedDict(good_records)
    big[prefix + "/byteorder"] = b"big"
    write("bad/big_endian.bin", make_zip(big))
    missing = collections.OrderedDict(
        (k, v) for k, v in good_records.items() if k != prefix + "/data/0")
    write("bad/missing_record.bin", make_zip(missing))
    short = collections.OrderedDict(good_records)
    short[prefix + "/data/0"] = short[prefix + "/data/0"][:4]
    write("bad/short_record.bin", make_zip(short))
    no_pkl = collections.OrderedDict(
        (k, v) for k, v in good_records.items() if not k.endswith("data.pkl"))
    write("bad/no_data_pkl.bin", make_zip(no_pkl))
    write("bad/not_state_dict.bin", make_zip(torch_zip_records([torch.ones(2)])))
    write("bad/not_a_tensor.bin",
          make_zip(torch_zip_records(collections.OrderedDict(w=torch.ones(2), epoch=3))))
    # A view that claims 3 x 4 elements of a 4-element storage.
    view = (b"\x80\x02}(X\x01\x00\x00\x00wctorch._utils\n_rebuild_tensor_v2\n"
            b"((X\x07\x00\x00\x00storagectorch\nFloatStorage\nX\x01\x00\x00\x000"
            b"X\x03\x00\x00\x00cpuK\x04tQK\x00K\x03K\x04\x86K\x04K\x01\x86\x89"
            b"ccollections\nOrderedDict\n)RtRu.")
    write("bad/view_out_of_bounds.bin",
          with_pickle(view, {"archive/data/0": struct.pack("<4f", 1, 2, 3, 4)}))
    # The same pickle with a 12-element storage is fine: proves the hand-made pickle is valid.
    write("view_ok.bin", with_pickle(view.replace(b"K\x04tQ", b"K\x0ctQ"),
                                     {"archive/data/0": struct.pack("<12f", *range(12))}))


def main():
    for stale in ("bad", "sharded", "sharded_bad"):
        shutil.rmtree(os.path.join(HERE, stale), ignore_errors=True)
    sd = good_state_dict()
    torch.save(sd, out("good.bin"))
    # Protocol 4 brings FRAME, MEMOIZE, SHORT_BINUNICODE and STACK_GLOBAL.
    torch.save(sd, out("good_protocol4.bin"), pickle_protocol=4)
    with open(out("good.bin"), "rb") as f:
        good_file = f.read()
    with open(out("good_expected.json"), "w") as f:
        json.dump(expected_json(sd), f, indent=1, sort_keys=True)
        f.write("\n")
    write("good.safetensors", safetensors_bytes({k: v.contiguous() for k, v in sd.items()}))
    bad_safetensors()
    sharded(sd)
    bad_bins(torch_zip_records(sd), good_file)
    write("good_zip64.bin", make_zip64(torch_zip_records(sd)))
    # The golden .bin files load back in torch with weights_only (plain state dicts), and torch's
    # own reader accepts the hand-made ZIP64 archive.
    # (torch 1.13's weights_only unpickler does not know protocol 4's FRAME: that one loads
    # unrestricted, which is safe for a file this script just wrote.)
    for name in ("good.bin", "good_protocol4.bin", "good_zip64.bin"):
        loaded = torch.load(out(name), weights_only=name != "good_protocol4.bin")
        assert list(loaded) == list(sd) and all(torch.equal(loaded[k], sd[k]) for k in sd), name


def check(safetensors_path, reference_path):
    """Reads a safetensors file (e.g. persona::writeSafetensors' output) with an independent
    parser and compares every tensor with a torch.save checkpoint; lm_head.weight-style aliases
    absent from the safetensors file are skipped."""
    names = {v: k for k, v in DTYPES.items()}
    with open(safetensors_path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    assert blob[8:8 + n].rstrip(b" ").endswith(b"}") and (8 + n) % 8 == 0
    data = blob[8 + n:]
    reference = torch.load(reference_path, weights_only=True)
    checked = 0
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        t = torch.frombuffer(bytearray(data[begin:end]) or bytearray(1), dtype=torch.uint8)
        t = t[: end - begin].view(names[info["dtype"]]).reshape(info["shape"])
        assert torch.equal(t, reference[name]), name
        checked += 1
    print(f"{safetensors_path}: {checked} tensors equal to {reference_path}; "
          f"metadata {header.get('__metadata__')}")


if __name__ == "__main__":
    import sys
    if len(sys.argv) == 4 and sys.argv[1] == "--check":
        check(sys.argv[2], sys.argv[3])  # make_golden.py --check out.safetensors ref.bin
    else:
        main()
