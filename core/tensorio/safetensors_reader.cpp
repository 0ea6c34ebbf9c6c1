#include "tensorio/safetensors_reader.h"

#include "common/json_guard.h"
#include "persona/error.h"
#include "tensorio/byte_order.h"
#include "tensorio/tensor_layout.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace persona::tensorio {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& file, const std::string& what) {
    throw ModelLoadError(file + ": invalid safetensors file: " + what);
}

[[noreturn]] void failTensor(const std::string& file, const std::string& name,
                             const std::string& what) {
    fail(file, "tensor '" + name + "': " + what);
}

const char* jsonTypeName(const json& j) {
    if (j.is_number_unsigned())
        return "unsigned integer";
    if (j.is_number_integer())
        return "negative integer";
    return j.type_name();
}

// Parses the header, rejecting duplicate keys in the top-level object (nlohmann would keep only
// one of them, and a tensor named twice is ambiguous).
json parseHeader(const uint8_t* begin, size_t length, const std::string& file) {
    std::string duplicate;
    json::parser_callback_t onEvent = [&duplicate, seen = std::set<std::string>()](
                                          int depth, json::parse_event_t event,
                                          json& parsed) mutable {
        if (event == json::parse_event_t::key && depth == 1 && duplicate.empty()) {
            const auto& key = parsed.get_ref<const std::string&>();
            if (!seen.insert(key).second)
                duplicate = key;
        }
        return true;
    };
    const std::string tooDeep =
        jsonNestingError(std::string_view(reinterpret_cast<const char*>(begin), length));
    if (!tooDeep.empty())
        fail(file, "the header is " + tooDeep);
    json header = json::parse(begin, begin + length, onEvent, /*allow_exceptions=*/false);
    if (header.is_discarded())
        fail(file, "the " + std::to_string(length) + "-byte header is not valid JSON");
    if (!header.is_object())
        fail(file,
             std::string("the header is a JSON ") + header.type_name() + ", expected an object");
    if (!duplicate.empty())
        fail(file, "the header names '" + duplicate + "' twice");
    return header;
}

std::map<std::string, std::string> parseMetadata(const json& meta, const std::string& file) {
    if (!meta.is_object())
        fail(file, std::string("__metadata__ is a JSON ") + meta.type_name() +
                       ", expected an object of strings");
    std::map<std::string, std::string> out;
    for (const auto& [key, value] : meta.items()) {
        if (!value.is_string())
            fail(file, "__metadata__ entry '" + key + "' is a JSON " + value.type_name() +
                           ", expected a string");
        out[key] = value.get<std::string>();
    }
    return out;
}

struct Entry {
    TensorData tensor;
    uint64_t begin = 0;
    uint64_t end = 0;
};

