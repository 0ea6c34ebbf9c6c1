#include "persona/generate/sampler_preset.h"

#include "persona/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace persona {

namespace {

using nlohmann::json;

constexpr size_t kMaxBytes = 1 << 20;
constexpr int kMaxDepth = 16;
const char* kFormat = "persona-sampler-preset";

[[noreturn]] void fail(const std::string& source, const std::string& what) {
    throw ImportError(source + ": " + what);
}

json parseBounded(const std::string& text, const std::string& source) {
    if (text.size() > kMaxBytes) fail(source, "the preset is larger than 1 MiB");
    int depth = 0;
    bool tooDeep = false;
    json::parser_callback_t limit = [&](int d, json::parse_event_t event, json&) {
        if (event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) depth = d + 1;
        if (depth > kMaxDepth) tooDeep = true;
        return !tooDeep;
    };
    json j;
    try {
        j = json::parse(text, limit);
    } catch (const json::exception& e) {
        fail(source, std::string("not JSON: ") + e.what());
    }
    if (tooDeep) fail(source, "nested deeper than 16 levels");
    if (!j.is_object()) fail(source, "a preset is a JSON object");
    return j;
}

// Typed reads that name the field on error; absent fields leave the value as it was.
struct Reader {
    const json& obj;
    const std::string& source;
    std::vector<std::string> seen;

    const json* get(const char* key) {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return nullptr;
        seen.push_back(key);
        return &*it;
    }
    void number(const char* key, float& out) {
        if (const json* v = get(key)) {
            if (!v->is_number()) fail(source, std::string("\"") + key + "\" must be a number");
            const double d = v->get<double>();
            if (!std::isfinite(d) || std::fabs(d) > 1e9) fail(source, std::string("\"") + key + "\" is out of range");
            out = static_cast<float>(d);
        }
    }
    void integer(const char* key, int& out) {
        if (const json* v = get(key)) {
            if (!v->is_number()) fail(source, std::string("\"") + key + "\" must be a number");
            const double d = v->get<double>();
            if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 1e9)
                fail(source, std::string("\"") + key + "\" must be a whole number");
            out = static_cast<int>(d);
        }
    }
    void boolean(const char* key, bool& out) {
        if (const json* v = get(key)) {
            if (!v->is_boolean()) fail(source, std::string("\"") + key + "\" must be true or false");
            out = v->get<bool>();
        }
    }
    std::vector<std::string> strings(const char* key) {
        std::vector<std::string> out;
        if (const json* v = get(key)) {
            if (!v->is_array()) fail(source, std::string("\"") + key + "\" must be a list of strings");
            for (const auto& e : *v) {
                if (!e.is_string()) fail(source, std::string("\"") + key + "\" must be a list of strings");
                out.push_back(e.get<std::string>());
            }
        }
        return out;
    }
};

// The fields both formats share under the same name and meaning.
void readCommon(Reader& r, SamplingSettings& s) {
    r.number("top_p", s.topP);
    r.integer("top_k", s.topK);
    r.number("min_p", s.minP);
    r.number("typical_p", s.typicalP);
    r.number("xtc_threshold", s.xtcThreshold);
    r.number("xtc_probability", s.xtcProbability);
    r.number("dry_multiplier", s.dryMultiplier);
    r.number("dry_base", s.dryBase);
    r.integer("dry_allowed_length", s.dryAllowedLength);
    r.number("mirostat_tau", s.mirostatTau);
    r.number("mirostat_eta", s.mirostatEta);
    r.integer("no_repeat_ngram_size", s.noRepeatNgramSize);
}

void readOurs(Reader& r, SamplingSettings& s) {
    readCommon(r, s);
    r.boolean("greedy", s.greedy);
    r.number("temperature", s.temperature);
    r.number("dynatemp_range", s.dynatempRange);
    r.number("dynatemp_exponent", s.dynatempExponent);
    r.number("top_n_sigma", s.topNSigma);
    r.number("repeat_penalty", s.repetitionPenalty);
    r.number("presence_penalty", s.presencePenalty);
    r.number("frequency_penalty", s.frequencyPenalty);
    r.integer("repeat_last_n", s.penaltyLastN);
    r.integer("dry_penalty_last_n", s.dryPenaltyLastN);
    r.integer("mirostat", s.mirostat);
    r.number("knowledge_boost", s.knowledgeBoost);
    r.integer("max_new_tokens", s.maxNewTokens);
    r.integer("min_new_tokens", s.minNewTokens);
    if (r.obj.contains("dry_sequence_breakers")) s.drySequenceBreakers = r.strings("dry_sequence_breakers");
    if (r.obj.contains("samplers")) s.samplers = r.strings("samplers");
    if (const json* bias = r.get("logit_bias")) {
        if (!bias->is_array()) fail(r.source, "\"logit_bias\" must be a list of [id, bias] pairs");
        s.logitBias.clear();
        for (const auto& e : *bias) {
            if (!e.is_array() || e.size() != 2 || !e[0].is_number_integer() || !(e[1].is_number() || e[1] == "-inf"))
                fail(r.source, "\"logit_bias\" must be a list of [id, bias] pairs");
            const float b = e[1].is_number() ? e[1].get<float>() : -std::numeric_limits<float>::infinity();
            s.logitBias.push_back({e[0].get<int>(), b});
        }
    }
}

