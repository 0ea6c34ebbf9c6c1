#include "text/hf_pipeline.h"

#include "common/json_guard.h"
#include "persona/error.h"

#include <nlohmann/json.hpp>
#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>

namespace persona::detail {

using nlohmann::json;

namespace {

// Sequence nesting in a real file is one level; a file nested deeper is refused.
constexpr int kMaxSequenceDepth = 8;

// GPT-2's pattern, which HuggingFace's ByteLevel pre-tokenizer runs when use_regex is true.
constexpr const char* kByteLevelRegex =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

[[noreturn]] void fail(const std::string& where, const std::string& what) {
    throw TokenizerError(where + ": " + what);
}

std::string typeOf(const json& spec, const std::string& where, const char* field) {
    if (!spec.is_object() || !spec.contains("type") || !spec["type"].is_string())
        fail(where, std::string(field) + " must be an object with a string \"type\", found " +
                        jsonPreview(spec));
    return spec["type"].get<std::string>();
}

bool boolOr(const json& spec, const char* key, bool fallback, const std::string& where) {
    if (!spec.contains(key) || spec[key].is_null()) return fallback;
    if (!spec[key].is_boolean()) fail(where, std::string("\"") + key + "\" must be true or false");
    return spec[key].get<bool>();
}

void addNormalizer(const json& spec, const std::string& where, int depth, std::vector<int>& forms) {
    if (spec.is_null()) return;
    const std::string type = typeOf(spec, where, "normalizer");
    const int compose = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    const int decompose = UTF8PROC_STABLE | UTF8PROC_DECOMPOSE;
    if (type == "NFC") forms.push_back(compose);
    else if (type == "NFKC") forms.push_back(compose | UTF8PROC_COMPAT);
    else if (type == "NFD") forms.push_back(decompose);
    else if (type == "NFKD") forms.push_back(decompose | UTF8PROC_COMPAT);
    else if (type == "Sequence") {
        if (depth >= kMaxSequenceDepth) fail(where, "normalizer Sequence nested too deep");
        if (!spec.contains("normalizers") || !spec["normalizers"].is_array())
            fail(where, "normalizer Sequence needs a list \"normalizers\"");
        for (const json& inner : spec["normalizers"]) addNormalizer(inner, where, depth + 1, forms);
    } else {
        fail(where, "normalizer \"" + type + "\" is not supported (NFC, NFKC, NFD, NFKD, Sequence)");
    }
}

// Runs a file's regex over short texts of repeated characters, where a pattern with nested
// quantifiers backtracks exponentially: such a pattern is refused when the file is loaded, not
// on the first long input.
void probe(const Pcre2Regex& regex, const std::string& where) {
    for (const char* unit : {"a", " ", "1", "\xD1\x8F", "\n", "'", "a1", "a ", "_"}) {
        std::string text;
        for (int i = 0; i < 48; ++i) text += unit;
        try {
            (void)regex.findAll(text + "!");
        } catch (const TokenizerError&) {
            fail(where, "the regex \"" + regex.pattern() +
                            "\" backtracks catastrophically (it passes the match limit on 48 "
                            "repeats of \"" + std::string(unit) + "\")");
        }
    }
}

}  // namespace

HfNormalizer HfNormalizer::fromJson(const json& spec, const std::string& where) {
    HfNormalizer n;
    addNormalizer(spec, where, 0, n.m_forms);
    return n;
}

std::string HfNormalizer::apply(std::string_view text) const {
    std::string current(text);
    for (int form : m_forms) {
        utf8proc_uint8_t* out = nullptr;
        const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(current.data()),
                                                static_cast<utf8proc_ssize_t>(current.size()), &out,
                                                static_cast<utf8proc_option_t>(form));
        if (n < 0) throw TokenizerError(std::string("cannot normalize the text: ") + utf8proc_errmsg(n));
        current.assign(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
        std::free(out);
    }
    return current;
}

HfPreTokenizer HfPreTokenizer::fromJson(const json& spec, const std::string& where) {
    HfPreTokenizer p;
    if (!spec.is_null()) p.addStep(spec, where, 0);
    return p;
}

void HfPreTokenizer::addStep(const json& spec, const std::string& where, int depth) {
    const std::string type = typeOf(spec, where, "pre_tokenizer");
    if (type == "Sequence") {
        if (depth >= kMaxSequenceDepth) fail(where, "pre_tokenizer Sequence nested too deep");
        if (!spec.contains("pretokenizers") || !spec["pretokenizers"].is_array())
            fail(where, "pre_tokenizer Sequence needs a list \"pretokenizers\"");
        for (const json& inner : spec["pretokenizers"]) addStep(inner, where, depth + 1);
        return;
    }
    Step step;
    if (type == "ByteLevel") {
        m_byteLevel = true;
        step.addPrefixSpace = boolOr(spec, "add_prefix_space", true, where);
        if (boolOr(spec, "use_regex", true, where))
            step.regex = std::make_shared<Pcre2Regex>(kByteLevelRegex, false, where + ": ByteLevel");
        m_steps.push_back(std::move(step));
        return;
    }
    if (type != "Split")
        fail(where, "pre_tokenizer \"" + type + "\" is not supported (Split, ByteLevel, Sequence)");
    const json& pattern = spec.contains("pattern") ? spec["pattern"] : json();
    const bool isRegex = pattern.is_object() && pattern.contains("Regex") && pattern["Regex"].is_string();
    const bool isString = pattern.is_object() && pattern.contains("String") && pattern["String"].is_string();
    if (!isRegex && !isString)
        fail(where, "Split needs \"pattern\": {\"Regex\": ...} or {\"String\": ...}");
    step.regex = std::make_shared<Pcre2Regex>(pattern[isRegex ? "Regex" : "String"].get<std::string>(),
                                              !isRegex, where + ": Split");
    const std::string behavior = spec.value("behavior", std::string("Isolated"));
    if (behavior == "Removed") step.behavior = Behavior::Removed;
    else if (behavior == "Isolated") step.behavior = Behavior::Isolated;
    else if (behavior == "MergedWithPrevious") step.behavior = Behavior::MergedWithPrevious;
    else if (behavior == "MergedWithNext") step.behavior = Behavior::MergedWithNext;
    else if (behavior == "Contiguous") step.behavior = Behavior::Contiguous;
    else fail(where, "Split behavior \"" + behavior + "\" is not known");
    step.invert = boolOr(spec, "invert", false, where);
    probe(*step.regex, where);
    m_steps.push_back(std::move(step));
}

std::vector<std::string> HfPreTokenizer::split(std::string_view text) const {
    std::vector<std::string> pieces{std::string(text)};
    for (const Step& step : m_steps) {
        std::vector<std::string> next;
        next.reserve(pieces.size() * 2);
        for (std::string& piece : pieces) splitPiece(step, std::move(piece), next);
        pieces = std::move(next);
    }
    return pieces;
}

// HuggingFace's NormalizedString::split: the matches (or, inverted, the gaps) are the delimiters,
// and the behavior says what becomes of them.
void HfPreTokenizer::splitPiece(const Step& step, std::string piece, std::vector<std::string>& out) {
    if (step.addPrefixSpace && (piece.empty() || piece[0] != ' ')) piece.insert(piece.begin(), ' ');
    if (!step.regex) {
        if (!piece.empty()) out.push_back(std::move(piece));
        return;
    }
    struct Part {
        std::size_t begin, end;
        bool delimiter;
    };
    std::vector<Part> parts;
    std::size_t last = 0;
    for (const ByteRange& m : step.regex->findAll(piece)) {
        if (m.begin > last) parts.push_back({last, m.begin, step.invert});
        parts.push_back({m.begin, m.end, !step.invert});
        last = m.end;
    }
    if (last < piece.size()) parts.push_back({last, piece.size(), step.invert});

    std::vector<std::string> result;
    if (step.behavior == Behavior::MergedWithNext) {
        // A delimiter joins the part after it unless that part is a delimiter too (as
        // HuggingFace does it: from the right).
        bool nextIsDelimiter = false;
        for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
            std::string text = piece.substr(it->begin, it->end - it->begin);
            if (it->delimiter && !nextIsDelimiter && !result.empty()) result.back().insert(0, text);
            else result.push_back(std::move(text));
            nextIsDelimiter = it->delimiter;
        }
        std::reverse(result.begin(), result.end());
    }
    bool lastWasDelimiter = false;
    for (const Part& part : parts) {
        if (step.behavior == Behavior::MergedWithNext) break;
        std::string text = piece.substr(part.begin, part.end - part.begin);
        const bool joinPrevious =
            !result.empty() &&
            ((step.behavior == Behavior::MergedWithPrevious && part.delimiter && !lastWasDelimiter) ||
             (step.behavior == Behavior::Contiguous && part.delimiter == lastWasDelimiter));
        if (step.behavior == Behavior::Removed && part.delimiter) {
            // dropped
        } else if (joinPrevious) {
            result.back() += text;
        } else {
            result.push_back(std::move(text));
        }
        lastWasDelimiter = part.delimiter;
    }
    for (std::string& r : result)
        if (!r.empty()) out.push_back(std::move(r));
}

}  // namespace persona::detail
