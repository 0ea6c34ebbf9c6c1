// What kind of model a folder holds, from its config.json.
#pragma once

#include <string>

namespace persona {

enum class ModelKind { Gpt2, Bert };

// Reads dir/config.json's model_type ("gpt2", "bert"). Throws ModelLoadError when the file is
// missing, not JSON, or names a model type the engine does not implement.
ModelKind detectModelKind(const std::string& dir);

}  // namespace persona