// SillyTavern's sampler_priority names (text-generation-webui's) to our stages.
std::vector<std::string> sillyTavernOrder(const std::vector<std::string>& priority, bool temperatureLast) {
    std::vector<std::string> out;
    auto add = [&](const std::string& name) {
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    };
    for (const auto& p : priority) {
        if (p == "repetition_penalty" || p == "presence_penalty" || p == "frequency_penalty") add("penalties");
        else if (p == "no_repeat_ngram") add("ngram_ban");
        else if (p == "temperature" || p == "dynamic_temperature") add("temperature");
        else if (p == "dry" || p == "top_n_sigma" || p == "top_k" || p == "top_p" || p == "typical_p" || p == "min_p" || p == "xtc")
            add(p);
    }
    for (const auto& name : samplerStageNames()) add(name);  // stages the list did not name keep their default place
    if (temperatureLast) {
        out.erase(std::find(out.begin(), out.end(), "temperature"));
        out.push_back("temperature");
    }
    return out;
}

// "[\"\\n\", \":\"]" (a JSON list inside a string, as SillyTavern stores it) or a real list.
std::vector<std::string> sillyTavernBreakers(const json& v, const std::string& source) {
    json list = v;
    if (v.is_string()) list = parseBounded("{\"b\":" + v.get<std::string>() + "}", source)["b"];
    std::vector<std::string> out;
    if (!list.is_array()) fail(source, "\"dry_sequence_breakers\" must be a list of strings");
    for (const auto& e : list) {
        if (!e.is_string()) fail(source, "\"dry_sequence_breakers\" must be a list of strings");
        if (!e.get<std::string>().empty()) out.push_back(e.get<std::string>());
    }
    return out;
}

void readSillyTavern(Reader& r, SamplingSettings& s, std::vector<std::string>& ignored) {
    readCommon(r, s);
    r.number("temp", s.temperature);
    r.number("rep_pen", s.repetitionPenalty);
    r.number("freq_pen", s.frequencyPenalty);
    r.number("presence_pen", s.presencePenalty);
    r.number("nsigma", s.topNSigma);
    r.integer("min_length", s.minNewTokens);
    int range = 0;
    r.integer("rep_pen_range", range);
    s.penaltyLastN = range > 0 ? range : -1;  // 0: the whole context
    int dryRange = 0;
    r.integer("dry_penalty_last_n", dryRange);
    s.dryPenaltyLastN = dryRange > 0 ? dryRange : -1;
    bool sample = true;
    r.boolean("do_sample", sample);
    s.greedy = !sample;
    bool dynatemp = false;
    r.boolean("dynatemp", dynatemp);
    float minTemp = 0, maxTemp = 2;
    r.number("min_temp", minTemp);
    r.number("max_temp", maxTemp);
    r.number("dynatemp_exponent", s.dynatempExponent);
    if (dynatemp && maxTemp > minTemp) {
        s.temperature = (minTemp + maxTemp) / 2;
        s.dynatempRange = (maxTemp - minTemp) / 2;
    }
    int mirostat = 0;
    r.integer("mirostat_mode", mirostat);
    if (mirostat == 1) ignored.push_back("mirostat_mode 1 (Mirostat v1; only v2 is implemented)");
    s.mirostat = mirostat == 2 ? 2 : 0;
    if (const json* b = r.get("dry_sequence_breakers")) s.drySequenceBreakers = sillyTavernBreakers(*b, r.source);
    bool temperatureLast = false;
    r.boolean("temperature_last", temperatureLast);
    std::vector<std::string> priority = r.strings("sampler_priority");
    if (!priority.empty() || temperatureLast) s.samplers = sillyTavernOrder(priority, temperatureLast);
    if (const json* bias = r.get("logit_bias")) {
        // [{"text": "[15043]", "value": -1}]: only entries that name token ids map; text does not.
        if (!bias->is_array()) fail(r.source, "\"logit_bias\" must be a list");
        s.logitBias.clear();  // the file's list replaces the current one
        for (const auto& e : *bias) {
            const std::string text = e.is_object() && e.contains("text") && e["text"].is_string() ? e["text"].get<std::string>() : "";
            const bool hasValue = e.is_object() && e.contains("value") && e["value"].is_number();
            std::vector<int> ids;
            if (text.size() > 2 && text.front() == '[' && text.back() == ']') {
                const json parsed = json::parse(text, nullptr, false);
                if (parsed.is_array())
                    for (const auto& id : parsed)
                        if (id.is_number_integer() && id.get<int64_t>() >= 0 && id.get<int64_t>() < (1 << 30)) ids.push_back(id.get<int>());
            }
            if (ids.empty() || !hasValue) {
                ignored.push_back("logit_bias \"" + text.substr(0, 40) + "\" (only [token ids] map)");
                continue;
            }
            for (int id : ids) s.logitBias.push_back({id, e["value"].get<float>()});
        }
    }
}

