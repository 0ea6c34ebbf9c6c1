// Sampler presets (ours and SillyTavern's text-completion presets, which users download).
#include "fuzz_targets.h"

#include "persona/error.h"
#include "persona/generate/sampler_preset.h"

namespace persona::fuzz {

void fuzzSamplerPreset(const uint8_t* data, size_t size) {
    try {
        parseSamplerPreset(std::string(reinterpret_cast<const char*>(data), size), {}, "fuzz.json");
    } catch (const Error&) {
    }
}

}  // namespace persona::fuzz
