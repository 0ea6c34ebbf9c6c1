#include "store/migrations.h"

namespace persona::store {

namespace {

// 1: personas and their fact history.
constexpr const char* kV1 = R"SQL(
CREATE TABLE schema_version (
  version     INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  INTEGER NOT NULL
);
CREATE TABLE personas (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  gender      TEXT NOT NULL DEFAULT 'unknown' CHECK (gender IN ('male', 'female', 'unknown')),
  description TEXT NOT NULL DEFAULT '',
  avatar      BLOB,
  avatar_mime TEXT NOT NULL DEFAULT '',
  source_ref  TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE TABLE persona_tags (
  persona_id INTEGER NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  tag        TEXT NOT NULL,
  PRIMARY KEY (persona_id, position)
);
-- A fact's identity across revisions; its text lives in revision_facts.
CREATE TABLE facts (
  id         INTEGER PRIMARY KEY,
  persona_id INTEGER NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL
);
CREATE INDEX facts_persona ON facts(persona_id);
CREATE TABLE persona_revisions (
  id         INTEGER PRIMARY KEY,
  persona_id INTEGER NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
  number     INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  UNIQUE (persona_id, number)
);
CREATE TABLE revision_facts (
  revision_id INTEGER NOT NULL REFERENCES persona_revisions(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  fact_id     INTEGER NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
  text        TEXT NOT NULL,
  origin      TEXT NOT NULL CHECK (origin IN ('typed', 'imported', 'proposed', 'approved')),
  enabled     INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (revision_id, position),
  UNIQUE (revision_id, fact_id)
);
CREATE INDEX revision_facts_fact ON revision_facts(fact_id);
)SQL";

// 2: chats as trees of messages.
constexpr const char* kV2 = R"SQL(
CREATE TABLE chats (
  id                  INTEGER PRIMARY KEY,
  persona_id          INTEGER NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
  persona_revision_id INTEGER NOT NULL REFERENCES persona_revisions(id),
  partner_persona_id  INTEGER REFERENCES personas(id) ON DELETE SET NULL,
  partner_revision_id INTEGER REFERENCES persona_revisions(id) ON DELETE SET NULL,
  title               TEXT NOT NULL DEFAULT '',
  source_ref          TEXT NOT NULL DEFAULT '',
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
);
CREATE INDEX chats_persona ON chats(persona_id);
CREATE INDEX chats_partner ON chats(partner_persona_id);
CREATE TABLE messages (
  id         INTEGER PRIMARY KEY,
  chat_id    INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
  parent_id  INTEGER REFERENCES messages(id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('user', 'persona')),
  text       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  selected   INTEGER NOT NULL DEFAULT 1,
  emotion    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX messages_chat ON messages(chat_id, parent_id);
CREATE INDEX messages_parent ON messages(parent_id);
)SQL";

// 3: what happened inside each turn: retrieval scores, generated tokens, settings, ratings.
constexpr const char* kV3 = R"SQL(
ALTER TABLE messages ADD COLUMN settings_json TEXT NOT NULL DEFAULT '';
CREATE TABLE retrieval_trace (
  message_id        INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  fact_id           INTEGER NOT NULL,
  position          INTEGER NOT NULL,
  fact_text         TEXT NOT NULL,
  score             REAL,
  rank              INTEGER,
  selected_by_model INTEGER NOT NULL DEFAULT 0,
  selected_by_human INTEGER NOT NULL DEFAULT 0,
  components_json   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (message_id, fact_id)
) WITHOUT ROWID;
CREATE TABLE token_trace (
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  token_id   INTEGER NOT NULL,
  text       BLOB NOT NULL,
  prob       REAL NOT NULL,
  PRIMARY KEY (message_id, position)
) WITHOUT ROWID;
CREATE TABLE token_alternatives (
  message_id INTEGER NOT NULL,
  position   INTEGER NOT NULL,
  rank       INTEGER NOT NULL,
  token_id   INTEGER NOT NULL,
  text       BLOB NOT NULL,
  prob       REAL NOT NULL,
  PRIMARY KEY (message_id, position, rank),
  FOREIGN KEY (message_id, position) REFERENCES token_trace(message_id, position) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE ratings (
  message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
  logical    INTEGER,
  specific   INTEGER,
  personal   INTEGER,
  comment    TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
);
)SQL";

// 4: fact embeddings, computed once per (text, retriever model).
constexpr const char* kV4 = R"SQL(
CREATE TABLE embedding_cache (
  model_id   TEXT NOT NULL,
  text       TEXT NOT NULL,
  dim        INTEGER NOT NULL,
  vector     BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (model_id, text)
) WITHOUT ROWID;
CREATE INDEX embedding_cache_text ON embedding_cache(text);
)SQL";

// 5: each persona message records the revision of the persona's facts it was generated with, so
// an edit made during a chat counts from the very next reply (the chat's own revision stays the
// one it was created with, for imported dialogues and their labels).
constexpr const char* kV5 = R"SQL(
ALTER TABLE messages ADD COLUMN persona_revision_id INTEGER REFERENCES persona_revisions(id);
)SQL";

// 6: the Telegram connector (persona-cli telegram): each bot's place in the update stream, each
// Telegram chat's state, and the updates and replies in flight. A Telegram chat is named by an
// opaque salted hash (chat_ref); its raw id is kept only inside in-flight rows (event, body),
// which are deleted once handled or sent.
constexpr const char* kV6 = R"SQL(
CREATE TABLE telegram_bots (
  bot_ref     TEXT PRIMARY KEY,
  salt        TEXT NOT NULL,
  next_offset INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE telegram_chats (
  bot_ref    TEXT NOT NULL REFERENCES telegram_bots(bot_ref) ON DELETE CASCADE,
  chat_ref   TEXT NOT NULL,
  mode       TEXT NOT NULL DEFAULT 'simple' CHECK (mode IN ('simple', 'validation')),
  chat_id    INTEGER REFERENCES chats(id) ON DELETE SET NULL,
  persona_id INTEGER REFERENCES personas(id) ON DELETE SET NULL,
  pending    TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (bot_ref, chat_ref)
) WITHOUT ROWID;
CREATE TABLE telegram_inbox (
  bot_ref         TEXT NOT NULL REFERENCES telegram_bots(bot_ref) ON DELETE CASCADE,
  update_id       INTEGER NOT NULL,
  chat_ref        TEXT NOT NULL,
  event           TEXT NOT NULL,
  user_message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
  PRIMARY KEY (bot_ref, update_id)
) WITHOUT ROWID;
CREATE TABLE telegram_outbox (
  id         INTEGER PRIMARY KEY,
  bot_ref    TEXT NOT NULL REFERENCES telegram_bots(bot_ref) ON DELETE CASCADE,
  method     TEXT NOT NULL,
  body       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX telegram_outbox_bot ON telegram_outbox(bot_ref, id);
)SQL";

// 7: the fact influence of a persona message (computeInfluence, persona/agent/influence.h), one
// JSON document per message, recomputed on demand.
constexpr const char* kV7 = R"SQL(
CREATE TABLE influence_trace (
  message_id  INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
  result_json TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
)SQL";

// 8: persona test suites (persona/store/suite_repo.h): questions, each with the facts it should
// retrieve, and stored runs with one row per question. A run's rows keep the question's text and
// the facts' texts as they were, so a question edited or a fact deleted later leaves old runs
// readable and comparable (runs are matched by question text).
constexpr const char* kV8 = R"SQL(
CREATE TABLE suite_questions (
  id         INTEGER PRIMARY KEY,
  persona_id INTEGER NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  text       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX suite_questions_persona ON suite_questions(persona_id, position);
CREATE TABLE suite_expected_facts (
  question_id INTEGER NOT NULL REFERENCES suite_questions(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  fact_id     INTEGER NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
  PRIMARY KEY (question_id, fact_id)
) WITHOUT ROWID;
CREATE TABLE suite_runs (
  id            INTEGER PRIMARY KEY,
  persona_id    INTEGER NOT NULL REFERENCES personas(id) ON DELETE CASCADE,
  revision_id   INTEGER NOT NULL REFERENCES persona_revisions(id) ON DELETE CASCADE,
  generator     TEXT NOT NULL DEFAULT '',
  retriever     TEXT NOT NULL DEFAULT '',
  settings_json TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL
);
CREATE INDEX suite_runs_persona ON suite_runs(persona_id, created_at);
CREATE TABLE suite_results (
  run_id      INTEGER NOT NULL REFERENCES suite_runs(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  question_id INTEGER REFERENCES suite_questions(id) ON DELETE SET NULL,
  question    TEXT NOT NULL,
  hit         INTEGER,
  reliance    REAL,
  result_json TEXT NOT NULL,
  PRIMARY KEY (run_id, position)
) WITHOUT ROWID;
)SQL";

// 9 (sampler chain attribution): for each stored alternative, the stage that removed it (NULL: it
// reached the pick), its probability after the chain (NULL: not recorded, as in older traces) and
// the logit changes of the stages that move logits ("dry:-1.8;penalties:-0.4", '' for none).
constexpr const char* kV9SamplerAttribution = R"SQL(
ALTER TABLE token_alternatives ADD COLUMN cut_by TEXT;
ALTER TABLE token_alternatives ADD COLUMN prob_after REAL;
ALTER TABLE token_alternatives ADD COLUMN logit_changes TEXT NOT NULL DEFAULT '';
)SQL";

}  // namespace

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> list = {
        {1, "personas, facts and revisions", kV1},
        {2, "chats and messages", kV2},
        {3, "retrieval and token traces, generation settings, ratings", kV3},
        {4, "fact embedding cache", kV4},
        {5, "persona revision used by each persona message", kV5},
        {6, "telegram connector: update offset, chat state, updates and replies in flight", kV6},
        {7, "fact influence of persona messages", kV7},
        {8, "persona test suites: questions, expected facts, stored runs", kV8},
        {9, "sampler chain attribution of token alternatives", kV9SamplerAttribution},
    };
    return list;
}

}  // namespace persona::store
