// The lexical half of persona-cli bench retrieval (issue 28): BM25 over n-grams and stemmed words
// on a large cached index. The facts are synthetic Russian sentences made from inflected forms of
// common words, so stemming and posting lengths are like a real persona's; a query is a short
// question in the same vocabulary, stemmed at query time as the agent does.
#include "persona/bench/retrieval_bench.h"

#include "persona/retrieve/bm25.h"

#include <algorithm>
#include <chrono>
#include <random>

#include <time.h>

namespace persona::bench {

namespace {

using Clock = std::chrono::steady_clock;

// This thread's CPU time: on a loaded machine, what a query costs without the time it waited.
double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
}

double percentileOf(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

const std::vector<std::string>& benchWords() {
    static const std::vector<std::string> words{
        "я", "ты", "мне", "меня", "мой", "моя", "в", "на", "не", "и", "с", "по", "где", "чем", "как", "когда",
        "живу", "живёшь", "жил", "учусь", "учишься", "учился", "работаю", "работаешь", "работал", "люблю",
        "любишь", "нравится", "нравятся", "умею", "умеешь", "играю", "играть", "играешь", "хожу", "ходишь",
        "готовить", "готовлю", "читаю", "читать", "книги", "книгу", "книга", "футбол", "футболом", "гитаре",
        "гитара", "музыку", "музыка", "концерты", "концерте", "спортзал", "спортзале", "университете",
        "университет", "магистратуре", "курсе", "городе", "город", "Москве", "Москва", "Санкт-Петербурге",
        "общежитии", "квартире", "собака", "собаку", "кошка", "кошку", "брат", "сестра", "родители",
        "программирую", "программист", "инженером", "инженер", "машинное", "обучение", "путешествовать",
        "путешествия", "плавать", "петь", "танцами", "танцевать", "рисовать", "фильмы", "сериалы", "кино",
        "утром", "вечером", "выходные", "лето", "зиму", "море", "горы", "велосипед", "машину", "поезд"};
    return words;
}

std::string sentence(std::mt19937_64& rng, int minWords, int maxWords) {
    const auto& words = benchWords();
    std::uniform_int_distribution<size_t> pick(0, words.size() - 1);
    std::uniform_int_distribution<int> length(minWords, maxWords);
    std::string out;
    for (int n = length(rng); n > 0; --n) {
        if (!out.empty()) out += ' ';
        out += words[pick(rng)];
    }
    return out;
}

}  // namespace

LexicalBenchResult runLexicalBench(int64_t facts, int queries, int topK, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::string> texts;
    texts.reserve(static_cast<size_t>(facts));
    for (int64_t i = 0; i < facts; ++i) texts.push_back(sentence(rng, 3, 8));
    LexicalBenchResult r;
    const Bm25Options options;
    r.ngramWeight = options.ngramWeight;
    r.wordWeight = options.wordWeight;
    const auto t0 = Clock::now();
    const Bm25Index index(std::move(texts), options);
    r.buildS = std::chrono::duration<double>(Clock::now() - t0).count();
    std::vector<std::string> questions;
    for (int q = 0; q < queries; ++q) questions.push_back(sentence(rng, 2, 5) + "?");
    std::vector<double> ms, cpuMs;
    double checksum = 0;
    for (const auto& q : questions) {
        const auto t1 = Clock::now();
        const double c1 = threadCpuMs();
        const auto scores = index.score(q);
        std::vector<size_t> order(scores.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        const size_t k = std::min<size_t>(static_cast<size_t>(topK), order.size());
        std::partial_sort(order.begin(), order.begin() + static_cast<long>(k), order.end(),
                          [&](size_t a, size_t b) { return scores[a] > scores[b] || (scores[a] == scores[b] && a < b); });
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t1).count());
        cpuMs.push_back(threadCpuMs() - c1);
        if (k > 0) checksum += scores[order[0]];
    }
    r.queryMsP50 = percentileOf(ms, 0.50);
    r.queryMsP95 = percentileOf(ms, 0.95);
    r.queryCpuMsP50 = percentileOf(cpuMs, 0.50);
    r.queryCpuMsP95 = percentileOf(cpuMs, 0.95);
    r.checksum = checksum;
    return r;
}

}  // namespace persona::bench
