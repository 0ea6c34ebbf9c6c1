// Generation on the tiny reference GPT-2: the KV cache against the no-cache path and the
// independent reference, sampling determinism, stops, cancellation, truncation and streaming.
#include "persona/error.h"
#include "persona/generate/generator.h"
#include "persona/model/gpt2_model.h"
#include "persona/text/tokenizer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <fstream>
#include <thread>
#include <numeric>
#include <set>

namespace {

const std::string kModels = std::string(PERSONA_FIXTURES_DIR) + "/models";

// A test double: token i is the text "<i>"; no special tokens. Enough to drive the generator
// without vocabulary files.
class NumberTokenizer : public persona::Tokenizer {
public:
    explicit NumberTokenizer(int vocab) : m_vocab(vocab) {}
    std::vector<int> encode(std::string_view) const override { return {}; }
    std::string decode(const std::vector<int>& ids, bool) const override {
        std::string s;
        for (int id : ids) s += tokenBytes(id);
        return s;
    }
    std::string tokenString(int id) const override { return tokenBytes(id); }
    std::string tokenBytes(int id) const override { return "<" + std::to_string(id) + ">"; }
    int vocabSize() const override { return m_vocab; }
    std::optional<int> tokenId(std::string_view) const override { return std::nullopt; }
    bool isSpecial(int) const override { return false; }
    std::optional<int> bosId() const override { return std::nullopt; }
    std::optional<int> eosId() const override { return 2; }
    std::optional<int> padId() const override { return std::nullopt; }
    std::optional<int> unkId() const override { return std::nullopt; }
    std::vector<int> encodeForModel(std::string_view) const override { return {}; }
    std::string kind() const override { return "test"; }

private:
    int m_vocab;
};

class GenerateTest : public ::testing::Test {
protected:
    GenerateTest() : model(persona::Gpt2Model::load(kModels + "/tiny-gpt2")), tokenizer(97), generator(model, tokenizer) {}

