// The stages that move or mask logits: logit bias, the minimum-length mask, the knowledge boost,
// repetition/presence/frequency penalties, the no-repeat n-gram ban and DRY.
#include "generate/sampler_chain.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <unordered_set>

namespace persona::detail {

namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

// The token window a penalty looks at: sequence[from, end) less all but the last `lastN` (-1: all).
std::pair<size_t, size_t> window(const StepContext& ctx, int lastN) {
    const size_t end = ctx.sequence.size();
    size_t from = std::min(ctx.penaltyFrom, end);
    if (lastN >= 0 && end - from > static_cast<size_t>(lastN)) from = end - static_cast<size_t>(lastN);
    return {from, end};
}

class LogitBiasStage : public SamplerStage {
public:
    explicit LogitBiasStage(std::vector<LogitBias> bias) {
        for (const auto& b : bias) m_bias[b.id] += b.bias;
    }
    const char* name() const override { return "logit_bias"; }
    bool changesLogits() const override { return true; }
    void apply(Candidates& c, StepContext&) override {
        for (auto& item : c.items) {
            auto it = m_bias.find(item.id);
            if (it != m_bias.end()) item.logit += it->second;
        }
        c.sorted = false;
    }

private:
    std::unordered_map<int, float> m_bias;
};

// Too early to end the reply: the end-of-text and stop tokens are not candidates.
class MinLengthStage : public SamplerStage {
public:
    MinLengthStage(int minTokens, std::vector<int> ends) : m_min(minTokens), m_ends(ends.begin(), ends.end()) {}
    const char* name() const override { return "min_length"; }
    void apply(Candidates& c, StepContext& ctx) override {
        if (ctx.step >= m_min) return;
        for (auto& item : c.items)
            if (m_ends.count(item.id)) item.logit = kNegInf;
        c.sorted = false;
    }

private:
    int m_min;
    std::unordered_set<int> m_ends;
};

// Each knowledge word start gets the boost until the reply holds it (each word of the facts once).
class KnowledgeBoostStage : public SamplerStage {
public:
    KnowledgeBoostStage(float boost, std::vector<int> boosted) : m_boost(boost), m_boosted(boosted.begin(), boosted.end()) {}
    const char* name() const override { return "knowledge_boost"; }
    bool changesLogits() const override { return true; }
    void apply(Candidates& c, StepContext& ctx) override {
        for (auto& item : c.items)
            if (m_boosted.count(item.id) && std::find(ctx.reply.begin(), ctx.reply.end(), item.id) == ctx.reply.end())
                item.logit += m_boost;
        c.sorted = false;
    }

private:
    float m_boost;
    std::unordered_set<int> m_boosted;
};

// The repetition penalty (HF/CTRL rule: divide positive logits, multiply negative ones, once per
// token seen), then llama.cpp's frequency (per occurrence) and presence (once) penalties.
class PenaltiesStage : public SamplerStage {
public:
    explicit PenaltiesStage(const SamplingSettings& s)
        : m_repeat(s.repetitionPenalty), m_presence(s.presencePenalty), m_frequency(s.frequencyPenalty), m_lastN(s.penaltyLastN) {}
    const char* name() const override { return "penalties"; }
    bool changesLogits() const override { return true; }
    void apply(Candidates& c, StepContext& ctx) override {
        const auto [from, end] = window(ctx, m_lastN);
        std::unordered_map<int64_t, int> count;
        for (size_t i = from; i < end; ++i) ++count[ctx.sequence[i]];
        if (count.empty()) return;
        for (auto& item : c.items) {
            auto it = count.find(item.id);
            if (it == count.end()) continue;
            if (m_repeat != 1.0f) item.logit = item.logit > 0 ? item.logit / m_repeat : item.logit * m_repeat;
            if (m_frequency != 0.0f || m_presence != 0.0f)
                item.logit -= static_cast<float>(it->second) * m_frequency + m_presence;
        }
        c.sorted = false;
    }

private:
    float m_repeat, m_presence, m_frequency;
    int m_lastN;
};

// The last n-1 tokens; any earlier occurrence of them bans the token that followed it.
class NgramBanStage : public SamplerStage {
public:
    explicit NgramBanStage(int n) : m_n(n) {}
    const char* name() const override { return "ngram_ban"; }
    void apply(Candidates& c, StepContext& ctx) override {
        const auto& seq = ctx.sequence;
        const size_t from = std::min(ctx.penaltyFrom, seq.size());
        if (static_cast<int64_t>(seq.size() - from) < m_n) return;
        const size_t L = seq.size(), prefix = static_cast<size_t>(m_n - 1);
        std::unordered_set<int64_t> banned;
        for (size_t start = from; start + prefix < L; ++start) {
            bool match = true;
            for (size_t k = 0; k < prefix && match; ++k) match = seq[start + k] == seq[L - prefix + k];
            if (match) banned.insert(seq[start + prefix]);
        }
        if (banned.empty()) return;
        for (auto& item : c.items)
            if (banned.count(item.id)) item.logit = kNegInf;
        c.sorted = false;
    }

private:
    int m_n;
};

// DRY (KoboldCpp's, as in llama.cpp): if the context's tail repeats an earlier stretch of at least
// allowed_length tokens, the token that followed the earlier stretch loses
// multiplier x base^(length - allowed_length). A repeat never reaches back past a sequence-breaker
// token, and breaker tokens are never penalized. Breakers are matched per token (a token whose text
// contains a breaker string), not across token boundaries as llama.cpp also does.
class DryStage : public SamplerStage {
public:
    DryStage(const SamplingSettings& s, std::vector<int> breakers)
        : m_multiplier(s.dryMultiplier), m_base(s.dryBase), m_allowed(s.dryAllowedLength), m_lastN(s.dryPenaltyLastN),
          m_breakers(breakers.begin(), breakers.end()) {}
    const char* name() const override { return "dry"; }
    bool changesLogits() const override { return true; }
    void apply(Candidates& c, StepContext& ctx) override {
        const auto penalties = penaltyByToken(ctx);
        if (penalties.empty()) return;
        for (auto& item : c.items) {
            auto it = penalties.find(item.id);
            if (it != penalties.end()) item.logit -= it->second;
        }
        c.sorted = false;
    }

private:
    std::unordered_map<int64_t, float> penaltyByToken(const StepContext& ctx) const {
        const auto [from, end] = window(ctx, m_lastN);
        const int64_t* t = ctx.sequence.data() + from;
        const int n = static_cast<int>(end - from);
        std::unordered_map<int64_t, float> out;
        if (n <= m_allowed) return out;
        // The longest repeat may not reach past the last breaker.
        int repLimit = n;
        for (int i = 0; i < n; ++i)
            if (m_breakers.count(static_cast<int>(t[n - 1 - i]))) {
                repLimit = i;
                break;
            }
        if (repLimit < m_allowed) return out;
        const float kFloatMaxLog = 88.7228391f;
        const int maxExponent = m_base > 1.000001f ? static_cast<int>(kFloatMaxLog / std::log(m_base)) : 0;
        std::unordered_map<int64_t, int> longest;  // token -> the longest repeat it would extend
        for (int j = 0; j + 1 < n; ++j) {
            // How far the stretch ending at j matches the tail ending at n - 1.
            int len = 0;
            while (len <= j && len < repLimit && t[j - len] == t[n - 1 - len]) ++len;
            if (len < m_allowed) continue;
            int& best = longest[t[j + 1]];
            best = std::max(best, len);
        }
        for (const auto& [token, len] : longest) {
            if (m_breakers.count(static_cast<int>(token))) continue;
            int exponent = len - m_allowed;
            if (maxExponent > 0) exponent = std::min(exponent, maxExponent);
            out[token] = m_multiplier * std::pow(m_base, static_cast<float>(exponent));
        }
        return out;
    }

