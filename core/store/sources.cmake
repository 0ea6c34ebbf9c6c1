list(APPEND PERSONA_STORE_SOURCES
  store/statement.cpp
  store/text_check.cpp
  store/store_types.cpp
  store/migrations.cpp
  store/database.cpp
  store/persona_repo.cpp
  store/persona_snapshot.cpp
  store/revision_diff.cpp
  store/chat_repo.cpp
  store/trace_repo.cpp
  store/embedding_cache.cpp
  store/telegram_repo.cpp
  store/suite_repo.cpp)