    std::vector<int> ids(const persona::GenerationResult& r) {
        std::vector<int> out;
        for (const auto& t : r.tokens) out.push_back(t.id);
        return out;
    }
    persona::Gpt2Model model;
    NumberTokenizer tokenizer;
    persona::Generator generator;
};

TEST_F(GenerateTest, GreedyWithCacheEqualsWithoutCacheEqualsTheReference) {
    const auto ref = nlohmann::json::parse(std::ifstream(kModels + "/reference.json"))["gpt2"];
    const auto prompt = ref["greedy_prompt"].get<std::vector<int>>();
    const auto expected = ref["greedy_ids"].get<std::vector<int>>();
    persona::SamplingSettings s;
    s.greedy = true;
    s.stopAtEos = false;
    s.maxNewTokens = static_cast<int>(expected.size());
    const auto cached = generator.generate(prompt, s);
    s.useCache = false;
    const auto uncached = generator.generate(prompt, s);
    EXPECT_EQ(ids(cached), expected);
    EXPECT_EQ(ids(uncached), expected);
    // The reported probabilities agree too (same distribution, computed two ways).
    for (size_t i = 0; i < cached.tokens.size(); ++i)
        EXPECT_NEAR(cached.tokens[i].prob, uncached.tokens[i].prob, 1e-5);
}

TEST_F(GenerateTest, SameSeedSameTextOtherSeedOtherText) {
    persona::SamplingSettings s;
    s.stopAtEos = false;
    s.maxNewTokens = 30;
    s.temperature = 1.5f;
    s.seed = 42;
    const auto a = generator.generate({5, 17, 3}, s);
    const auto b = generator.generate({5, 17, 3}, s);
    EXPECT_EQ(a.text, b.text);
    s.seed = 43;
    const auto c = generator.generate({5, 17, 3}, s);
    EXPECT_NE(a.text, c.text);
}

TEST_F(GenerateTest, TopKOfOneAndTinyTopPAreGreedy) {
    persona::SamplingSettings greedy;
    greedy.greedy = true;
    greedy.stopAtEos = false;
    greedy.maxNewTokens = 15;
    const auto expected = ids(generator.generate({9, 8, 7}, greedy));
    persona::SamplingSettings s = greedy;
    s.greedy = false;
    s.topK = 1;
    s.seed = 5;
    EXPECT_EQ(ids(generator.generate({9, 8, 7}, s)), expected);
    s.topK = 0;
    s.topP = 1e-6f;
    EXPECT_EQ(ids(generator.generate({9, 8, 7}, s)), expected);
}

TEST_F(GenerateTest, NoRepeatNgramOfOneNeverRepeatsAToken) {
    persona::SamplingSettings s;
    s.greedy = true;
    s.stopAtEos = false;
    s.noRepeatNgramSize = 1;
    s.maxNewTokens = 40;
    const std::vector<int> prompt{5, 17, 3};
    const auto r = generator.generate(prompt, s);
    std::set<int> seen(prompt.begin(), prompt.end());
    for (int id : ids(r)) EXPECT_TRUE(seen.insert(id).second) << "token " << id << " repeated";
    // Without the ban, greedy decoding of this model does repeat (so the check above can fail).
    s.noRepeatNgramSize = 0;
    const auto free = ids(generator.generate(prompt, s));
    EXPECT_LT(std::set<int>(free.begin(), free.end()).size(), free.size());
}

TEST_F(GenerateTest, APenaltyFreePromptPrefixCanBeRestated) {
    // noRepeatNgramSize 1 bans every token already in the sequence; exempting the prompt lets
    // greedy decoding pick a prompt token again, as the agent lets a persona restate its facts.
    persona::SamplingSettings s;
    s.greedy = true;
    s.stopAtEos = false;
    s.noRepeatNgramSize = 1;
    s.maxNewTokens = 30;
    const std::vector<int> prompt{5, 17, 3, 40, 41, 42, 60, 61, 62, 80};
    const std::set<int> inPrompt(prompt.begin(), prompt.end());
    auto fromPrompt = [&](const persona::GenerationResult& r) {
        int n = 0;
        for (int id : ids(r)) n += inPrompt.count(id);
        return n;
    };
    EXPECT_EQ(fromPrompt(generator.generate(prompt, s)), 0);
    s.knowledgeTokens = static_cast<int>(prompt.size());
    const auto free = generator.generate(prompt, s);
    EXPECT_GT(fromPrompt(free), 0);
    const auto reply = ids(free);
    EXPECT_EQ(std::set<int>(reply.begin(), reply.end()).size(), reply.size());  // still no repeat within the reply
    s.knowledgeTokens = -1;
    EXPECT_THROW(generator.generate(prompt, s), persona::InvalidArgument);
}

// NumberTokenizer with every token a word start (" <i>"), for the knowledge boost.
class WordTokenizer : public NumberTokenizer {
public:
    using NumberTokenizer::NumberTokenizer;
    std::string tokenBytes(int id) const override { return " <" + std::to_string(id) + ">"; }
};

TEST_F(GenerateTest, TheKnowledgeBoostRaisesTheKnowledgeTokensUntilThePenaltiesStopThem) {
    const WordTokenizer words(97);
    const persona::Generator generator(model, words);
    persona::SamplingSettings s;
    s.greedy = true;
    s.stopAtEos = false;
    s.noRepeatNgramSize = 1;  // no token twice in the reply
    s.maxNewTokens = 6;
    const std::vector<int> prompt{5, 17, 3, 40, 41, 42};
    s.knowledgeTokens = 3;    // 5, 17, 3 are the knowledge
    const auto plain = ids(generator.generate(prompt, s));
    s.knowledgeBoost = 1000.0f;
    const auto boosted = ids(generator.generate(prompt, s));
    ASSERT_EQ(boosted.size(), 6u);
    EXPECT_EQ(std::set<int>(boosted.begin(), boosted.begin() + 3), (std::set<int>{3, 5, 17}));
    for (size_t i = 3; i < boosted.size(); ++i) EXPECT_FALSE(boosted[i] == 3 || boosted[i] == 5 || boosted[i] == 17);
    EXPECT_NE(plain, boosted);
    // Only word starts are boosted: with "<i>" tokens (no leading space) nothing changes.
    EXPECT_EQ(ids(GenerateTest::generator.generate(prompt, s)), plain);
    s.knowledgeBoost = -1.0f;
    EXPECT_THROW(generator.generate(prompt, s), persona::InvalidArgument);
}

TEST_F(GenerateTest, StreamsEveryTokenWithSortedAlternatives) {
    persona::SamplingSettings s;
    s.stopAtEos = false;
    s.maxNewTokens = 12;
    s.alternatives = 5;
    s.seed = 1;
    std::vector<persona::TokenEvent> streamed;
    const auto r = generator.generate({1, 2, 3}, s, [&](const persona::TokenEvent& e) { streamed.push_back(e); });
    ASSERT_EQ(streamed.size(), r.tokens.size());
    ASSERT_EQ(r.tokens.size(), 12u);
    std::string text;
    for (size_t i = 0; i < streamed.size(); ++i) {
        const auto& e = streamed[i];
        EXPECT_EQ(e.index, static_cast<int>(i));
        ASSERT_EQ(e.alternatives.size(), 5u);
        for (size_t k = 1; k < e.alternatives.size(); ++k)
            EXPECT_GE(e.alternatives[k - 1].prob, e.alternatives[k].prob);
        EXPECT_GT(e.prob, 0.0f);
        EXPECT_LE(e.prob, e.alternatives[0].prob);
        // When the chosen token is among the alternatives, its probability is the same number.
        for (const auto& a : e.alternatives)
            if (a.id == e.id) {
                EXPECT_FLOAT_EQ(a.prob, e.prob);
            }
        text += e.text;
    }
    EXPECT_EQ(text, r.text);
}

TEST_F(GenerateTest, StopTokenEndsTheReplyAndIsNotPartOfIt) {
    persona::SamplingSettings s;
    s.greedy = true;
    s.stopAtEos = false;
    s.maxNewTokens = 20;
    const auto free = generator.generate({5, 17, 3}, s);
    ASSERT_GE(free.tokens.size(), 4u);
    const int stop = free.tokens[3].id;
    s.stopTokenIds = {stop};
    const auto r = generator.generate({5, 17, 3}, s);
    EXPECT_EQ(r.stopReason, persona::StopReason::StopToken);
    EXPECT_EQ(r.tokens.back().id, stop);
    EXPECT_EQ(r.text.find("<" + std::to_string(stop) + ">"), std::string::npos);
}

TEST_F(GenerateTest, StopStringCutsTheText) {
    persona::SamplingSettings s;
    s.greedy = true;
    s.stopAtEos = false;
    s.maxNewTokens = 20;
    const auto free = generator.generate({5, 17, 3}, s);
    const std::string marker = free.tokens[2].text;
    s.stopStrings = {marker};
    const auto r = generator.generate({5, 17, 3}, s);
    EXPECT_EQ(r.stopReason, persona::StopReason::StopString);
    EXPECT_EQ(r.text, free.text.substr(0, free.text.find(marker)));
}

TEST_F(GenerateTest, CancelStopsBetweenTokens) {
    persona::SamplingSettings s;
    s.stopAtEos = false;
    s.maxNewTokens = 50;
    std::atomic_bool cancel{false};
    const auto r = generator.generate({1}, s, [&](const persona::TokenEvent& e) {
        if (e.index == 4) cancel = true;
    }, &cancel);
    EXPECT_EQ(r.stopReason, persona::StopReason::Cancelled);
    EXPECT_EQ(r.tokens.size(), 5u);
}

TEST_F(GenerateTest, ForcedReplyContinuesFromAChosenToken) {
    persona::SamplingSettings s;
    s.greedy = true;
    s.stopAtEos = false;
    s.maxNewTokens = 10;
    const auto free = generator.generate({5, 17, 3}, s);
    // Take the second-best alternative at position 2, then let the model continue.
    std::vector<int> forced{free.tokens[0].id, free.tokens[1].id, free.tokens[2].alternatives[1].id};
    const auto r = generator.generate({5, 17, 3}, s, {}, nullptr, forced);
    ASSERT_EQ(r.tokens.size(), 10u);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(r.tokens[i].id, forced[i]);
        EXPECT_TRUE(r.tokens[i].forced);
    }
    EXPECT_FALSE(r.tokens[3].forced);
    EXPECT_FLOAT_EQ(r.tokens[2].prob, free.tokens[2].alternatives[1].prob);
    // Continuing equals greedy decoding of the prompt with the forced tokens appended.
    std::vector<int> longer{5, 17, 3};
    longer.insert(longer.end(), forced.begin(), forced.end());
    s.maxNewTokens = 7;
    const auto tail = generator.generate(longer, s);
    for (int i = 0; i < 7; ++i) EXPECT_EQ(r.tokens[3 + i].id, tail.tokens[i].id);
}

