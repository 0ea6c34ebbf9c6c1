// The sampler's logit processing (core/generate/sampler.h) on hand-made logits.
#include "generate/sampler.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {

TEST(Penalties, ThePenaltyFreePrefixCountsForNeitherPenaltyNorNgramBan) {
    persona::SamplingSettings s;
    s.repetitionPenalty = 2.0f;
    s.noRepeatNgramSize = 3;
    const std::vector<int64_t> context{1, 2, 3, 1, 2};
    auto logits = torch::ones({10});
    persona::detail::applyPenalties(logits, context, s);  // the whole context counts
    const float* l = logits.data_ptr<float>();
    EXPECT_FLOAT_EQ(l[1], 0.5f);
    EXPECT_FLOAT_EQ(l[2], 0.5f);
    EXPECT_TRUE(std::isinf(l[3]) && l[3] < 0);  // "1 2" was followed by 3 before
    EXPECT_FLOAT_EQ(l[4], 1.0f);
    logits = torch::ones({10});
    persona::detail::applyPenalties(logits, context, s, 3);  // only "1 2" after the prefix counts
    l = logits.data_ptr<float>();
    EXPECT_FLOAT_EQ(l[1], 0.5f);
    EXPECT_FLOAT_EQ(l[2], 0.5f);
    EXPECT_FLOAT_EQ(l[3], 1.0f);  // neither penalized nor banned: it was in the prefix only
}

}  // namespace
