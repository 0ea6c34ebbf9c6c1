#!/usr/bin/python3
# Writes the GGUF fixtures of tests/core/tensorio (gguf_reader_test) and tests/core/quant with
# llama.cpp's OWN code: the libggml-base.so that node-llama-cpp ships (tests/node, installed by
# packaging/install-node-refs.sh), called through ctypes: its GGUF writer (gguf_write_to_file), its
# quantizers (ggml_quantize_chunk, the *_ref row quantizers) and its dequantizers
# (dequantize_row_*). Nothing of Persona Studio's engine runs here, so the fixtures are an
# independent reference for our reader, dequantizers and quantizers.
#
#   /usr/bin/python3 tests/golden/tensorio/gguf/make_fixtures.py
#
# Output (generated, committed): llamacpp_types.gguf, llamacpp_types.json.
import ctypes, json, os, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../../../.."))
LIB = os.path.join(ROOT, "tests/node/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libggml-base.so")
if not os.path.exists(LIB):
    LIB = "/work/main/tests/node/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libggml-base.so"
g = ctypes.CDLL(LIB)

class GgmlInitParams(ctypes.Structure):
    _fields_ = [("mem_size", ctypes.c_size_t), ("mem_buffer", ctypes.c_void_p), ("no_alloc", ctypes.c_bool)]

class GgufInitParams(ctypes.Structure):
    _fields_ = [("no_alloc", ctypes.c_bool), ("ctx", ctypes.c_void_p)]

vp, cp, i64, sz = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int64, ctypes.c_size_t
g.gguf_init_empty.restype = vp
g.ggml_init.restype = vp
g.ggml_init.argtypes = [GgmlInitParams]
g.ggml_new_tensor_2d.restype = vp
g.ggml_new_tensor_2d.argtypes = [vp, ctypes.c_int, i64, i64]
g.ggml_set_name.restype = vp
g.ggml_set_name.argtypes = [vp, cp]
g.gguf_add_tensor.argtypes = [vp, vp]
g.gguf_set_tensor_data.argtypes = [vp, cp, vp]
g.gguf_write_to_file.argtypes = [vp, cp, ctypes.c_bool]
g.gguf_write_to_file.restype = ctypes.c_bool
g.gguf_init_from_file.restype = vp
g.gguf_init_from_file.argtypes = [cp, GgufInitParams]
g.gguf_get_data_offset.restype = sz
g.gguf_get_data_offset.argtypes = [vp]
g.gguf_get_n_tensors.restype = i64
g.gguf_get_n_tensors.argtypes = [vp]
g.gguf_get_tensor_offset.restype = sz
g.gguf_get_tensor_offset.argtypes = [vp, i64]
g.gguf_get_tensor_name.restype = cp
g.gguf_get_tensor_name.argtypes = [vp, i64]
g.gguf_get_alignment.restype = sz
g.gguf_get_alignment.argtypes = [vp]
g.ggml_quantize_chunk.restype = sz
g.ggml_quantize_chunk.argtypes = [ctypes.c_int, vp, vp, i64, i64, i64, vp]
g.ggml_row_size.restype = sz
g.ggml_row_size.argtypes = [ctypes.c_int, i64]
for name, t in [("u8", ctypes.c_uint8), ("i8", ctypes.c_int8), ("u16", ctypes.c_uint16), ("i16", ctypes.c_int16),
                ("u32", ctypes.c_uint32), ("i32", ctypes.c_int32), ("f32", ctypes.c_float), ("u64", ctypes.c_uint64),
                ("i64", ctypes.c_int64), ("f64", ctypes.c_double), ("bool", ctypes.c_bool), ("str", cp)]:
    getattr(g, "gguf_set_val_" + name).argtypes = [vp, cp, t]
g.gguf_set_arr_data.argtypes = [vp, cp, ctypes.c_int, vp, sz]
g.gguf_set_arr_str.argtypes = [vp, cp, ctypes.POINTER(cp), sz]

TYPES = {"f32": 0, "f16": 1, "q4_0": 2, "q4_1": 3, "q5_0": 6, "q5_1": 7, "q8_0": 8,
         "q4_K": 12, "q5_K": 13, "q6_K": 14, "bf16": 30}
DEQUANT = {"q4_0": "dequantize_row_q4_0", "q4_1": "dequantize_row_q4_1", "q5_0": "dequantize_row_q5_0",
           "q5_1": "dequantize_row_q5_1", "q8_0": "dequantize_row_q8_0", "q4_K": "dequantize_row_q4_K",
           "q5_K": "dequantize_row_q5_K", "q6_K": "dequantize_row_q6_K",
           "f16": "ggml_fp16_to_fp32_row", "bf16": "ggml_bf16_to_fp32_row"}
N_PER_ROW, ROWS = 512, 3

def source():
    rng = np.random.default_rng(20261208)
    x = rng.standard_normal((ROWS, N_PER_ROW)).astype(np.float32) * 0.05
    x[1] *= 20.0                      # a row at another scale
    x[2, ::37] = rng.standard_normal(x[2, ::37].shape) * 2.0  # outliers, as real weights have
    x[0, 256:288] = 0.0               # an all-zero sub-block
    return np.ascontiguousarray(x)

