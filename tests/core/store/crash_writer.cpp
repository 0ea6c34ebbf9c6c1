// Helper of the crash test: writes to the store in a loop and prints the id of each message
// whose transaction has committed (after COMMIT returned), flushed, one per line. The test
// kills it with SIGKILL at random moments.
#include "persona/store/chat_repo.h"
#include "persona/store/database.h"
#include "persona/store/persona_repo.h"

#include <cstdio>
#include <exception>
#include <string>

using namespace persona::store;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: store_crash_writer DB\n");
        return 2;
    }
    try {
        Database db = Database::open(argv[1]);
        PersonaRepo personas(db);
        ChatRepo chats(db);
        Persona p;
        if (auto found = personas.findByName("crash")) {
            p = *found;
        } else {
            p.name = "crash";
            p = personas.create(p, {{0, "Я пишу в цикле"}});
        }
        const auto list = chats.listForPersona(p.id);
        const Chat chat = list.empty() ? chats.create(p.id, "crash") : list.front();
        const auto path = chats.selectedPath(chat.id);
        std::optional<Id> parent;
        if (!path.empty())
            parent = path.back().id;
        const Id fact = personas.currentRevision(p.id).facts.at(0).id;
        for (int i = 0;; ++i) {
            Message m;
            if (i % 2 == 0) {
                m = chats.addMessage(chat.id, parent, Role::User, "сообщение " + std::to_string(i));
            } else {
                // A bigger transaction: message, retrieval trace and 32 tokens with alternatives.
                PersonaTurn t;
                t.chatId = chat.id;
                t.parentId = parent;
                t.text = "ответ " + std::to_string(i);
                t.settingsJson = "{\"i\":" + std::to_string(i) + "}";
                RetrievalTraceRow r;
                r.factId = fact;
                r.score = 0.5;
                r.rank = 1;
                t.retrieval = {r};
                for (int k = 0; k < 32; ++k)
                    t.tokens.push_back({k, k, "т", 0.5, {{k, "т", 0.5}, {k + 1, "у", 0.25}}});
                m = chats.addPersonaTurn(t);
            }
            parent = m.id;
            std::printf("%lld\n", static_cast<long long>(m.id));
            std::fflush(stdout);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "store_crash_writer: %s\n", e.what());
        return 1;
    }
}
