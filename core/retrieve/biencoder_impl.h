// The state behind persona::BiEncoder, for other core units (training).
#pragma once

#include "model/bert_impl.h"
#include "persona/retrieve/biencoder.h"
#include "persona/text/tokenizer.h"

#include <atomic>

namespace persona {

struct BiEncoder::Impl {
    std::shared_ptr<BertModel> context;
    std::shared_ptr<BertModel> candidate;  // == context when shared
    std::shared_ptr<Tokenizer> tokenizer;
    BiEncoderOptions options;
    std::string id;
    std::string tokenizerDir;  // where the tokenizer files came from (copied by save)
    std::atomic<int64_t> encodedFacts{0};

    bool shared() const { return context == candidate; }
};

namespace detail {

// Token ids of texts, truncated to maxTokens (keeping the special token at each end: from the
// right for facts, from the left for contexts), as a padded (B, T) batch and its (B, T) mask.
// keepHead: tokens after the first kept when cutting from the left (a prompt such as "query: ").
struct EncodedBatch {
    torch::Tensor ids;
    torch::Tensor mask;
};
EncodedBatch encodeBatch(const Tokenizer& tokenizer, const std::vector<std::string>& texts, int maxTokens,
                         bool keepEnd, const torch::Device& device, int keepHead = 0);

// Pools hidden states (B, T, H) into (B, H) with the encoder's mode.
torch::Tensor pool(BertModel::Impl& encoder, const torch::Tensor& hidden, const torch::Tensor& mask, Pooling pooling);

// Similarity matrix of context vectors (B, H) against fact vectors (N, H): (B, N).
torch::Tensor similarityMatrix(const torch::Tensor& context, const torch::Tensor& facts, const BiEncoderOptions& options);

}  // namespace detail
}  // namespace persona
