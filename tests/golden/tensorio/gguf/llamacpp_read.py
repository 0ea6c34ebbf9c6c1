#!/usr/bin/python3
# Reads a GGUF file with llama.cpp's own reader (gguf_init_from_file of the libggml-base.so that
# node-llama-cpp ships, through ctypes) and prints what it found as JSON, or {"error": ...} when
# llama.cpp refuses the file. Used by tests/core/tensorio/gguf_reader_test.cpp to check that files
# our GgufWriter writes are files llama.cpp reads.
#   llamacpp_read.py LIBGGML_BASE FILE
import ctypes, json, sys

lib_path, path = sys.argv[1], sys.argv[2]
g = ctypes.CDLL(lib_path)

class Params(ctypes.Structure):
    _fields_ = [("no_alloc", ctypes.c_bool), ("ctx", ctypes.c_void_p)]

vp, i64 = ctypes.c_void_p, ctypes.c_int64
g.gguf_init_from_file.restype = vp
g.gguf_init_from_file.argtypes = [ctypes.c_char_p, Params]
for name, res in [("gguf_get_version", ctypes.c_uint32), ("gguf_get_alignment", ctypes.c_size_t),
                  ("gguf_get_data_offset", ctypes.c_size_t), ("gguf_get_n_kv", i64), ("gguf_get_n_tensors", i64)]:
    getattr(g, name).restype = res
    getattr(g, name).argtypes = [vp]
for name, res in [("gguf_get_key", ctypes.c_char_p), ("gguf_get_kv_type", ctypes.c_int),
                  ("gguf_get_tensor_name", ctypes.c_char_p), ("gguf_get_tensor_offset", ctypes.c_size_t),
                  ("gguf_get_tensor_type", ctypes.c_int), ("gguf_get_tensor_size", ctypes.c_size_t),
                  ("gguf_get_arr_n", ctypes.c_size_t), ("gguf_get_arr_type", ctypes.c_int),
                  ("gguf_get_val_str", ctypes.c_char_p), ("gguf_get_val_u32", ctypes.c_uint32)]:
    getattr(g, name).restype = res
    getattr(g, name).argtypes = [vp, i64]

ctx = g.gguf_init_from_file(path.encode(), Params(True, None))
if not ctx:
    print(json.dumps({"error": "llama.cpp refused the file"}))
    sys.exit(0)
kv = []
for i in range(g.gguf_get_n_kv(ctx)):
    entry = {"key": g.gguf_get_key(ctx, i).decode(), "type": g.gguf_get_kv_type(ctx, i)}
    if entry["type"] == 9:
        entry["elem"] = g.gguf_get_arr_type(ctx, i)
        entry["n"] = g.gguf_get_arr_n(ctx, i)
    elif entry["type"] == 8:
        entry["value"] = g.gguf_get_val_str(ctx, i).decode()
    elif entry["type"] == 4:
        entry["value"] = g.gguf_get_val_u32(ctx, i)
    kv.append(entry)
tensors = [{"name": g.gguf_get_tensor_name(ctx, i).decode(), "type": g.gguf_get_tensor_type(ctx, i),
            "offset": g.gguf_get_tensor_offset(ctx, i), "size": g.gguf_get_tensor_size(ctx, i)}
           for i in range(g.gguf_get_n_tensors(ctx))]
print(json.dumps({"version": g.gguf_get_version(ctx), "alignment": g.gguf_get_alignment(ctx),
                  "data_offset": g.gguf_get_data_offset(ctx), "kv": kv, "tensors": tensors}, ensure_ascii=False))
