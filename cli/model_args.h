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

    void addRetriever(CLI::App* cmd);
    void addGenerator(CLI::App* cmd);  // also --device
    std::string retrieverDir() const;  // empty for "bm25"
    std::shared_ptr<const BiEncoder> loadRetriever() const;
    AgentModels load() const;
};

}  // namespace persona::cli
