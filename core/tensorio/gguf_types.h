// The ggml tensor types a GGUF file can name, with their block sizes (ggml-common.h / ggml.c's
// type_traits), and the GGUF metadata value types (docs/gguf.md of ggml). Used by the reader to
// size tensors before touching their bytes, and by core/model to pick a kernel.
#pragma once

#include <cstdint>
#include <string>

namespace persona::tensorio {

// The values llama.cpp writes (enum ggml_type). Only the ones listed in ggmlTypeTraits() are
// known; 4 and 5 (the removed Q4_2/Q4_3) and anything else are refused by the reader.
enum class GgmlType : uint32_t {
    F32 = 0, F16 = 1, Q4_0 = 2, Q4_1 = 3, Q5_0 = 6, Q5_1 = 7, Q8_0 = 8, Q8_1 = 9,
    Q2_K = 10, Q3_K = 11, Q4_K = 12, Q5_K = 13, Q6_K = 14, Q8_K = 15,
    IQ2_XXS = 16, IQ2_XS = 17, IQ3_XXS = 18, IQ1_S = 19, IQ4_NL = 20, IQ3_S = 21, IQ2_S = 22,
    IQ4_XS = 23, I8 = 24, I16 = 25, I32 = 26, I64 = 27, F64 = 28, IQ1_M = 29, BF16 = 30,
    TQ1_0 = 34, TQ2_0 = 35, MXFP4 = 39, NVFP4 = 40, Q1_0 = 41, Q2_0 = 42,
};

struct GgmlTypeTraits {
    GgmlType type;
    const char* name;      // as ggml prints it: "q4_K", "f16", ...
    uint32_t blockElems;   // weights per block (1 for plain types)
    uint32_t blockBytes;   // bytes per block
    bool decodable;        // core/model has a dequantizer and a row kernel for it
};

// nullptr for a value that is no ggml type we know.
const GgmlTypeTraits* ggmlTypeTraits(uint32_t type);
const GgmlTypeTraits& ggmlTypeTraits(GgmlType type);
const char* ggmlTypeName(GgmlType type);
// "f16" -> F16, "q8_0" -> Q8_0, "q4_k" / "q4_K" -> Q4_K, ...; false when unknown.
bool ggmlTypeFromName(const std::string& name, GgmlType* out);

// GGUF metadata value types (gguf_type).
enum class GgufValueType : uint32_t {
    U8 = 0, I8 = 1, U16 = 2, I16 = 3, U32 = 4, I32 = 5, F32 = 6, Bool = 7, String = 8,
    Array = 9, U64 = 10, I64 = 11, F64 = 12,
};
inline constexpr uint32_t kGgufValueTypeCount = 13;

// "uint32", "string", "array", ...; "type N" for values past the enum.
std::string ggufValueTypeName(uint32_t type);
// Bytes of one scalar of the type; 0 for String and Array (variable).
uint32_t ggufScalarSize(GgufValueType type);

}  // namespace persona::tensorio
