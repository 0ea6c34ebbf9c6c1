// Validation of the sampling settings, the stage order and the --logit-bias syntax.
#include "persona/error.h"
#include "persona/generate/generator.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace persona {

namespace {

[[noreturn]] void bad(const std::string& what) { throw InvalidArgument("sampling setting " + what); }

bool finite(float v) { return std::isfinite(v); }

void validateTruncation(const SamplingSettings& s) {
    if (!(s.temperature > 0) || !finite(s.temperature)) bad("temperature must be > 0");
    if (!(s.dynatempRange >= 0) || !finite(s.dynatempRange)) bad("dynamic temperature range must be >= 0");
    if (!(s.dynatempExponent > 0) || !finite(s.dynatempExponent)) bad("dynamic temperature exponent must be > 0");
    if (s.topK < 0) bad("top-k must be >= 0");
    if (!(s.topP > 0 && s.topP <= 1)) bad("top-p must be in (0, 1]");
    if (!(s.minP >= 0 && s.minP <= 1)) bad("min-p must be in [0, 1]");
    if (!(s.typicalP > 0 && s.typicalP <= 1)) bad("typical-p must be in (0, 1]");
    if (!finite(s.topNSigma)) bad("top-n-sigma must be a number (<= 0 turns it off)");
    if (!(s.xtcThreshold >= 0 && s.xtcThreshold <= 1)) bad("XTC threshold must be in [0, 1]");
    if (!(s.xtcProbability >= 0 && s.xtcProbability <= 1)) bad("XTC probability must be in [0, 1]");
    if (s.mirostat != 0 && s.mirostat != 2) bad("mirostat must be 0 (off) or 2 (Mirostat v2; v1 is not implemented)");
    if (!(s.mirostatTau > 0) || !finite(s.mirostatTau)) bad("mirostat tau must be > 0");
    if (!(s.mirostatEta > 0) || !finite(s.mirostatEta)) bad("mirostat eta must be > 0");
}

void validatePenalties(const SamplingSettings& s) {
    if (!(s.repetitionPenalty > 0) || !finite(s.repetitionPenalty)) bad("repetition penalty must be > 0");
    if (!finite(s.presencePenalty)) bad("presence penalty must be a number");
    if (!finite(s.frequencyPenalty)) bad("frequency penalty must be a number");
    if (s.penaltyLastN < -1) bad("penalty last n must be >= -1 (-1: the whole context)");
    if (s.noRepeatNgramSize < 0) bad("no-repeat n-gram size must be >= 0");
    if (!(s.dryMultiplier >= 0) || !finite(s.dryMultiplier)) bad("DRY multiplier must be >= 0");
    if (!(s.dryBase >= 1) || !finite(s.dryBase)) bad("DRY base must be >= 1");
    if (s.dryAllowedLength < 1) bad("DRY allowed length must be >= 1");
    if (s.dryPenaltyLastN < -1) bad("DRY penalty last n must be >= -1 (-1: the whole context)");
    for (const auto& b : s.drySequenceBreakers)
        if (b.empty()) bad("DRY sequence breakers must not be empty");
    if (s.knowledgeTokens < 0) bad("the knowledge token count must be >= 0");
    if (!(s.knowledgeBoost >= 0) || !finite(s.knowledgeBoost)) bad("the knowledge boost must be >= 0");
    for (const auto& b : s.logitBias) {
        if (b.id < 0) bad("logit bias token id must be >= 0, got " + std::to_string(b.id));
        if (std::isnan(b.bias) || b.bias == std::numeric_limits<float>::infinity())
            bad("logit bias must be a number or -inf, for token " + std::to_string(b.id));
    }
}

// llama.cpp's names and a few obvious spellings, to ours.
std::string canonical(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return ch == '-' ? '_' : std::tolower(ch); });
    if (name == "typ_p" || name == "typical" || name == "typical_p" || name == "typ") return "typical_p";
    if (name == "temp" || name == "temperature" || name == "dynatemp") return "temperature";
    if (name == "penalty" || name == "penalties" || name == "repetition_penalty") return "penalties";
    if (name == "no_repeat_ngram" || name == "ngram" || name == "ngram_ban") return "ngram_ban";
    if (name == "k" || name == "top_k") return "top_k";
    if (name == "p" || name == "top_p") return "top_p";
    if (name == "m" || name == "min_p") return "min_p";
    if (name == "s" || name == "top_n_sigma" || name == "top_nsigma") return "top_n_sigma";
    return name;
}

}  // namespace

void validate(const SamplingSettings& s) {
    validateTruncation(s);
    validatePenalties(s);
    if (s.maxNewTokens < 1) bad("max new tokens must be >= 1");
    if (s.minNewTokens < 0 || s.minNewTokens > s.maxNewTokens) bad("min new tokens must be in [0, max new tokens]");
    if (s.alternatives < 0) bad("alternatives must be >= 0");
    for (const auto& stop : s.stopStrings)
        if (stop.empty()) bad("stop strings must not be empty");
    samplerOrder(s);  // throws for an unknown or repeated stage
}

const std::vector<std::string>& samplerStageNames() {
    static const std::vector<std::string> names = {"penalties", "ngram_ban", "dry",     "temperature", "top_n_sigma",
                                                   "top_k",     "top_p",     "typical_p", "min_p",     "xtc"};
    return names;
}

std::vector<std::string> samplerOrder(const SamplingSettings& s) {
    if (s.samplers.empty()) return samplerStageNames();
    std::vector<std::string> out;
    for (const auto& raw : s.samplers) {
        const std::string name = canonical(raw);
        const auto& known = samplerStageNames();
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            std::string list;
            for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
            bad("samplers: unknown stage \"" + raw + "\" (known: " + list + ")");
        }
        if (std::find(out.begin(), out.end(), name) != out.end()) bad("samplers: \"" + name + "\" appears twice");
        out.push_back(name);
    }
    return out;
}

std::vector<std::string> parseSamplerOrder(const std::string& text) {
    SamplingSettings s;
    std::string part;
    for (char ch : text + ";") {
        if (ch == ';' || ch == ',' || ch == ' ') {
            if (!part.empty()) s.samplers.push_back(part);
            part.clear();
        } else {
            part += ch;
        }
    }
    if (s.samplers.empty()) bad("samplers: no stage named in \"" + text + "\"");
    return samplerOrder(s);
}

LogitBias parseLogitBias(const std::string& text) {
    const size_t sign = text.find_first_of("+-", 1);
    auto fail = [&] { bad("logit bias \"" + text + "\" must be ID+BIAS or ID-BIAS (e.g. 15043+1.5, 15043-inf)"); };
    if (sign == std::string::npos || sign == 0) fail();
    const std::string idText = text.substr(0, sign), biasText = text.substr(sign + 1);
    char* end = nullptr;
    const long id = std::strtol(idText.c_str(), &end, 10);
    if (idText.empty() || *end != '\0' || id < 0 || id > std::numeric_limits<int>::max()) fail();
    float bias = 0;
    if (biasText == "inf") {
        if (text[sign] == '+') fail();
        bias = -std::numeric_limits<float>::infinity();
    } else {
        const double v = std::strtod(biasText.c_str(), &end);
        if (biasText.empty() || *end != '\0' || !std::isfinite(v) || biasText[0] == '+' || biasText[0] == '-') fail();
        bias = static_cast<float>(text[sign] == '-' ? -v : v);
    }
    return {static_cast<int>(id), bias};
}

}  // namespace persona
