// --retriever DIR|bm25 and --generator DIR, defaulting to the bundled demo models: what the
// agent commands (retrieve, chat, telegram) share.
#pragma once

#include "persona/agent/agent.h"

#include <memory>
#include <string>

namespace CLI {
class App;
}

namespace persona::cli {

struct ModelArgs {
    std::string generator;
    std::string retriever;
    std::string device = "cpu";
    std::string weights;  // --weights: empty = the checkpoint's own dtype (F32 for F32 files)

    void addRetriever(CLI::App* cmd);
    void addGenerator(CLI::App* cmd);  // also --device and --weights
    std::string retrieverDir() const;  // empty for "bm25"
    std::shared_ptr<const BiEncoder> loadRetriever() const;
    AgentModels load() const;
};

// --knowledge-boost B: added to the logits of the [Gk] facts' word starts while sampling; the
// default (-1) takes the generator's own (persona_knowledge_boost in its config.json, 0 for
// real checkpoints). Agent commands and eval generator share it.
void addKnowledgeBoostOption(CLI::App* cmd, float& boost);

}  // namespace persona::cli
