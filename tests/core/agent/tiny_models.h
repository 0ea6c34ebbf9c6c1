// Small models made by the tests themselves: a random GPT-2 over the tiny byte-level BPE
// fixture (which has [P1u] [P2u] [Gk]) and a random BERT bi-encoder over the tiny WordPiece one.
#pragma once

#include "persona/agent/agent.h"
#include "persona/model/bert_model.h"
#include "persona/model/gpt2_model.h"
#include "persona/model/model_folder.h"
#include "persona/retrieve/biencoder.h"
#include "persona/text/tokenizer.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <unistd.h>

namespace persona::test {

class TinyModels {
public:
    TinyModels() : m_root(std::filesystem::temp_directory_path() / ("persona_tiny_" + std::to_string(::getpid()))) {
        namespace fs = std::filesystem;
        fs::create_directories(m_root);
        const fs::path fixtures(PERSONA_FIXTURES_DIR);

        Gpt2Config g;
        g.vocabSize = 272, g.nEmbd = 32, g.nLayer = 2, g.nHead = 4, g.nPositions = 256;
        g.bosTokenId = g.eosTokenId = 256;
        Gpt2Model::random(g, 11).save(generator());
        copyTokenizerFiles((fixtures / "text" / "tiny_bpe").string(), generator());

        BertConfig b;
        b.vocabSize = 38, b.hiddenSize = 16, b.numHiddenLayers = 1, b.numAttentionHeads = 2;
        b.intermediateSize = 32, b.maxPositionEmbeddings = 64;
        const fs::path ctx = fs::path(retriever()) / "context";
        BertModel::random(b, 12, /*withPooler=*/false).save(ctx.string());
        copyTokenizerFiles((fixtures / "text" / "tiny_wordpiece").string(), ctx.string());
        std::ofstream(fs::path(retriever()) / "retriever.json")
            << R"({"context_encoder":"context","candidate_encoder":"context","pooling":"mean","similarity":"cosine","context_turns":2})";
    }
    ~TinyModels() { std::filesystem::remove_all(m_root); }
    std::string generator() const { return (m_root / "generator").string(); }
    std::string retriever() const { return (m_root / "retriever").string(); }
    std::string root() const { return m_root.string(); }

    // Both models loaded, named "tiny", for an Agent.
    AgentModels agentModels(bool withRetriever = true) const {
        AgentModels m;
        m.generator = std::make_shared<Gpt2Model>(Gpt2Model::load(generator()));
        m.tokenizer = std::shared_ptr<const Tokenizer>(loadTokenizer(generator()));
        m.generatorName = "tiny";
        if (withRetriever) {
            m.retriever = std::make_shared<BiEncoder>(BiEncoder::load(retriever()));
            m.retrieverName = "tiny";
        }
        return m;
    }

private:
    std::filesystem::path m_root;
};

}  // namespace persona::test