    float m_multiplier, m_base;
    int m_allowed, m_lastN;
    std::unordered_set<int> m_breakers;
};

}  // namespace

std::unique_ptr<SamplerStage> makeLogitBias(const SamplingSettings& s) {
    if (s.logitBias.empty()) return nullptr;
    return std::make_unique<LogitBiasStage>(s.logitBias);
}

std::unique_ptr<SamplerStage> makeMinLength(const SamplingSettings& s, std::vector<int> endTokens) {
    if (s.minNewTokens <= 0 || endTokens.empty()) return nullptr;
    return std::make_unique<MinLengthStage>(s.minNewTokens, std::move(endTokens));
}

std::unique_ptr<SamplerStage> makeKnowledgeBoost(const SamplingSettings& s, std::vector<int> boosted) {
    if (!(s.knowledgeBoost > 0) || boosted.empty()) return nullptr;
    return std::make_unique<KnowledgeBoostStage>(s.knowledgeBoost, std::move(boosted));
}

std::unique_ptr<SamplerStage> makePenalties(const SamplingSettings& s) {
    if (s.penaltyLastN == 0 || (s.repetitionPenalty == 1.0f && s.presencePenalty == 0.0f && s.frequencyPenalty == 0.0f))
        return nullptr;
    return std::make_unique<PenaltiesStage>(s);
}

std::unique_ptr<SamplerStage> makeNgramBan(const SamplingSettings& s) {
    if (s.noRepeatNgramSize <= 0) return nullptr;
    return std::make_unique<NgramBanStage>(s.noRepeatNgramSize);
}

std::unique_ptr<SamplerStage> makeDry(const SamplingSettings& s, std::vector<int> breakerTokens) {
    if (s.dryMultiplier == 0.0f || s.dryBase < 1.0f || s.dryPenaltyLastN == 0) return nullptr;
    return std::make_unique<DryStage>(s, std::move(breakerTokens));
}

}  // namespace persona::detail