// SillyTavern fields that change sampling but have no stage here, at a value that is not "off".
void unmappedSillyTavern(const json& j, std::vector<std::string>& ignored) {
    const std::vector<std::pair<const char*, double>> offValues = {
        {"top_a", 0}, {"tfs", 1}, {"epsilon_cutoff", 0}, {"eta_cutoff", 0}, {"rep_pen_slope", 1},
        {"rep_pen_decay", 0}, {"encoder_rep_pen", 1}, {"penalty_alpha", 0}, {"smoothing_factor", 0},
        {"skew", 0}, {"guidance_scale", 1}, {"num_beams", 1}};
    for (const auto& [key, off] : offValues) {
        auto it = j.find(key);
        if (it != j.end() && it->is_number() && it->get<double>() != off) ignored.push_back(key);
    }
    for (const char* key : {"grammar_string", "negative_prompt", "banned_tokens"}) {
        auto it = j.find(key);
        if (it != j.end() && it->is_string() && !it->get<std::string>().empty()) ignored.push_back(key);
    }
}

}  // namespace

std::string samplerPresetToJson(const SamplingSettings& s, const std::string& name) {
    json bias = json::array();
    for (const auto& b : s.logitBias) bias.push_back({b.id, std::isinf(b.bias) ? json("-inf") : json(b.bias)});
    const json settings = {
        {"greedy", s.greedy}, {"temperature", s.temperature}, {"dynatemp_range", s.dynatempRange},
        {"dynatemp_exponent", s.dynatempExponent}, {"top_k", s.topK}, {"top_p", s.topP}, {"min_p", s.minP},
        {"typical_p", s.typicalP}, {"top_n_sigma", s.topNSigma}, {"xtc_threshold", s.xtcThreshold},
        {"xtc_probability", s.xtcProbability}, {"repeat_penalty", s.repetitionPenalty},
        {"presence_penalty", s.presencePenalty}, {"frequency_penalty", s.frequencyPenalty},
        {"repeat_last_n", s.penaltyLastN}, {"no_repeat_ngram_size", s.noRepeatNgramSize},
        {"dry_multiplier", s.dryMultiplier}, {"dry_base", s.dryBase}, {"dry_allowed_length", s.dryAllowedLength},
        {"dry_penalty_last_n", s.dryPenaltyLastN}, {"dry_sequence_breakers", s.drySequenceBreakers},
        {"mirostat", s.mirostat}, {"mirostat_tau", s.mirostatTau}, {"mirostat_eta", s.mirostatEta},
        {"logit_bias", bias}, {"samplers", samplerOrder(s)}, {"knowledge_boost", s.knowledgeBoost},
        {"max_new_tokens", s.maxNewTokens}, {"min_new_tokens", s.minNewTokens}};
    const json out = {{"format", kFormat}, {"version", 1}, {"name", name}, {"settings", settings}};
    return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

SamplerPreset parseSamplerPreset(const std::string& text, const SamplingSettings& base, const std::string& source) {
    const json j = parseBounded(text, source);
    SamplerPreset out;
    out.settings = base;
    if (j.contains("format")) {
        if (j["format"] != kFormat) fail(source, "unknown preset format (expected \"persona-sampler-preset\")");
        if (!j.contains("version") || j["version"] != 1) fail(source, "unsupported preset version (expected 1)");
        if (j.contains("name") && j["name"].is_string()) out.name = j["name"].get<std::string>();
        if (!j.contains("settings") || !j["settings"].is_object()) fail(source, "\"settings\" must be an object");
        Reader r{j["settings"], source, {}};
        readOurs(r, out.settings);
    } else {
        out.sillyTavern = true;
        Reader r{j, source, {}};
        readSillyTavern(r, out.settings, out.ignored);
        unmappedSillyTavern(j, out.ignored);
    }
    try {
        SamplingSettings check = out.settings;
        check.knowledgeBoost = std::max(0.0f, check.knowledgeBoost);  // -1: "the generator's own" (agent settings)
        validate(check);
    } catch (const InvalidArgument& e) {
        fail(source, e.what());
    }
    return out;
}

SamplerPreset loadSamplerPresetFile(const std::string& path, const SamplingSettings& base) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError("cannot open the preset " + path);
    std::string text;
    text.resize(kMaxBytes + 1);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
    SamplerPreset p = parseSamplerPreset(text, base, path);
    if (p.name.empty()) {
        const size_t slash = path.find_last_of("/\\");
        std::string file = slash == std::string::npos ? path : path.substr(slash + 1);
        if (file.size() > 5 && file.compare(file.size() - 5, 5, ".json") == 0) file.resize(file.size() - 5);
        p.name = file;
    }
    return p;
}

void saveSamplerPresetFile(const std::string& path, const SamplingSettings& settings, const std::string& name) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << samplerPresetToJson(settings, name);
    if (!out) throw IoError("cannot write the preset " + path);
}

}  // namespace persona
