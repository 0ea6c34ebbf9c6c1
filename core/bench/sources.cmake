list(APPEND PERSONA_ENGINE_SOURCES
  bench/decode_bench.cpp
  bench/retrieval_bench.cpp
  bench/influence_bench.cpp
  bench/memory_bandwidth.cpp
  bench/fact_scan.cpp
  bench/lexical_bench.cpp
  bench/kernel_bench.cpp)
set_source_files_properties(bench/lexical_bench.cpp PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
# No torch in these two; OpenMP used directly (libgomp is linked in core/CMakeLists.txt).
set_source_files_properties(bench/memory_bandwidth.cpp bench/fact_scan.cpp bench/kernel_bench.cpp PROPERTIES
  SKIP_PRECOMPILE_HEADERS ON COMPILE_OPTIONS "-fopenmp")
