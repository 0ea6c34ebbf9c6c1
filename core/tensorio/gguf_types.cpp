#include "tensorio/gguf_types.h"

#include <array>
#include <cctype>

namespace persona::tensorio {

namespace {

// Block sizes from ggml-common.h (QK_K = 256), checked against ggml_type_size/ggml_blck_size of
// the libggml-base that node-llama-cpp 3.22.1 ships; `decodable` marks the types core/model runs.
constexpr std::array<GgmlTypeTraits, 35> kTraits{{
    {GgmlType::F32, "f32", 1, 4, true},
    {GgmlType::F16, "f16", 1, 2, true},
    {GgmlType::Q4_0, "q4_0", 32, 18, true},
    {GgmlType::Q4_1, "q4_1", 32, 20, true},
    {GgmlType::Q5_0, "q5_0", 32, 22, true},
    {GgmlType::Q5_1, "q5_1", 32, 24, true},
    {GgmlType::Q8_0, "q8_0", 32, 34, true},
    {GgmlType::Q8_1, "q8_1", 32, 36, false},
    {GgmlType::Q2_K, "q2_K", 256, 84, false},
    {GgmlType::Q3_K, "q3_K", 256, 110, false},
    {GgmlType::Q4_K, "q4_K", 256, 144, true},
    {GgmlType::Q5_K, "q5_K", 256, 176, true},
    {GgmlType::Q6_K, "q6_K", 256, 210, true},
    {GgmlType::Q8_K, "q8_K", 256, 292, false},
    {GgmlType::IQ2_XXS, "iq2_xxs", 256, 66, false},
    {GgmlType::IQ2_XS, "iq2_xs", 256, 74, false},
    {GgmlType::IQ3_XXS, "iq3_xxs", 256, 98, false},
    {GgmlType::IQ1_S, "iq1_s", 256, 50, false},
    {GgmlType::IQ4_NL, "iq4_nl", 32, 18, false},
    {GgmlType::IQ3_S, "iq3_s", 256, 110, false},
    {GgmlType::IQ2_S, "iq2_s", 256, 82, false},
    {GgmlType::IQ4_XS, "iq4_xs", 256, 136, false},
    {GgmlType::I8, "i8", 1, 1, false},
    {GgmlType::I16, "i16", 1, 2, false},
    {GgmlType::I32, "i32", 1, 4, false},
    {GgmlType::I64, "i64", 1, 8, false},
    {GgmlType::F64, "f64", 1, 8, false},
    {GgmlType::IQ1_M, "iq1_m", 256, 56, false},
    {GgmlType::BF16, "bf16", 1, 2, true},
    {GgmlType::TQ1_0, "tq1_0", 256, 54, false},
    {GgmlType::TQ2_0, "tq2_0", 256, 66, false},
    {GgmlType::MXFP4, "mxfp4", 32, 17, false},
    {GgmlType::NVFP4, "nvfp4", 64, 36, false},
    {GgmlType::Q1_0, "q1_0", 128, 18, false},
    {GgmlType::Q2_0, "q2_0", 64, 18, false},
}};

}  // namespace

const GgmlTypeTraits* ggmlTypeTraits(uint32_t type) {
    for (const GgmlTypeTraits& t : kTraits)
        if (static_cast<uint32_t>(t.type) == type)
            return &t;
    return nullptr;
}

const GgmlTypeTraits& ggmlTypeTraits(GgmlType type) {
    return *ggmlTypeTraits(static_cast<uint32_t>(type));
}

const char* ggmlTypeName(GgmlType type) {
    return ggmlTypeTraits(type).name;
}

bool ggmlTypeFromName(const std::string& name, GgmlType* out) {
    std::string lower;
    for (char c : name)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const GgmlTypeTraits& t : kTraits) {
        std::string own;
        for (const char* p = t.name; *p; ++p)
            own += static_cast<char>(std::tolower(static_cast<unsigned char>(*p)));
        if (own == lower) {
            *out = t.type;
            return true;
        }
    }
    return false;
}

std::string ggufValueTypeName(uint32_t type) {
    static constexpr const char* kNames[kGgufValueTypeCount] = {
        "uint8", "int8", "uint16", "int16", "uint32", "int32", "float32",
        "bool", "string", "array", "uint64", "int64", "float64"};
    return type < kGgufValueTypeCount ? kNames[type] : "type " + std::to_string(type);
}

uint32_t ggufScalarSize(GgufValueType type) {
    switch (type) {
        case GgufValueType::U8: case GgufValueType::I8: case GgufValueType::Bool: return 1;
        case GgufValueType::U16: case GgufValueType::I16: return 2;
        case GgufValueType::U32: case GgufValueType::I32: case GgufValueType::F32: return 4;
        case GgufValueType::U64: case GgufValueType::I64: case GgufValueType::F64: return 8;
        case GgufValueType::String: case GgufValueType::Array: return 0;
    }
    return 0;
}

}  // namespace persona::tensorio
