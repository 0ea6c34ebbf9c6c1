// Sampler presets: the sampling settings as a JSON file of our own (save/load), and import of
// SillyTavern's text-completion preset files (default/content/presets/textgen/*.json) for the
// fields that map onto our stages.
#pragma once

#include "persona/generate/generator.h"

#include <string>
#include <vector>

namespace persona {

// {"format": "persona-sampler-preset", "version": 1, "name": ..., "settings": {...}} with
// llama.cpp's parameter names (temperature, top_k, min_p, dry_multiplier, samplers ...). Only the
// preset fields are written: the stages' parameters, greedy, the knowledge boost and the reply
// length, never the seed, stops or the alternatives count.
std::string samplerPresetToJson(const SamplingSettings& settings, const std::string& name = {});

struct SamplerPreset {
    std::string name;
    SamplingSettings settings;         // `base` with the file's fields applied
    std::vector<std::string> ignored;  // fields set in the file that have no counterpart here
    bool sillyTavern = false;          // read as a SillyTavern text-completion preset
};

// Parses either format (ours has "format"; anything else is read as SillyTavern's). A field of the
// wrong type or out of range is an InvalidArgument naming `source` and the field; the result is
// validated. Files are bounded: 1 MiB, nesting depth 16.
SamplerPreset parseSamplerPreset(const std::string& text, const SamplingSettings& base, const std::string& source);
SamplerPreset loadSamplerPresetFile(const std::string& path, const SamplingSettings& base);
void saveSamplerPresetFile(const std::string& path, const SamplingSettings& settings, const std::string& name = {});

}  // namespace persona
