// The stages that set the temperature or drop candidates: temperature (with llama.cpp's dynamic
// temperature), top-k, top-p, min-p, typical-p, top-n-sigma, XTC and Mirostat v2. Each keeps at
// least one candidate and leaves the candidates sorted.
#include "generate/sampler_chain.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace persona::detail {

namespace {

// The normalised probabilities of the (sorted) candidates at their temperature.
std::vector<double> probabilities(Candidates& c) {
    c.sort();
    double total = 0;
    auto p = c.weights(total);
    for (double& x : p) x /= total;
    return p;
}

class TemperatureStage : public SamplerStage {
public:
    explicit TemperatureStage(const SamplingSettings& s) : m_t(s.temperature), m_range(s.dynatempRange), m_exponent(s.dynatempExponent) {}
    const char* name() const override { return "temperature"; }
    void apply(Candidates& c, StepContext&) override {
        double t = m_t;
        if (m_range > 0 && c.items.size() > 1) t = dynamic(c);
        if (t <= 0) {  // the dynamic range reached 0: only the best remains, as in llama.cpp
            c.sort();
            c.keepFirst(1);
            t = 1;
        }
        c.temperature = t;
    }

private:
    // llama.cpp's temp-ext: the entropy of the distribution at temperature 1, normalised by the
    // largest possible (log of the candidates that can still be drawn), mapped into
    // [t - range, t + range] through x^exponent.
    double dynamic(Candidates& c) const {
        const double minT = std::max(0.0, static_cast<double>(m_t) - m_range), maxT = static_cast<double>(m_t) + m_range;
        c.temperature = 1.0;
        const auto p = probabilities(c);
        double entropy = 0;
        size_t finite = 0;
        for (double x : p)
            if (x > 0) {
                entropy -= x * std::log(x);
                ++finite;
            }
        if (finite <= 1) return m_t;
        const double normalized = entropy / std::log(static_cast<double>(finite));
        return minT + (maxT - minT) * std::pow(normalized, static_cast<double>(m_exponent));
    }

    float m_t, m_range, m_exponent;
};

class TopKStage : public SamplerStage {
public:
    explicit TopKStage(int k) : m_k(static_cast<size_t>(k)) {}
    const char* name() const override { return "top_k"; }
    void apply(Candidates& c, StepContext&) override {
        if (m_k >= c.items.size()) return;
        c.sortTop(m_k);
        c.keepFirst(m_k);
        c.sorted = true;
    }

private:
    size_t m_k;
};

// The smallest prefix whose mass reaches p (at least one token). The arithmetic is the old
// sampler's, to the bit: cumulative sum of w_i / total in double.
class TopPStage : public SamplerStage {
public:
    explicit TopPStage(float p) : m_p(p) {}
    const char* name() const override { return "top_p"; }
    void apply(Candidates& c, StepContext&) override {
        c.sort();
        double total = 0;
        const auto w = c.weights(total);
        double cumulative = 0;
        for (size_t i = 0; i < w.size(); ++i) {
            cumulative += w[i] / total;
            if (cumulative >= m_p) {
                c.keepFirst(i + 1);
                return;
            }
        }
    }

private:
    float m_p;
};

// Keeps the tokens whose probability is at least p x the best one's.
class MinPStage : public SamplerStage {
public:
    explicit MinPStage(float p) : m_logP(std::log(static_cast<double>(p))) {}
    const char* name() const override { return "min_p"; }
    void apply(Candidates& c, StepContext&) override {
        c.sort();
        const double best = c.items[0].logit;
        size_t keep = 1;
        while (keep < c.items.size() && (c.items[keep].logit - best) / c.temperature >= m_logP) ++keep;
        c.keepFirst(keep);
    }

private:
    double m_logP;
};

// Locally typical sampling: the tokens whose surprise is closest to the entropy, until their mass
// exceeds p (llama.cpp; Meister et al. 2022).
class TypicalPStage : public SamplerStage {
public:
    explicit TypicalPStage(float p) : m_p(p) {}
    const char* name() const override { return "typical_p"; }
    void apply(Candidates& c, StepContext&) override {
        const auto p = probabilities(c);
        double entropy = 0;
        for (double x : p)
            if (x > 0) entropy -= x * std::log(x);
        std::vector<size_t> order(p.size());
        std::iota(order.begin(), order.end(), 0);
        auto shift = [&](size_t i) { return p[i] > 0 ? std::fabs(-std::log(p[i]) - entropy) : std::numeric_limits<double>::infinity(); };
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return shift(a) < shift(b); });
        double cumulative = 0;
        size_t keep = order.size();
        for (size_t i = 0; i < order.size(); ++i) {
            cumulative += p[order[i]];
            if (cumulative > m_p) {
                keep = i + 1;
                break;
            }
        }
        std::vector<Candidate> kept;
        for (size_t i = 0; i < keep; ++i) kept.push_back(c.items[order[i]]);
        c.items = std::move(kept);
        c.sorted = false;
        c.sort();
    }

