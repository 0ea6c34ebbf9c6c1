// GGUF files (core/tensorio/gguf_reader.h): the whole header and tensor table parsed, every
// returned value and tensor byte read, so a view past the input is a sanitizer report. The
// memory cap: the reader's own limits, lowered here (at most 1 M strings and arrays in arrays,
// 4096 metadata entries) so that no input can make it allocate more than a few tens of MB,
// well under libFuzzer's -rss_limit_mb=2048 (scripts/fuzz.sh).
#include "fuzz_targets.h"

#include "persona/error.h"
#include "tensorio/gguf_reader.h"

#include <memory>

namespace persona::fuzz {

namespace {

void touchValue(const tensorio::GgufValue& v, volatile uint8_t& sink) {
    for (char ch : v.text) sink = sink ^ static_cast<uint8_t>(ch);
    for (std::string_view s : v.strings)
        for (char ch : s) sink = sink ^ static_cast<uint8_t>(ch);
    if (v.raw != nullptr)
        for (uint64_t i = 0; i < v.count; ++i) sink = sink ^ static_cast<uint8_t>(v.intAt(i));
    for (const tensorio::GgufValue& item : v.items) touchValue(item, sink);
}

}  // namespace

void fuzzGguf(const uint8_t* data, size_t size) {
    auto copy = std::make_unique<uint8_t[]>(size + (size == 0));
    std::copy(data, data + size, copy.get());
    tensorio::GgufLimits limits;
    limits.maxMetadata = 4096;
    limits.maxTensors = 1 << 16;
    limits.maxArrayItems = 1 << 20;
    try {
        const tensorio::GgufContents c = tensorio::parseGguf(copy.get(), size, "fuzz.gguf", limits);
        volatile uint8_t sink = 0;
        for (const auto& [key, value] : c.metadata) touchValue(value, sink);
        for (const tensorio::GgufTensorInfo& t : c.tensors)
            for (uint64_t i = 0; i < t.nbytes; ++i) sink = sink ^ t.data[i];
        (void)c.getUint("general.alignment", 32);
        (void)c.getString("general.architecture", "");
    } catch (const Error&) {
    }
}

}  // namespace persona::fuzz
