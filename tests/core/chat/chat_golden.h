// The golden file of the chat-template tests (tests/golden/chat_templates/make_chat_golden.js).
#pragma once

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace persona::test {

// Ordered, as the variables a template sees keep their keys' order (tojson prints them so).
inline nlohmann::ordered_json chatGolden() {
    std::ifstream in(std::string(PERSONA_CHAT_GOLDEN_DIR) + "/chat_golden.json");
    std::stringstream ss;
    ss << in.rdbuf();
    return nlohmann::ordered_json::parse(ss.str());
}

}  // namespace persona::test