private:
    float m_p;
};

// Keeps the logits within n standard deviations of the largest (Tang et al. 2024); the statistics
// skip -inf logits. Invariant under the temperature, so it may stand anywhere.
class TopNSigmaStage : public SamplerStage {
public:
    explicit TopNSigmaStage(float n) : m_n(n) {}
    const char* name() const override { return "top_n_sigma"; }
    void apply(Candidates& c, StepContext&) override {
        c.sort();
        double sum = 0;
        size_t count = 0;
        for (const auto& item : c.items)
            if (std::isfinite(item.logit)) {
                sum += item.logit;
                ++count;
            }
        if (count <= 1) return;
        const double mean = sum / count;
        double acc = 0;
        for (const auto& item : c.items)
            if (std::isfinite(item.logit)) acc += (item.logit - mean) * (item.logit - mean);
        const double cutoff = c.items[0].logit - m_n * std::sqrt(acc / count);
        size_t keep = 1;
        while (keep < c.items.size() && c.items[keep].logit >= cutoff) ++keep;
        c.keepFirst(keep);
    }

private:
    double m_n;
};

// Exclude Top Choices: with the given probability per step, when two or more tokens reach the
// threshold, every one of them but the least likely is removed.
class XtcStage : public SamplerStage {
public:
    XtcStage(float threshold, float probability) : m_threshold(threshold), m_probability(probability) {}
    const char* name() const override { return "xtc"; }
    void apply(Candidates& c, StepContext& ctx) override {
        if (c.items.size() < 2) return;
        if (uniform01(ctx.rng) >= m_probability) return;
        const auto p = probabilities(c);
        size_t last = 0;
        for (size_t i = 0; i < p.size() && p[i] >= m_threshold; ++i) last = i;
        if (last == 0) return;
        c.items.erase(c.items.begin(), c.items.begin() + static_cast<std::ptrdiff_t>(last));
    }

private:
    double m_threshold, m_probability;
};

// Mirostat v2 (Basu et al. 2021, as in llama.cpp): drops the tokens whose surprise -log2 p
// exceeds mu, draws from the rest, and moves mu by eta x (observed surprise - tau).
class MirostatV2Stage : public SamplerStage {
public:
    MirostatV2Stage(float tau, float eta) : m_tau(tau), m_eta(eta), m_mu(2.0 * tau) {}
    const char* name() const override { return "mirostat"; }
    void apply(Candidates& c, StepContext&) override {
        const auto p = probabilities(c);
        size_t keep = 0;
        while (keep < p.size() && -std::log2(p[keep]) <= m_mu) ++keep;
        c.keepFirst(std::max<size_t>(keep, 1));
    }
    void accept(int, double probAfter) override {
        const double surprise = -std::log2(std::max(probAfter, 1e-300));
        m_mu -= m_eta * (surprise - m_tau);
    }

private:
    double m_tau, m_eta, m_mu;
};

}  // namespace

std::unique_ptr<SamplerStage> makeTemperature(const SamplingSettings& s) {
    if (s.temperature == 1.0f && !(s.dynatempRange > 0)) return nullptr;
    return std::make_unique<TemperatureStage>(s);
}

std::unique_ptr<SamplerStage> makeTopK(const SamplingSettings& s) {
    if (s.topK <= 0) return nullptr;
    return std::make_unique<TopKStage>(s.topK);
}

std::unique_ptr<SamplerStage> makeTopP(const SamplingSettings& s) {
    if (s.topP >= 1.0f) return nullptr;
    return std::make_unique<TopPStage>(s.topP);
}

std::unique_ptr<SamplerStage> makeMinP(const SamplingSettings& s) {
    if (s.minP <= 0.0f) return nullptr;
    return std::make_unique<MinPStage>(s.minP);
}

std::unique_ptr<SamplerStage> makeTypicalP(const SamplingSettings& s) {
    if (s.typicalP >= 1.0f) return nullptr;
    return std::make_unique<TypicalPStage>(s.typicalP);
}

std::unique_ptr<SamplerStage> makeTopNSigma(const SamplingSettings& s) {
    if (s.topNSigma <= 0.0f) return nullptr;
    return std::make_unique<TopNSigmaStage>(s.topNSigma);
}

std::unique_ptr<SamplerStage> makeXtc(const SamplingSettings& s) {
    if (s.xtcProbability <= 0.0f || s.xtcThreshold > 0.5f) return nullptr;
    return std::make_unique<XtcStage>(s.xtcThreshold, s.xtcProbability);
}

std::unique_ptr<SamplerStage> makeMirostatV2(const SamplingSettings& s) {
    if (s.mirostat != 2) return nullptr;
    return std::make_unique<MirostatV2Stage>(s.mirostatTau, s.mirostatEta);
}

}  // namespace persona::detail
