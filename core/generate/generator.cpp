#include "persona/generate/generator.h"

#include "generate/sampler.h"
#include "model/causal_lm_impl.h"
#include "persona/error.h"
#include "persona/text/tokenizer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace persona {

void validate(const SamplingSettings& s) {
    auto bad = [](const std::string& what) { throw InvalidArgument("sampling setting " + what); };
    if (!(s.temperature > 0) || !std::isfinite(s.temperature)) bad("temperature must be > 0");
    if (s.topK < 0) bad("top-k must be >= 0");
    if (!(s.topP > 0 && s.topP <= 1)) bad("top-p must be in (0, 1]");
    if (!(s.repetitionPenalty > 0) || !std::isfinite(s.repetitionPenalty)) bad("repetition penalty must be > 0");
    if (s.noRepeatNgramSize < 0) bad("no-repeat n-gram size must be >= 0");
    if (s.knowledgeTokens < 0) bad("the knowledge token count must be >= 0");
    if (!(s.knowledgeBoost >= 0) || !std::isfinite(s.knowledgeBoost)) bad("the knowledge boost must be >= 0");
    if (s.maxNewTokens < 1) bad("max new tokens must be >= 1");
    if (s.minNewTokens < 0 || s.minNewTokens > s.maxNewTokens) bad("min new tokens must be in [0, max new tokens]");
    if (s.alternatives < 0) bad("alternatives must be >= 0");
    for (const auto& stop : s.stopStrings)
        if (stop.empty()) bad("stop strings must not be empty");
}

size_t promptTokensToDrop(size_t promptTokens, int nPositions, int maxNewTokens) {
    const size_t budget = static_cast<size_t>(std::max(0, nPositions - maxNewTokens));
    return promptTokens > budget ? promptTokens - budget : 0;
}

std::string toString(StopReason reason) {
    switch (reason) {
        case StopReason::MaxTokens: return "max_tokens";
        case StopReason::Eos: return "eos";
        case StopReason::StopToken: return "stop_token";
        case StopReason::StopString: return "stop_string";
        case StopReason::Cancelled: return "cancelled";
        case StopReason::ContextFull: return "context_full";
    }
    return "unknown";
}

struct Generator::Impl {
    const CausalLm& model;
    const Tokenizer& tokenizer;
};

Generator::Generator(const CausalLm& model, const Tokenizer& tokenizer)
    : m_impl(std::make_unique<Impl>(Impl{model, tokenizer})) {}
Generator::~Generator() = default;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// The position of the earliest stop string in text, or npos.
size_t findStop(const std::string& text, const std::vector<std::string>& stops) {
    size_t best = std::string::npos;
    for (const auto& s : stops) best = std::min(best, text.find(s));
    return best;
}

// With a cache the prompt is fed in chunks, so that Stop is honoured within one chunk's time even
// during a long prefill; logits of the last position, or an undefined tensor when cancelled.
constexpr size_t kPrefillChunk = 64;

template <typename Step>
torch::Tensor prefill(Step& step, const std::vector<int64_t>& sequence, bool chunked, const std::atomic_bool* cancel) {
    if (!chunked) return step(sequence);
    torch::Tensor logits;
    for (size_t start = 0; start < sequence.size(); start += kPrefillChunk) {
        if (cancel && cancel->load()) return {};
        const size_t end = std::min(sequence.size(), start + kPrefillChunk);
        logits = step(std::vector<int64_t>(sequence.begin() + static_cast<std::ptrdiff_t>(start),
                                           sequence.begin() + static_cast<std::ptrdiff_t>(end)));
    }
    return logits;
}

}  // namespace