Entry parseEntry(const std::string& name, const json& info, uint64_t dataSize,
                 const std::string& file) {
    if (name.empty())
        fail(file, "a tensor has an empty name");
    if (!info.is_object())
        failTensor(file, name,
                   std::string("entry is a JSON ") + info.type_name() + ", expected an object");
    for (const char* field : {"dtype", "shape", "data_offsets"})
        if (!info.contains(field))
            failTensor(file, name, std::string("missing field '") + field + "'");
    for (const auto& [key, value] : info.items())
        if (key != "dtype" && key != "shape" && key != "data_offsets")
            failTensor(file, name, "unexpected field '" + key + "'");

    const json& dtype = info["dtype"];
    if (!dtype.is_string())
        failTensor(file, name,
                   std::string("dtype is a JSON ") + dtype.type_name() + ", expected a string");
    Entry e;
    e.tensor.name = name;
    const auto parsedDtype = dtypeFromName(dtype.get<std::string>());
    if (!parsedDtype)
        failTensor(file, name,
                   "unknown dtype '" + dtype.get<std::string>() +
                       "', expected one of F64, F32, F16, BF16, I64, I32, I16, I8, "
                       "U8, BOOL");
    e.tensor.dtype = *parsedDtype;

    const json& shape = info["shape"];
    if (!shape.is_array())
        failTensor(file, name,
                   std::string("shape is a JSON ") + shape.type_name() +
                       ", expected an array of non-negative integers");
    for (size_t i = 0; i < shape.size(); ++i) {
        const json& d = shape[i];
        if (!d.is_number_unsigned() || d.get<uint64_t>() > uint64_t(INT64_MAX))
            failTensor(file, name,
                       "shape[" + std::to_string(i) + "] is a " + jsonTypeName(d) + " (" +
                           jsonPreview(d) + "), expected a non-negative integer");
        e.tensor.shape.push_back(static_cast<int64_t>(d.get<uint64_t>()));
    }

    const json& offsets = info["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
        !offsets[1].is_number_unsigned())
        failTensor(file, name,
                   "data_offsets is " + jsonPreview(offsets) +
                       ", expected [begin, end] as non-negative integers");
    e.begin = offsets[0].get<uint64_t>();
    e.end = offsets[1].get<uint64_t>();
    if (e.end < e.begin)
        failTensor(file, name,
                   "data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                       "] end before begin");
    if (e.end > dataSize)
        failTensor(file, name,
                   "data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                       "] reach past the end of the " + std::to_string(dataSize) +
                       "-byte data section");

    const auto numel = checkedNumel(e.tensor.shape);
    const auto nbytes = numel ? checkedMul(*numel, dtypeSize(e.tensor.dtype)) : std::nullopt;
    if (!nbytes)
        failTensor(file, name,
                   "shape " + shapeToString(e.tensor.shape) + " overflows a 64-bit byte count");
    if (*nbytes != e.end - e.begin)
        failTensor(file, name,
                   "shape " + shapeToString(e.tensor.shape) + " x " + dtypeName(e.tensor.dtype) +
                       " needs " + std::to_string(*nbytes) + " bytes, data_offsets span " +
                       std::to_string(e.end - e.begin));
    auto strides = contiguousStrides(e.tensor.shape);
    if (!strides)
        failTensor(file, name,
                   "shape " + shapeToString(e.tensor.shape) +
                       " has strides that overflow a 64-bit element count");
    e.tensor.strides = std::move(*strides);
    e.tensor.nbytes = static_cast<size_t>(*nbytes);
    return e;
}

}  // namespace

SafetensorsContents parseSafetensors(const uint8_t* data, size_t size, const std::string& file) {
    if (size < 8)
        fail(file, "truncated: " + std::to_string(size) +
                       " bytes, expected at least the 8-byte header length");
    const uint64_t headerLength = readLe64(data);
    if (headerLength > size - 8)
        fail(file, "header length " + std::to_string(headerLength) +
                       " reaches past the end of the " + std::to_string(size) + "-byte file");
    if (headerLength > kMaxSafetensorsHeader)
        fail(file, "header length " + std::to_string(headerLength) + " exceeds the limit of " +
                       std::to_string(kMaxSafetensorsHeader) + " bytes");
    if (headerLength < 2 || data[8] != '{')
        fail(file, "the header does not start with '{'");

    const json header = parseHeader(data + 8, static_cast<size_t>(headerLength), file);
    const uint8_t* dataSection = data + 8 + headerLength;
    const uint64_t dataSize = size - 8 - headerLength;

    SafetensorsContents out;
    std::vector<Entry> entries;
    for (const auto& [name, info] : header.items()) {
        if (name == "__metadata__") {
            out.metadata = parseMetadata(info, file);
            continue;
        }
        entries.push_back(parseEntry(name, info, dataSize, file));
    }

    // The ranges tile the data section: sorted by begin, no two non-empty ranges overlap, and,
    // as the format requires (no holes, so no polyglot files), each starts where the previous
    // one ended and the last ends at the end of the file.
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    const Entry* previous = nullptr;
    uint64_t covered = 0;
    for (const Entry& e : entries) {
        if (e.begin == e.end)
            continue;
        if (previous != nullptr && e.begin < previous->end)
            failTensor(file, e.tensor.name,
                       "data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                           "] overlap tensor '" + previous->tensor.name + "' at [" +
                           std::to_string(previous->begin) + ", " + std::to_string(previous->end) +
                           "]");
        if (e.begin > covered)
            failTensor(file, e.tensor.name,
                       "data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                           "] leave the bytes [" + std::to_string(covered) + ", " +
                           std::to_string(e.begin) + ") of the data section unused");
        covered = e.end;
        previous = &e;
    }
    if (covered != dataSize)
        fail(file, "the tensors end at byte " + std::to_string(covered) +
                       " of the data section, which has " + std::to_string(dataSize) +
                       " (trailing bytes)");

    out.tensors.reserve(entries.size());
    for (Entry& e : entries) {
        e.tensor.data = dataSection + e.begin;
        out.tensors.push_back(std::move(e.tensor));
    }
    return out;
}

}  // namespace persona::tensorio
