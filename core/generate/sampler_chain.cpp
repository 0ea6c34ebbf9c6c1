#include "generate/sampler_chain.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace persona::detail {

namespace {

bool byLogit(const Candidate& a, const Candidate& b) { return a.logit > b.logit || (a.logit == b.logit && a.id < b.id); }

// The stages the greedy pick skips (it takes the argmax after the logit stages) and the ones
// Mirostat replaces (as llama.cpp, which builds only temperature + Mirostat).
bool samplingOnly(const std::string& name) {
    return name != "penalties" && name != "ngram_ban" && name != "dry";
}
bool truncation(const std::string& name) { return samplingOnly(name) && name != "temperature"; }

std::unique_ptr<SamplerStage> makeStage(const std::string& name, const SamplingSettings& s, const ChainInputs& in) {
    if (name == "penalties") return makePenalties(s);
    if (name == "ngram_ban") return makeNgramBan(s);
    if (name == "dry") return makeDry(s, in.dryBreakerTokens);
    if (name == "temperature") return makeTemperature(s);
    if (name == "top_k") return makeTopK(s);
    if (name == "top_p") return makeTopP(s);
    if (name == "min_p") return makeMinP(s);
    if (name == "typical_p") return makeTypicalP(s);
    if (name == "top_n_sigma") return makeTopNSigma(s);
    if (name == "xtc") return makeXtc(s);
    return nullptr;
}

}  // namespace

void Candidates::sort() {
    if (sorted) return;
    std::sort(items.begin(), items.end(), byLogit);
    sorted = true;
}

void Candidates::sortTop(size_t k) {
    if (sorted) return;
    k = std::min(k, items.size());
    std::partial_sort(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(k), items.end(), byLogit);
}

std::vector<double> Candidates::weights(double& total) const {
    std::vector<double> w(items.size());
    total = 0;
    if (items.empty()) return w;
    const double maxLogit = items[0].logit;
    for (size_t i = 0; i < items.size(); ++i) {
        w[i] = std::exp((items[i].logit - maxLogit) / temperature);
        total += w[i];
    }
    return w;
}

// Follows the tracked tokens through the stages: which stage removed each, and the logit moves.
struct SamplerChain::Tracker {
    const std::vector<int>& tracked;
    std::vector<Attribution>* out;
    std::unordered_map<int, size_t> slot;
    std::vector<float> logit;
    std::vector<bool> alive;

    Tracker(const std::vector<int>& ids, std::vector<Attribution>* attribution, const float* logits, int64_t V)
        : tracked(ids), out(attribution) {
        if (!out) return;
        out->assign(ids.size(), {});
        logit.resize(ids.size());
        alive.assign(ids.size(), true);
        for (size_t i = 0; i < ids.size(); ++i) {
            slot[ids[i]] = i;
            logit[i] = ids[i] >= 0 && ids[i] < V ? logits[ids[i]] : -INFINITY;
        }
    }
    void after(const SamplerStage& stage, const Candidates& c) {
        if (!out) return;
        std::vector<bool> seen(tracked.size(), false);
        for (const auto& item : c.items) {
            auto it = slot.find(item.id);
            if (it == slot.end() || !alive[it->second]) continue;
            const size_t i = it->second;
            seen[i] = !(std::isinf(item.logit) && item.logit < 0);
            if (stage.changesLogits() && item.logit != logit[i] && seen[i])
                (*out)[i].changes.push_back({stage.name(), item.logit - logit[i]});
            logit[i] = item.logit;
        }
        for (size_t i = 0; i < tracked.size(); ++i)
            if (alive[i] && !seen[i]) {
                alive[i] = false;
                (*out)[i].cutBy = stage.name();
            }
    }
    void finish(const Candidates& c, const std::vector<double>& w, double total) {
        if (!out) return;
        for (size_t j = 0; j < c.items.size(); ++j) {
            auto it = slot.find(c.items[j].id);
            if (it != slot.end() && alive[it->second]) (*out)[it->second].probAfter = w[j] / total;
        }
    }
};

SamplerChain::SamplerChain(const SamplingSettings& s, ChainInputs in) : m_greedy(s.greedy) {
    auto add = [this](std::unique_ptr<SamplerStage> stage) {
        if (stage) m_stages.push_back(std::move(stage));
    };
    add(makeLogitBias(s));
    add(makeMinLength(s, in.endTokens));
    add(makeKnowledgeBoost(s, in.boostedTokens));
    for (const auto& name : samplerOrder(s)) {
        if (s.greedy && samplingOnly(name)) continue;
        if (s.mirostat == 2 && truncation(name)) continue;
        add(makeStage(name, s, in));
    }
    if (!s.greedy) add(makeMirostatV2(s));
}

SamplerChain::~SamplerChain() = default;

std::vector<std::string> SamplerChain::stageNames() const {
    std::vector<std::string> out;
    for (const auto& stage : m_stages) out.push_back(stage->name());
    out.push_back(m_greedy ? "greedy" : "pick");
    return out;
}

int SamplerChain::sample(const float* logits, int64_t V, StepContext& ctx, const std::vector<int>& tracked,
                         std::vector<Attribution>* attribution, double* chosenProbAfter) {
    Candidates& c = m_candidates;
    c.items.resize(static_cast<size_t>(V));
    for (int64_t i = 0; i < V; ++i) c.items[static_cast<size_t>(i)] = {static_cast<int>(i), logits[i]};
    c.sorted = false;
    c.temperature = 1.0;
    Tracker tracker(tracked, attribution, logits, V);
    for (auto& stage : m_stages) {
        stage->apply(c, ctx);
        tracker.after(*stage, c);
    }
    c.sort();
    double total = 0;
    const auto w = c.weights(total);
    tracker.finish(c, w, total);
    size_t pick = 0;
    const bool allBanned = std::isinf(c.items[0].logit) && c.items[0].logit < 0;
    if (!m_greedy && !allBanned) {
        // A draw in [0, total) from 53 random bits, walked in logit order (the old sampler's).
        const double u = uniform01(ctx.rng) * total;
        double acc = 0;
        pick = c.items.size() - 1;
        for (size_t i = 0; i < c.items.size(); ++i) {
            acc += w[i];
            if (u < acc) {
                pick = i;
                break;
            }
        }
    }
    const double probAfter = allBanned ? 0.0 : w[pick] / total;
    for (auto& stage : m_stages) stage->accept(c.items[pick].id, probAfter);
    if (chosenProbAfter) *chosenProbAfter = probAfter;
    return c.items[pick].id;
}

}  // namespace persona::detail