GenerationResult Generator::generate(const std::vector<int>& promptIn, const SamplingSettings& settings,
                                     const TokenCallback& onToken, const std::atomic_bool* cancel,
                                     const std::vector<int>& forcedReply) const {
    validate(settings);
    auto& m = m_impl->model.backend();
    const Tokenizer& tok = m_impl->tokenizer;
    const CausalLmInfo info = m_impl->model.info();
    struct {
        int nPositions, vocabSize;
    } cfg{info.contextLength, info.vocabSize};
    if (settings.maxNewTokens >= cfg.nPositions)
        throw InvalidArgument("max new tokens (" + std::to_string(settings.maxNewTokens) +
                              ") must be below the model's context length (" + std::to_string(cfg.nPositions) + ")");
    if (promptIn.empty()) throw InvalidArgument("generate: the prompt has no tokens");
    for (int id : promptIn)
        if (id < 0 || id >= cfg.vocabSize)
            throw InvalidArgument("prompt token id " + std::to_string(id) + " is outside the vocabulary of " +
                                  std::to_string(cfg.vocabSize));

    GenerationResult result;
    // Left truncation: keep the most recent tokens that leave room for the reply.
    const size_t drop = promptTokensToDrop(promptIn.size(), cfg.nPositions, settings.maxNewTokens);
    std::vector<int64_t> sequence(promptIn.begin() + static_cast<std::ptrdiff_t>(drop), promptIn.end());
    result.promptTokens = static_cast<int>(sequence.size());
    result.promptTokensDropped = static_cast<int>(drop);
    // The knowledge prefix, less what the left truncation cut of it, and the tokens it boosts.
    const size_t penaltyFrom = static_cast<size_t>(std::max<int64_t>(0, settings.knowledgeTokens - static_cast<int64_t>(drop)));
    std::vector<int64_t> boosted;
    if (settings.knowledgeBoost > 0) {
        // Word starts only (a space, then more): boosting word pieces too made a small model
        // string letters of the facts together; it completes a word it has begun on its own.
        for (size_t i = 0; i < penaltyFrom; ++i) {
            const int id = static_cast<int>(sequence[i]);
            const std::string bytes = tok.isSpecial(id) ? std::string() : tok.tokenBytes(id);
            if (bytes.size() >= 2 && bytes[0] == ' ' && bytes[1] != ' ') boosted.push_back(id);
        }
        std::sort(boosted.begin(), boosted.end());
        boosted.erase(std::unique(boosted.begin(), boosted.end()), boosted.end());
    }

    c10::InferenceMode inference;
    const auto idOptions = torch::TensorOptions().dtype(torch::kLong).device(m.computeDevice());
    std::unique_ptr<detail::KvCache> cache;
    if (settings.useCache)
        cache = m.newCache(std::min<int64_t>(cfg.nPositions, sequence.size() + settings.maxNewTokens));
    // Logits of the last position after feeding `ids` (all of them without a cache).
    auto step = [&](const std::vector<int64_t>& ids) {
        auto input = torch::tensor(ids, torch::kLong).view({1, -1}).to(idOptions.device());  // (1, T)
        auto hidden = m.hidden(input, cache.get());                                         // (1, T, C)
        return m.lmHead(hidden[0][-1]).to(torch::kCPU, torch::kFloat32).contiguous();  // (V)
    };

    std::mt19937_64 rng(settings.seed);
    Utf8StreamAssembler assembler;
    std::vector<int> reply;
    std::string streamed;
    const auto t0 = Clock::now();
    torch::Tensor logits = prefill(step, sequence, cache != nullptr, cancel);
    result.prefillMs = msSince(t0);
    if (!logits.defined()) {  // stopped during the prefill
        result.stopReason = StopReason::Cancelled;
        return result;
    }
    const auto tDecode = Clock::now();
    // The tokenizer's end of text (else the model's), and every id of a model's eos list (Llama 3,
    // Qwen2.5: generation_config.json names the end-of-turn tokens too).
    std::vector<int> eosIds;
    if (tok.eosId()) eosIds.push_back(*tok.eosId());
    else if (!info.eosTokenIds.empty()) eosIds.push_back(info.eosTokenIds.front());
    if (info.eosTokenIds.size() > 1) eosIds.insert(eosIds.end(), info.eosTokenIds.begin(), info.eosTokenIds.end());
    const auto isEosId = [&](int id) { return std::find(eosIds.begin(), eosIds.end(), id) != eosIds.end(); };

    for (int i = 0; i < settings.maxNewTokens; ++i) {
        if (cancel && cancel->load()) {
            result.stopReason = StopReason::Cancelled;
            break;
        }
        auto probs = torch::softmax(logits, 0);  // (V) the model's own distribution
        TokenEvent ev;
        ev.index = i;
        if (static_cast<size_t>(i) < forcedReply.size()) {
            ev.id = forcedReply[i];
            ev.forced = true;
            if (ev.id < 0 || ev.id >= cfg.vocabSize)
                throw InvalidArgument("forced token id " + std::to_string(ev.id) + " is outside the vocabulary");
        } else {
            auto processed = logits.clone();
            float* l = processed.data_ptr<float>();
            for (int64_t id : boosted)  // each word of the knowledge once
                if (std::find(reply.begin(), reply.end(), id) == reply.end()) l[id] += settings.knowledgeBoost;
            detail::applyPenalties(processed, sequence, settings, penaltyFrom);
            if (i < settings.minNewTokens) {
                // Too early to end the reply: the end-of-text and stop tokens are not candidates.
                for (int id : eosIds)
                    if (id >= 0 && id < cfg.vocabSize) l[id] = -std::numeric_limits<float>::infinity();
                for (int id : settings.stopTokenIds)
                    if (id >= 0 && id < cfg.vocabSize) l[id] = -std::numeric_limits<float>::infinity();
            }
            ev.id = static_cast<int>(detail::chooseToken(processed, settings, rng));
        }
        ev.prob = probs[ev.id].item<float>();
        if (settings.alternatives > 0) {
            const int64_t k = std::min<int64_t>(settings.alternatives, probs.size(0));
            auto top = torch::topk(probs, k);
            auto values = std::get<0>(top), indices = std::get<1>(top);
            for (int64_t j = 0; j < k; ++j) {
                TokenAlternative alt;
                alt.id = static_cast<int>(indices[j].item<int64_t>());
                alt.prob = values[j].item<float>();
                alt.text = tok.decode({alt.id});
                ev.alternatives.push_back(std::move(alt));
            }
        }
        const bool isEos = settings.stopAtEos && isEosId(ev.id);
        const bool isStopToken = std::find(settings.stopTokenIds.begin(), settings.stopTokenIds.end(), ev.id) !=
                                 settings.stopTokenIds.end();
        if (isEos || isStopToken) {
            ev.text.clear();
            result.tokens.push_back(ev);
            if (onToken) onToken(result.tokens.back());
            result.stopReason = isEos ? StopReason::Eos : StopReason::StopToken;
            break;
        }
        ev.text = assembler.push(tok.tokenBytes(ev.id));
        streamed += ev.text;
        reply.push_back(ev.id);
        sequence.push_back(ev.id);
        result.tokens.push_back(ev);
        if (onToken) onToken(result.tokens.back());
        if (!settings.stopStrings.empty() && findStop(streamed, settings.stopStrings) != std::string::npos) {
            result.stopReason = StopReason::StopString;
            break;
        }
        if (i + 1 == settings.maxNewTokens) break;
        if (static_cast<int>(sequence.size()) >= cfg.nPositions) {
            result.stopReason = StopReason::ContextFull;
            break;
        }
        // With a cache, one token through the model's decode step (fused and allocation-free on
        // the CPU in F32; its logits buffer is overwritten by the next step, after we are done).
        logits = cache ? m.step(ev.id, *cache).to(torch::kCPU, torch::kFloat32).contiguous()
                       : step(sequence);
    }
    result.decodeMs = msSince(tDecode);
    result.text = tok.decode(reply, /*skipSpecial=*/false);
    const size_t stop = findStop(result.text, settings.stopStrings);
    if (stop != std::string::npos) result.text.resize(stop);
    return result;
}

}  // namespace persona
