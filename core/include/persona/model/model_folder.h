// What kind of model a folder holds, from its config.json.
#pragma once

#include <string>

namespace persona {

enum class ModelKind { Gpt2, Bert };

// Reads dir/config.json's model_type ("gpt2", "bert"). Throws ModelLoadError when the file is
// missing, not JSON, or names a model type the engine does not implement.
ModelKind detectModelKind(const std::string& dir);

// The folder of a bundled demo model ("generator", "retriever"): $PERSONA_MODELS_DIR/<name>, then
// <exe>/../share/persona-studio/models/<name>, then the source tree's resources/models/<name>.
// Empty when none exists.
std::string bundledModelDir(const std::string& name);

// Whether the folder carries a chat template: tokenizer_config.json's "chat_template" (a string or
// a list of named templates) or a chat_template.jinja file. False for a missing or unreadable file.
bool hasChatTemplate(const std::string& dir);

// Copies the tokenizer files of a model folder (vocab.txt, vocab.json, merges.txt, *.model,
// tokenizer_config.json, special_tokens_map.json, added_tokens.json) into another folder.
void copyTokenizerFiles(const std::string& from, const std::string& to);

}  // namespace persona
