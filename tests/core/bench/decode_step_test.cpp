// The fused decode step (Gpt2Impl::decodeStep on CPU F32) against the torch path it replaces
// (forward + lmHead), on a small GPT-2 with awkward sizes; its guards; and that it allocates
// nothing once warm (every malloc in the process counted).
#include "malloc_counter.h"
#include "model/gpt2_impl.h"
#include "persona/error.h"

#include <gtest/gtest.h>

#include <random>

namespace {

using persona::detail::KvCache;

persona::Gpt2Config smallConfig(const std::string& activation) {
    persona::Gpt2Config c;
    c.vocabSize = 101, c.nEmbd = 40, c.nLayer = 2, c.nHead = 5, c.nPositions = 48;  // HD = 8
    c.activation = activation;
    return c;
}

std::unique_ptr<KvCache> newCache(const persona::Gpt2Config& c, int64_t capacity) {
    return std::make_unique<KvCache>(c.nLayer, 1, c.nHead, capacity, c.nEmbd / c.nHead,
                                     torch::TensorOptions().dtype(torch::kFloat32));
}

// Decodes `steps` tokens after a prefill, returning every step's logits.
std::vector<torch::Tensor> decode(persona::Gpt2Model& model, bool fused, int steps, int64_t capacity) {
    auto& net = model.impl().net;
    net->setFusedDecode(fused);
    c10::InferenceMode guard;
    auto cache = newCache(model.config(), capacity);
    net->forward(torch::tensor({3, 14, 15, 92, 65}, torch::kLong).view({1, -1}), cache.get());
    std::vector<torch::Tensor> out;
    int64_t id = 35;
    for (int i = 0; i < steps; ++i) {
        EXPECT_EQ(net->fusedDecodeApplies(*cache), fused);
        out.push_back(net->decodeStep(id, *cache).clone());  // the buffer is reused by the next step
        id = out.back().argmax().item<int64_t>();
    }
    EXPECT_EQ(cache->length(), 5 + steps);
    return out;
}

class FusedStep : public ::testing::TestWithParam<std::tuple<std::string, int, bool>> {
protected:
    void SetUp() override { m_threads = at::get_num_threads(); }
    void TearDown() override {
        at::set_num_threads(m_threads);
        persona::detail::forceGenericKernels(false);
    }
    int m_threads = 1;
};

TEST_P(FusedStep, MatchesTheTorchPath) {
    const auto [activation, threads, generic] = GetParam();
    at::set_num_threads(threads);
    persona::detail::forceGenericKernels(generic);
    auto model = persona::Gpt2Model::random(smallConfig(activation), 11);
    const auto reference = decode(model, /*fused=*/false, 30, 40);
    const auto fused = decode(model, /*fused=*/true, 30, 40);
    ASSERT_EQ(reference.size(), fused.size());
    for (size_t i = 0; i < fused.size(); ++i)
        EXPECT_LT((fused[i] - reference[i]).abs().max().item<float>(), 1e-4) << "step " << i;
    // The comparison can fail: another model's logits differ.
    auto other = persona::Gpt2Model::random(smallConfig(activation), 12);
    EXPECT_GT((decode(other, true, 1, 40)[0] - fused[0]).abs().max().item<float>(), 1e-3);
}

TEST(FusedStepThreads, SameBitsWithAnyThreadCount) {
    const int before = at::get_num_threads();
    auto model = persona::Gpt2Model::random(smallConfig("gelu_new"), 21);
    at::set_num_threads(1);
    const auto one = decode(model, true, 12, 40);
    at::set_num_threads(2);
    const auto two = decode(model, true, 12, 40);
    at::set_num_threads(before);
    for (size_t i = 0; i < one.size(); ++i) EXPECT_TRUE(torch::equal(one[i], two[i])) << "step " << i;
}

INSTANTIATE_TEST_SUITE_P(Activations, FusedStep,
                         ::testing::Combine(::testing::Values("gelu_new", "gelu", "relu"), ::testing::Values(1, 2),
                                            ::testing::Bool()));

TEST(FusedStepGuards, NotTakenWhenAutogradIsOn) {
    auto model = persona::Gpt2Model::random(smallConfig("gelu_new"), 1);
    auto cache = newCache(model.config(), 8);
    EXPECT_FALSE(model.impl().net->fusedDecodeApplies(*cache));  // grad mode on: torch path
    c10::InferenceMode guard;
    EXPECT_TRUE(model.impl().net->fusedDecodeApplies(*cache));
    model.impl().net->setFusedDecode(false);
    EXPECT_FALSE(model.impl().net->fusedDecodeApplies(*cache));
}

TEST(FusedStepGuards, FullCacheAndBadIdsAreErrors) {
    auto model = persona::Gpt2Model::random(smallConfig("gelu_new"), 1);
    c10::InferenceMode guard;
    auto cache = newCache(model.config(), 2);
    auto& net = model.impl().net;
    EXPECT_THROW(
        {
            try {
                net->decodeStep(101, *cache);
            } catch (const persona::InvalidArgument& e) {
                EXPECT_NE(std::string(e.what()).find("outside the vocabulary"), std::string::npos) << e.what();
                throw;
            }
        },
        persona::InvalidArgument);
    net->decodeStep(1, *cache);
    net->decodeStep(2, *cache);
    try {
        net->decodeStep(3, *cache);
        FAIL() << "a third step fits no cache of capacity 2";
    } catch (const persona::InvalidArgument& e) {
        EXPECT_NE(std::string(e.what()).find("KV cache full"), std::string::npos) << e.what();
    }
    EXPECT_EQ(cache->length(), 2);
}

TEST(FusedStepAllocations, NoneAfterWarmUp) {
    if (!persona::test::mallocCounterAvailable()) GTEST_SKIP() << "malloc is interposed by a sanitizer";
    auto model = persona::Gpt2Model::random(smallConfig("gelu_new"), 5);
    auto& net = model.impl().net;
    c10::InferenceMode guard;
    const int threadsBefore = at::get_num_threads();
    for (auto [fused, threads] : {std::pair{true, 1}, std::pair{true, 2}, std::pair{false, 1}}) {
        SCOPED_TRACE("fused " + std::to_string(fused) + ", threads " + std::to_string(threads));
        at::set_num_threads(threads);
        net->setFusedDecode(fused);
        auto cache = newCache(model.config(), 40);
        int64_t id = 7;
        for (int i = 0; i < 3; ++i) id = net->decodeStep(id, *cache).argmax().item<int64_t>();  // warm-up
        const int64_t before = persona::test::mallocCount();
        persona::test::armMallocCounter(true);
        for (int i = 0; i < 20; ++i) {
            const float* l = net->decodeStep(id, *cache).data_ptr<float>();
            id = std::max_element(l, l + model.config().vocabSize) - l;
        }
        persona::test::armMallocCounter(false);
        const int64_t calls = persona::test::mallocCount() - before;
        if (fused)
            EXPECT_EQ(calls, 0) << "the fused decode step allocated";
        else
            EXPECT_GT(calls, 0) << "the torch path allocates per op; the counter must see it";
    }
    at::set_num_threads(threadsBefore);
}

}  // namespace
