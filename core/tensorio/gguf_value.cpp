// GgufValue conversions and GgufContents' typed lookups (tensorio/gguf_reader.h).
#include "persona/error.h"
#include "tensorio/byte_order.h"
#include "tensorio/gguf_reader.h"

#include <cstring>
#include <limits>

namespace persona::tensorio {

namespace {

int64_t signExtend(uint64_t bits, uint32_t size) {
    if (size == 8)
        return static_cast<int64_t>(bits);
    const uint64_t sign = uint64_t{1} << (8 * size - 1);
    return static_cast<int64_t>((bits ^ sign) - sign);
}

bool isSigned(GgufValueType t) {
    return t == GgufValueType::I8 || t == GgufValueType::I16 || t == GgufValueType::I32 ||
           t == GgufValueType::I64;
}

bool integerType(GgufValueType t) {
    return t == GgufValueType::U8 || t == GgufValueType::U16 || t == GgufValueType::U32 ||
           t == GgufValueType::U64 || isSigned(t);
}

double floatOf(GgufValueType t, uint64_t bits) {
    if (t == GgufValueType::F32) {
        const auto u = static_cast<uint32_t>(bits);
        float f;
        std::memcpy(&f, &u, 4);
        return f;
    }
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
}

double scalarDouble(GgufValueType t, uint64_t bits) {
    if (t == GgufValueType::F32 || t == GgufValueType::F64)
        return floatOf(t, bits);
    if (isSigned(t))
        return static_cast<double>(signExtend(bits, ggufScalarSize(t)));
    return static_cast<double>(bits);
}

uint64_t elementBits(const GgufValue& v, uint64_t i) {
    const uint32_t size = ggufScalarSize(v.elemType);
    if (v.raw == nullptr || i >= v.count || size == 0)
        throw InvalidArgument("GGUF array element " + std::to_string(i) + " out of range or not numeric");
    return readLe(v.raw + i * size, size);
}

}  // namespace

bool GgufValue::isInteger() const { return integerType(type); }
bool GgufValue::isFloat() const { return type == GgufValueType::F32 || type == GgufValueType::F64; }

int64_t GgufValue::asInt() const {
    return isSigned(type) ? signExtend(bits, ggufScalarSize(type)) : static_cast<int64_t>(bits);
}
uint64_t GgufValue::asUint() const { return bits; }
double GgufValue::asDouble() const { return scalarDouble(type, bits); }

int64_t GgufValue::intAt(uint64_t i) const {
    const uint64_t b = elementBits(*this, i);
    return isSigned(elemType) ? signExtend(b, ggufScalarSize(elemType)) : static_cast<int64_t>(b);
}
double GgufValue::doubleAt(uint64_t i) const { return scalarDouble(elemType, elementBits(*this, i)); }

uint64_t GgufTensorInfo::rowBytes() const {
    const GgmlTypeTraits& t = ggmlTypeTraits(type);
    return rowElems() / t.blockElems * t.blockBytes;
}

const GgufValue* GgufContents::find(const std::string& key) const {
    const auto it = m_keys.find(key);
    return it == m_keys.end() ? nullptr : &metadata[it->second].second;
}

const GgufTensorInfo* GgufContents::findTensor(const std::string& name) const {
    const auto it = m_tensors.find(name);
    return it == m_tensors.end() ? nullptr : &tensors[it->second];
}

namespace {

[[noreturn]] void wrongType(const GgufContents& c, const std::string& key, const GgufValue& v, const char* expected) {
    throw ModelLoadError(c.file + ": GGUF metadata '" + key + "' is a " +
                         ggufValueTypeName(static_cast<uint32_t>(v.type)) + ", expected " + expected);
}

const GgufValue& required(const GgufContents& c, const std::string& key) {
    const GgufValue* v = c.find(key);
    if (v == nullptr)
        throw ModelLoadError(c.file + ": GGUF metadata '" + key + "' is missing");
    return *v;
}

}  // namespace

uint64_t GgufContents::getUint(const std::string& key) const {
    const GgufValue& v = required(*this, key);
    if (!v.isInteger())
        wrongType(*this, key, v, "an integer");
    if (isSigned(v.type) && v.asInt() < 0)
        throw ModelLoadError(file + ": GGUF metadata '" + key + "' is " + std::to_string(v.asInt()) +
                             ", expected a non-negative integer");
    return v.asUint();
}

uint64_t GgufContents::getUint(const std::string& key, uint64_t fallback) const {
    return find(key) ? getUint(key) : fallback;
}

double GgufContents::getFloat(const std::string& key) const {
    const GgufValue& v = required(*this, key);
    if (!v.isFloat() && !v.isInteger())
        wrongType(*this, key, v, "a number");
    return v.asDouble();
}

double GgufContents::getFloat(const std::string& key, double fallback) const {
    return find(key) ? getFloat(key) : fallback;
}

std::string GgufContents::getString(const std::string& key) const {
    const GgufValue& v = required(*this, key);
    if (v.type != GgufValueType::String)
        wrongType(*this, key, v, "a string");
    return std::string(v.text);
}

std::string GgufContents::getString(const std::string& key, const std::string& fallback) const {
    return find(key) ? getString(key) : fallback;
}

bool GgufContents::getBool(const std::string& key, bool fallback) const {
    const GgufValue* v = find(key);
    if (v == nullptr)
        return fallback;
    if (v->type != GgufValueType::Bool)
        wrongType(*this, key, *v, "a bool");
    return v->bits != 0;
}

}  // namespace persona::tensorio