def quantize(tname, src):
    t = TYPES[tname]
    if tname == "f32":
        return src.tobytes()
    out = ctypes.create_string_buffer(g.ggml_row_size(t, N_PER_ROW) * ROWS)
    n = g.ggml_quantize_chunk(t, src.ctypes.data, out, 0, ROWS, N_PER_ROW, None)
    return out.raw[:n]

def dequantize(tname, data):
    if tname == "f32":
        return np.frombuffer(data, dtype=np.float32).copy()
    out = np.zeros(ROWS * N_PER_ROW, dtype=np.float32)
    fn = getattr(g, DEQUANT[tname])
    fn.argtypes = [vp, vp, i64]
    buf = ctypes.create_string_buffer(data, len(data))
    fn(buf, out.ctypes.data, ROWS * N_PER_ROW)
    return out

def add_metadata(ctx, meta):
    k = lambda s: s.encode()
    # No general.alignment here: this libggml pads tensors by its default 32 when writing even when
    # the key says otherwise, then refuses its own file. Other alignments are tested with our writer.
    g.gguf_set_val_str(ctx, k("general.architecture"), k("fixture"))
    g.gguf_set_val_str(ctx, k("general.name"), k("Тестовый файл llama.cpp"))
    scalars = [("u8", "test.u8", 200), ("i8", "test.i8", -100), ("u16", "test.u16", 60000), ("i16", "test.i16", -30000),
               ("u32", "test.u32", 4000000000), ("i32", "test.i32", -2000000000), ("f32", "test.f32", 0.15625),
               ("u64", "test.u64", 2**63 + 5), ("i64", "test.i64", -(2**62)), ("f64", "test.f64", 1e-300),
               ("bool", "test.bool", True)]
    for t, key, v in scalars:
        getattr(g, "gguf_set_val_" + t)(ctx, k(key), v)
        meta.append({"key": key, "type": {"u8": "uint8", "i8": "int8", "u16": "uint16", "i16": "int16", "u32": "uint32",
                                          "i32": "int32", "f32": "float32", "u64": "uint64", "i64": "int64",
                                          "f64": "float64", "bool": "bool"}[t], "value": v})
    ints = np.array([1, -2, 3, 2**31 - 1], dtype=np.int32)
    g.gguf_set_arr_data(ctx, k("test.int32s"), 5, ints.ctypes.data, len(ints))
    floats = np.array([0.5, -1.25, 3e38], dtype=np.float32)
    g.gguf_set_arr_data(ctx, k("test.float32s"), 6, floats.ctypes.data, len(floats))
    strs = ["привет", "", "mixed Ünïcode ✓", "a" * 300]
    arr = (cp * len(strs))(*[s.encode() for s in strs])
    g.gguf_set_arr_str(ctx, k("test.strings"), arr, len(strs))
    meta += [{"key": "test.int32s", "type": "array", "elem": "int32", "value": ints.tolist()},
             {"key": "test.float32s", "type": "array", "elem": "float32", "value": [float(x) for x in floats]},
             {"key": "test.strings", "type": "array", "elem": "string", "value": strs},
             {"key": "general.name", "type": "string", "value": "Тестовый файл llama.cpp"}]

def main():
    src = source()
    ctx = g.gguf_init_empty()
    meta = []
    add_metadata(ctx, meta)
    gctx = g.ggml_init(GgmlInitParams(64 << 20, None, False))
    keep = []
    def add(name, tname, data):
        t = g.ggml_new_tensor_2d(gctx, TYPES[tname], N_PER_ROW, ROWS)
        g.ggml_set_name(t, name.encode())
        g.gguf_add_tensor(ctx, t)
        buf = ctypes.create_string_buffer(data, len(data))
        keep.append(buf)
        g.gguf_set_tensor_data(ctx, name.encode(), buf)
    add("src", "f32", src.tobytes())
    for tname in TYPES:
        if tname == "f32":
            continue
        q = quantize(tname, src)
        add("w." + tname, tname, q)
        add("ref." + tname, "f32", dequantize(tname, q).tobytes())
    path = os.path.join(HERE, "llamacpp_types.gguf")
    assert g.gguf_write_to_file(ctx, path.encode(), False)
    # Read back with llama.cpp's reader: the offsets it computes are what ours must find.
    rctx = g.gguf_init_from_file(path.encode(), GgufInitParams(True, None))
    assert rctx
    tensors = [{"name": g.gguf_get_tensor_name(rctx, i).decode(), "offset": g.gguf_get_tensor_offset(rctx, i)}
               for i in range(g.gguf_get_n_tensors(rctx))]
    info = {"generated_by": "tests/golden/tensorio/gguf/make_fixtures.py (llama.cpp libggml-base via ctypes)",
            "alignment": g.gguf_get_alignment(rctx), "data_offset": g.gguf_get_data_offset(rctx),
            "n_per_row": N_PER_ROW, "rows": ROWS, "metadata": meta, "tensors": tensors,
            "types": {t: v for t, v in TYPES.items()}}
    with open(os.path.join(HERE, "llamacpp_types.json"), "w") as f:
        json.dump(info, f, ensure_ascii=False, indent=1)
    print("wrote", path, os.path.getsize(path), "bytes,", len(tensors), "tensors")

main()
