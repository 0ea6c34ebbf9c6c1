#include "persona/agent/prompt_format.h"

#include "persona/error.h"
#include "persona/text/tokenizer.h"

#include <algorithm>

namespace persona {
namespace {

std::string trim(const std::string& s) {
    const auto isSpace = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    size_t a = 0, b = s.size();
    while (a < b && isSpace(s[a])) ++a;
    while (b > a && isSpace(s[b - 1])) --b;
    return s.substr(a, b - a);
}

}  // namespace

void PromptFormat::checkTokenizer(const Tokenizer& tokenizer, const std::string& modelName) const {
    std::string missing;
    for (const auto& token : {userToken, personaToken, knowledgeToken}) {
        const auto ids = tokenizer.encode(token);
        if (!tokenizer.tokenId(token) || ids.size() != 1) missing += (missing.empty() ? "" : ", ") + token;
    }
    if (!missing.empty())
        throw TokenizerError(modelName + ": the tokenizer has no single token for " + missing +
                             "; the persona prompt format needs [P1u], [P2u] and [Gk] (add them as special "
                             "tokens, e.g. by fine-tuning with persona-cli train, which resizes the embeddings)");
}

std::string PromptFormat::build(const std::vector<std::string>& facts, const std::vector<DialogueTurn>& dialogue) const {
    std::string out = knowledgeText(facts);
    for (const auto& turn : dialogue) out += (turn.fromPersona ? personaToken : userToken) + " " + trim(turn.text) + " ";
    out += personaToken;
    return out;
}

std::string PromptFormat::buildTurn(const std::vector<std::string>& facts, const std::vector<DialogueTurn>& dialogue,
                                    int historyTurns) const {
    const size_t start = historyTurns > 0 && dialogue.size() > static_cast<size_t>(historyTurns)
                             ? dialogue.size() - static_cast<size_t>(historyTurns)
                             : 0;
    return build(facts, {dialogue.begin() + static_cast<std::ptrdiff_t>(start), dialogue.end()});
}

std::string PromptFormat::knowledgeText(const std::vector<std::string>& facts) const {
    std::string out;
    for (const auto& fact : facts) out += knowledgeToken + " " + trim(fact) + " ";
    return out;
}

size_t PromptFormat::knowledgeTokens(const Tokenizer& tokenizer, const std::vector<std::string>& facts,
                                     const std::vector<int>& promptIds) const {
    if (facts.empty()) return 0;
    // The common prefix: the knowledge's own encoding may end differently (a trailing space, an
    // end-of-text token) from the same text followed by the dialogue.
    const auto own = tokenizer.encodeForModel(knowledgeText(facts));
    size_t n = 0;
    while (n < own.size() && n < promptIds.size() && own[n] == promptIds[n]) ++n;
    return n;
}

PromptFormat::ParsedReply PromptFormat::parse(const std::string& generated) const {
    ParsedReply parsed;
    std::string rest = generated;
    // Leading "[Gk] fact" segments, each closed by the next [Gk] or [P2u].
    while (true) {
        const std::string head = trim(rest);
        if (head.rfind(knowledgeToken, 0) != 0) {
            rest = head;
            break;
        }
        std::string body = head.substr(knowledgeToken.size());
        const size_t nextGk = body.find(knowledgeToken);
        const size_t nextPersona = body.find(personaToken);
        const size_t end = std::min(nextGk, nextPersona);
        const std::string fact = trim(body.substr(0, end));
        if (!fact.empty() && std::find(parsed.proposedFacts.begin(), parsed.proposedFacts.end(), fact) == parsed.proposedFacts.end())
            parsed.proposedFacts.push_back(fact);
        if (end == std::string::npos) {
            rest.clear();  // only facts, no reply
            break;
        }
        rest = end == nextPersona ? body.substr(end + personaToken.size()) : body.substr(end);
    }
    // The reply ends at the next speaker or knowledge token.
    size_t cut = rest.size();
    for (const auto& token : {userToken, personaToken, knowledgeToken}) cut = std::min(cut, rest.find(token));
    parsed.reply = trim(rest.substr(0, cut));
    return parsed;
}

}  // namespace persona
