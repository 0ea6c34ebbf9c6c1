// The token ids that end a model's reply. Chat models end a turn with more than their tokenizer's
// eos_token: Llama 3.x stops at <|eot_id|> and <|end_of_text|>, Qwen at <|im_end|> and
// <|endoftext|>; generation_config.json lists them.
#pragma once

#include "persona/text/tokenizer.h"

#include <string>
#include <vector>

namespace persona {

// generation_config.json's eos_token_id (an integer or a list; config.json's eos_token_id when
// the folder has no generation_config.json) followed by tokenizer.eosId() when it is not among
// them, without repeats, in file order. Throws TokenizerError naming the file for bad JSON, an id
// that is not an integer, or an id outside the tokenizer's vocabulary.
std::vector<int> readStopTokenIds(const std::string& modelDir, const Tokenizer& tokenizer);

}  // namespace persona
