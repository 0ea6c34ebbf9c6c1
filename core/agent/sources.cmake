list(APPEND PERSONA_ENGINE_SOURCES
  agent/prompt_format.cpp
  agent/fact_retriever.cpp
  agent/agent.cpp
  agent/turn_history.cpp
  agent/influence.cpp
  agent/influence_scoring.cpp
  agent/label_evaluation.cpp
  agent/suite_runner.cpp
  agent/suite_compare.cpp
  agent/self_play.cpp)
# No torch in these (the scoring is behind agent/influence_scoring.h).
set_source_files_properties(agent/turn_history.cpp agent/influence.cpp agent/label_evaluation.cpp agent/suite_runner.cpp
  agent/suite_compare.cpp agent/self_play.cpp PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
