#include "persona/generate/generator.h"

#include "generate/sampler_chain.h"
#include "model/causal_lm_impl.h"
#include "persona/error.h"
#include "persona/text/tokenizer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace persona {

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

// The model's own most probable tokens at this step, most probable first.
std::vector<TokenAlternative> topAlternatives(const torch::Tensor& probs, int count, const Tokenizer& tok) {
    std::vector<TokenAlternative> out;
    if (count <= 0) return out;
    const int64_t k = std::min<int64_t>(count, probs.size(0));
    auto top = torch::topk(probs, k);
    auto values = std::get<0>(top), indices = std::get<1>(top);
    for (int64_t j = 0; j < k; ++j) {
        TokenAlternative alt;
        alt.id = static_cast<int>(indices[j].item<int64_t>());
        alt.prob = values[j].item<float>();
        alt.text = tok.decode({alt.id});
        out.push_back(std::move(alt));
    }
    return out;
}

// What the sampler chain needs from the tokenizer: the end tokens the minimum length masks, the
// knowledge words to boost, and (for DRY) the tokens holding a sequence breaker.
detail::ChainInputs chainInputs(const SamplingSettings& settings, const Tokenizer& tok, int vocab,
                                const std::vector<int64_t>& boosted, const std::vector<int>& eosIds) {
    detail::ChainInputs in;
    for (int id : eosIds)
        if (id >= 0 && id < vocab) in.endTokens.push_back(id);
    for (int id : settings.stopTokenIds)
        if (id >= 0 && id < vocab) in.endTokens.push_back(id);
    in.boostedTokens.assign(boosted.begin(), boosted.end());
    if (settings.dryMultiplier > 0 && !settings.drySequenceBreakers.empty()) {
        const int n = std::min(vocab, tok.vocabSize());
        for (int id = 0; id < n; ++id) {
            const std::string bytes = tok.isSpecial(id) ? std::string() : tok.tokenBytes(id);
            for (const auto& b : settings.drySequenceBreakers)
                if (bytes.find(b) != std::string::npos) {
                    in.dryBreakerTokens.push_back(id);
                    break;
                }
        }
    }
    return in;
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
    detail::SamplerChain chain(settings, chainInputs(settings, tok, cfg.vocabSize, boosted, eosIds));

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
        }
        ev.alternatives = topAlternatives(probs, settings.alternatives, tok);
        if (!ev.forced) {
            std::vector<int> tracked;
            for (const auto& alt : ev.alternatives) tracked.push_back(alt.id);
            std::vector<detail::Attribution> why;
            double chosenAfter = 0;
            detail::StepContext ctx{sequence, penaltyFrom, reply, i, rng};
            ev.id = chain.sample(logits.data_ptr<float>(), logits.size(0), ctx, tracked, &why, &chosenAfter);
            ev.probAfter = static_cast<float>(chosenAfter);
            for (size_t j = 0; j < why.size(); ++j) {
                ev.alternatives[j].cutBy = why[j].cutBy;
                ev.alternatives[j].probAfter = static_cast<float>(why[j].probAfter);
                ev.alternatives[j].changes = std::move(why[j].changes);
            }
        }
        ev.prob = probs[ev.id].item<float>();
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
