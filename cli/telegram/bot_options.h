// Settings of the Telegram bot (persona-cli telegram).
#pragma once

#include "persona/agent/agent.h"

#include <string>

namespace persona::telegram {

struct BotOptions {
    std::string apiUrl = "https://api.telegram.org";
    std::string token;           // never printed or logged
    std::string personaName;     // the store persona the bot speaks as
    int pollTimeoutSeconds = 25; // getUpdates long-poll timeout
    int maxBackoffSeconds = 30;  // after network errors: 1, 2, 4 ... up to this
    int candidates = 10;         // facts offered to pick in validation mode
    int typingEverySeconds = 4;  // "typing..." is repeated while a reply is generated
    AgentSettings settings;      // generation and retrieval of every reply
};

}  // namespace persona::telegram
