list(APPEND PERSONA_ENGINE_SOURCES
  agent/prompt_format.cpp
  agent/fact_retriever.cpp
  agent/agent.cpp)