TEST_F(GenerateTest, LongPromptsAreTruncatedFromTheLeft) {
    std::vector<int> prompt(100);
    std::iota(prompt.begin(), prompt.end(), 0);
    for (auto& id : prompt) id %= 97;
    persona::SamplingSettings s;
    s.greedy = true;
    s.stopAtEos = false;
    s.maxNewTokens = 16;  // n_positions 64 -> room for 48 prompt tokens
    const auto r = generator.generate(prompt, s);
    EXPECT_EQ(r.promptTokens, 48);
    EXPECT_EQ(r.promptTokensDropped, 52);
    EXPECT_EQ(r.tokens.size(), 16u);
    const std::vector<int> kept(prompt.end() - 48, prompt.end());
    EXPECT_EQ(ids(r), ids(generator.generate(kept, s)));
}

TEST_F(GenerateTest, BadSettingsAreNamed) {
    persona::SamplingSettings s;
    s.topP = 1.5f;
    try {
        generator.generate({1}, s);
        FAIL();
    } catch (const persona::InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("top-p"), std::string::npos);
    }
    s = {};
    s.maxNewTokens = 64;
    EXPECT_THROW(generator.generate({1}, s), persona::InvalidArgument);  // no room for a prompt
    s = {};
    EXPECT_THROW(generator.generate({}, s), persona::InvalidArgument);
    EXPECT_THROW(generator.generate({97}, s), persona::InvalidArgument);
}

}  // namespace

