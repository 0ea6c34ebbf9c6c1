#include "persona/bench/influence_bench.h"

#include "agent/influence_scoring.h"
#include "persona/error.h"
#include "persona/model/gpt2_model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include <sys/resource.h>

namespace persona::bench {
namespace {

long minorFaults() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_minflt;
}

// The median time of `repeats` calls; `faults` (if given) receives the mean minor page faults.
double medianMs(int repeats, const std::function<void()>& f, double* faults = nullptr) {
    std::vector<double> ms;
    const long faults0 = minorFaults();
    for (int i = 0; i < std::max(1, repeats); ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    if (faults) *faults = static_cast<double>(minorFaults() - faults0) / static_cast<double>(ms.size());
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

}  // namespace

InfluenceBenchResult runInfluenceBench(const InfluenceBenchOptions& o) {
    if (o.facts < 1 || o.factTokens < 2 || o.dialogueTokens < 1 || o.replyTokens < 1)
        throw InvalidArgument("bench influence: facts >= 1, fact tokens >= 2, dialogue tokens >= 1, reply tokens >= 1");
    const Gpt2Config cfg = Gpt2Config::preset(o.config);
    const Gpt2Model model = Gpt2Model::random(cfg, o.seed);
    std::mt19937_64 rng(o.seed);
    std::uniform_int_distribution<int> token(0, cfg.vocabSize - 2);
    auto randomIds = [&](int n) {
        std::vector<int> ids(n);
        for (auto& id : ids) id = token(rng);
        return ids;
    };
    std::vector<std::vector<int>> facts;
    for (int i = 0; i < o.facts; ++i) facts.push_back(randomIds(o.factTokens));
    const auto dialogue = randomIds(o.dialogueTokens);
    const auto reply = randomIds(o.replyTokens);
    auto prompt = [&](int without, bool none) {
        std::vector<int> ids;
        for (int i = 0; i < o.facts && !none; ++i)
            if (i != without) ids.insert(ids.end(), facts[i].begin(), facts[i].end());
        ids.insert(ids.end(), dialogue.begin(), dialogue.end());
        return ids;
    };
    std::vector<std::vector<int>> prompts{prompt(-1, false), prompt(-1, true)};
    for (int i = 0; i < o.facts; ++i) prompts.push_back(prompt(i, false));
    std::vector<int> full = prompts[0];
    full.insert(full.end(), reply.begin(), reply.end());
    if (full.size() > static_cast<size_t>(cfg.nPositions))
        throw InvalidArgument("bench influence: " + std::to_string(full.size()) + " tokens exceed n_positions");

    InfluenceBenchResult r;
    r.config = o.config;
    r.facts = o.facts;
    r.promptTokens = static_cast<int>(prompts[0].size());
    r.replyTokens = o.replyTokens;
    r.threads = at::get_num_threads();
    std::vector<std::vector<double>> fast, brute(prompts.size());
    detail::continuationLogprobsShared(model, prompts, reply);  // warm-up
    detail::plainForward(model, full);
    r.influenceMs = medianMs(
        o.repeats, [&] { fast = detail::continuationLogprobsShared(model, prompts, reply); }, &r.influencePageFaults);
    r.forwardMs = medianMs(o.repeats, [&] { detail::plainForward(model, full); }, &r.forwardPageFaults);
    r.bruteForceMs = medianMs(1, [&] {
        for (size_t v = 0; v < prompts.size(); ++v) brute[v] = detail::continuationLogprobs(model, prompts[v], reply);
    });
    r.ratio = r.influenceMs / r.forwardMs;
    for (size_t v = 0; v < prompts.size(); ++v)
        for (size_t t = 0; t < reply.size(); ++t) r.maxAbsDiff = std::max(r.maxAbsDiff, std::abs(fast[v][t] - brute[v][t]));
    return r;
}

}  // namespace persona::bench
