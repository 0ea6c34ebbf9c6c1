// Tokens of a chat template. The source is first prepared as transformers (trim_blocks,
// lstrip_blocks) and @huggingface/jinja do: one trailing newline dropped, the spaces before a
// line's {% or {# dropped, the newline after %} or #} dropped, {% generation %} tags removed.
// Then {{ }}, {% %} and {# #} are cut out (strings inside a tag may hold "}}"), with the
// whitespace control of {%- and -%}.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace persona::chat {

struct Token {
    enum class Kind { Text, OutputOpen, OutputClose, BlockOpen, BlockClose, Name, String, Int, Float, Op, End };
    Kind kind;
    std::string text;  // Text: the text; Name; String: the decoded value; Int/Float: the digits; Op
    int line = 1;
};

// Throws ChatTemplateError naming the line for an unterminated tag, comment or string.
std::vector<Token> tokenize(std::string_view source);

}  // namespace persona::chat
