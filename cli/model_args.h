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

}  // namespace persona::cli