namespace {

TEST_F(GenerateTest, MinNewTokensHoldsBackTheEndAndStopTokens) {
    persona::SamplingSettings s;
    s.greedy = true;
    s.stopAtEos = false;
    s.maxNewTokens = 10;
    const auto free = generator.generate({5, 17, 3}, s);
    // Make the first greedy token a stop token: without a minimum the reply ends at once.
    s.stopTokenIds = {free.tokens[0].id};
    EXPECT_EQ(generator.generate({5, 17, 3}, s).tokens.size(), 1u);
    s.minNewTokens = 3;
    const auto held = generator.generate({5, 17, 3}, s);
    ASSERT_GE(held.tokens.size(), 3u);
    for (int i = 0; i < 3; ++i) EXPECT_NE(held.tokens[i].id, free.tokens[0].id);
    s.minNewTokens = 11;
    EXPECT_THROW(generator.generate({5, 17, 3}, s), persona::InvalidArgument);
}

}  // namespace

// Two generations on ONE model from two threads at once (a chat and a regenerate, two windows):
// each keeps its decode state in its own cache, so both match what each gives on its own.
TEST(GenerateConcurrency, TwoThreadsOnOneModelMatchSerialResults) {
    persona::Gpt2Config c;
    c.vocabSize = 300, c.nEmbd = 64, c.nLayer = 3, c.nHead = 4, c.nPositions = 256;
    const auto model = persona::Gpt2Model::random(c, 5);
    NumberTokenizer tokenizer(300);
    persona::SamplingSettings s;
    s.greedy = false;
    s.temperature = 1.0f;
    s.seed = 17;
    s.stopAtEos = false;
    s.maxNewTokens = 48;
    const std::vector<std::vector<int>> prompts{{1, 5, 9, 12}, {40, 41, 42, 43, 44, 45, 46}};
    auto run = [&](const std::vector<int>& prompt) {
        const persona::Generator g(model, tokenizer);
        std::vector<int> out;
        for (const auto& t : g.generate(prompt, s).tokens) out.push_back(t.id);
        return out;
    };
    std::vector<std::vector<int>> serial;
    for (const auto& p : prompts) serial.push_back(run(p));
    ASSERT_NE(serial[0], serial[1]);
    for (int round = 0; round < 5; ++round) {
        std::vector<std::vector<int>> parallel(2);
        std::thread a([&] { parallel[0] = run(prompts[0]); });
        std::thread b([&] { parallel[1] = run(prompts[1]); });
        a.join();
        b.join();
        EXPECT_EQ(parallel[0], serial[0]) << "round " << round;
        EXPECT_EQ(parallel[1], serial[1]) << "round " << round;
    }
}

// Stop is honoured during a long prefill, not only between generated tokens: a long prompt is fed
// in chunks and the flag is read before each.
TEST(GenerateCancel, StopDuringPrefillReturnsBeforeTheWholePromptIsRead) {
    persona::Gpt2Config c;
    c.vocabSize = 300, c.nEmbd = 256, c.nLayer = 4, c.nHead = 4, c.nPositions = 1024;
    const auto model = persona::Gpt2Model::random(c, 6);
    NumberTokenizer tokenizer(300);
    const persona::Generator g(model, tokenizer);
    persona::SamplingSettings s;
    s.maxNewTokens = 4;
    s.stopAtEos = false;
    std::vector<int> prompt(960);
    for (size_t i = 0; i < prompt.size(); ++i) prompt[i] = static_cast<int>(i % 290) + 3;

    std::atomic_bool cancel{false};
    std::atomic_int chunksSeen{0};
    // Another thread raises the flag as soon as the prefill has started (the first chunk is read).
    std::thread stopper([&] {
        while (chunksSeen.load() == 0) std::this_thread::yield();
        cancel = true;
    });
    chunksSeen = 1;
    const auto stopped = g.generate(prompt, s, {}, &cancel);
    stopper.join();
    EXPECT_EQ(stopped.stopReason, persona::StopReason::Cancelled);
    EXPECT_TRUE(stopped.tokens.empty());

    const auto full = g.generate(prompt, s);
    EXPECT_EQ(full.tokens.size(), 4u);
    EXPECT_LT(stopped.prefillMs, 0.5 * full.prefillMs)
        << "stopped prefill " << stopped.prefillMs << " ms, full prefill " << full.prefillMs << " ms";
}
