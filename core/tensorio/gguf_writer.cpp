#include "tensorio/gguf_writer.h"

#include "persona/error.h"
#include "tensorio/tensor_layout.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>

#include <unistd.h>

namespace persona::tensorio {

namespace {

template <class T>
void put(std::string& out, T v) {
    for (size_t i = 0; i < sizeof(T); ++i) {
        uint64_t bits = 0;
        std::memcpy(&bits, &v, sizeof(T));
        out.push_back(static_cast<char>(bits >> (8 * i)));
    }
}

void putString(std::string& out, const std::string& s) {
    put<uint64_t>(out, s.size());
    out += s;
}

uint64_t padTo(uint64_t n, uint64_t a) {
    return (n + a - 1) / a * a;
}

}  // namespace

GgufWriter::GgufWriter(uint32_t alignment) : m_alignment(alignment) {
    if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        throw InvalidArgument("GGUF alignment " + std::to_string(alignment) + " is not a power of two");
    if (alignment != 32)
        addUint32("general.alignment", alignment);
}

void GgufWriter::key(const std::string& k, GgufValueType t) {
    putString(m_kv, k);
    put<uint32_t>(m_kv, static_cast<uint32_t>(t));
    ++m_kvCount;
}

void GgufWriter::addUint32(const std::string& k, uint32_t v) { key(k, GgufValueType::U32); put(m_kv, v); }
void GgufWriter::addInt32(const std::string& k, int32_t v) { key(k, GgufValueType::I32); put(m_kv, v); }
void GgufWriter::addUint64(const std::string& k, uint64_t v) { key(k, GgufValueType::U64); put(m_kv, v); }
void GgufWriter::addFloat32(const std::string& k, float v) { key(k, GgufValueType::F32); put(m_kv, v); }
void GgufWriter::addBool(const std::string& k, bool v) { key(k, GgufValueType::Bool); put<uint8_t>(m_kv, v ? 1 : 0); }
void GgufWriter::addString(const std::string& k, const std::string& v) { key(k, GgufValueType::String); putString(m_kv, v); }

void GgufWriter::addStringArray(const std::string& k, const std::vector<std::string>& v) {
    key(k, GgufValueType::Array);
    put<uint32_t>(m_kv, static_cast<uint32_t>(GgufValueType::String));
    put<uint64_t>(m_kv, v.size());
    for (const std::string& s : v) putString(m_kv, s);
}

void GgufWriter::addInt32Array(const std::string& k, const std::vector<int32_t>& v) {
    key(k, GgufValueType::Array);
    put<uint32_t>(m_kv, static_cast<uint32_t>(GgufValueType::I32));
    put<uint64_t>(m_kv, v.size());
    for (int32_t x : v) put(m_kv, x);
}

void GgufWriter::addFloat32Array(const std::string& k, const std::vector<float>& v) {
    key(k, GgufValueType::Array);
    put<uint32_t>(m_kv, static_cast<uint32_t>(GgufValueType::F32));
    put<uint64_t>(m_kv, v.size());
    for (float x : v) put(m_kv, x);
}

void GgufWriter::addTensor(const std::string& name, GgmlType type, const std::vector<uint64_t>& ne,
                           std::vector<uint8_t> bytes) {
    const GgmlTypeTraits& t = ggmlTypeTraits(type);
    uint64_t numel = 1;
    for (uint64_t d : ne) numel *= d;
    if (ne.empty() || ne.size() > 4 || ne[0] % t.blockElems != 0 ||
        numel / t.blockElems * t.blockBytes != bytes.size())
        throw InvalidArgument("GGUF tensor '" + name + "': " + std::to_string(bytes.size()) +
                              " bytes do not match its shape and type " + t.name);
    for (const Tensor& other : m_tensors)
        if (other.name == name)
            throw InvalidArgument("GGUF tensor '" + name + "' added twice");
    m_tensors.push_back({name, type, ne, std::move(bytes)});
}

std::string GgufWriter::header() const {
    std::string h = "GGUF";
    put<uint32_t>(h, 3);
    put<uint64_t>(h, m_tensors.size());
    put<uint64_t>(h, m_kvCount);
    h += m_kv;
    uint64_t offset = 0;
    for (const Tensor& t : m_tensors) {
        putString(h, t.name);
        put<uint32_t>(h, static_cast<uint32_t>(t.ne.size()));
        for (uint64_t d : t.ne) put<uint64_t>(h, d);
        put<uint32_t>(h, static_cast<uint32_t>(t.type));
        put<uint64_t>(h, offset);
        offset = padTo(offset + t.bytes.size(), m_alignment);
    }
    h.append(padTo(h.size(), m_alignment) - h.size(), '\0');
    return h;
}

std::vector<uint8_t> GgufWriter::toBytes() const {
    const std::string h = header();
    std::vector<uint8_t> out(h.begin(), h.end());
    for (const Tensor& t : m_tensors) {
        out.insert(out.end(), t.bytes.begin(), t.bytes.end());
        out.resize(padTo(out.size(), m_alignment), 0);
    }
    return out;
}

void GgufWriter::write(const std::string& path) const {
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (f == nullptr)
        throw IoError(tmp + ": cannot create: " + std::strerror(errno));
    const std::string h = header();
    bool ok = std::fwrite(h.data(), 1, h.size(), f) == h.size();
    static const char kZeros[64] = {};
    for (const Tensor& t : m_tensors) {
        if (!ok) break;
        ok = std::fwrite(t.bytes.data(), 1, t.bytes.size(), f) == t.bytes.size();
        const uint64_t pad = padTo(t.bytes.size(), m_alignment) - t.bytes.size();
        for (uint64_t left = pad; ok && left > 0;) {
            const size_t n = static_cast<size_t>(std::min<uint64_t>(left, sizeof kZeros));
            ok = std::fwrite(kZeros, 1, n, f) == n;
            left -= n;
        }
    }
    ok = ok && std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
    const int err = errno;
    ok = std::fclose(f) == 0 && ok;
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        throw IoError(path + ": cannot write GGUF file: " + std::strerror(ok ? errno : err));
    }
}

}  // namespace persona::tensorio
