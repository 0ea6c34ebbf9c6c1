list(APPEND PERSONA_ENGINE_SOURCES
  model/compute.cpp
  model/hf_config.cpp
  model/kv_cache.cpp
  model/causal_lm.cpp
  model/architecture.cpp
  model/packed_attention.cpp
  model/llama_config.cpp
  model/llama_model.cpp
  model/llama_forward.cpp
  model/weights_io.cpp
  model/gpt2.cpp
  model/gpt2_model.cpp
  model/packed_weights.cpp
  model/bert.cpp
  model/bert_model.cpp
  model/model_folder.cpp)

# The fused F32 decode step (model/decode_kernels.h): no torch headers, so no precompiled header;
# OpenMP used directly (libgomp, linked in core/CMakeLists.txt); AVX2 + FMA only in the one file
# the dispatcher calls after checking the CPU (with F16C, which every AVX2 CPU has); no implicit
# FMA contraction there, so results do not depend on how work is split (explicit FMAs only).
list(APPEND PERSONA_ENGINE_SOURCES model/decode_kernels.cpp model/llama_decode.cpp)
set_source_files_properties(model/decode_kernels.cpp model/llama_decode.cpp PROPERTIES
  SKIP_PRECOMPILE_HEADERS ON COMPILE_OPTIONS "-fopenmp")
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  list(APPEND PERSONA_ENGINE_SOURCES model/decode_kernels_avx2.cpp)
  set_source_files_properties(model/decode_kernels_avx2.cpp PROPERTIES
    SKIP_PRECOMPILE_HEADERS ON COMPILE_OPTIONS "-mavx2;-mfma;-mf16c;-ffp-contract=off")
  # The narrow (F16, BF16, int8) row kernels again at AVX-512 width, picked when the CPU has
  # AVX-512 F/BW/VL (model/decode_kernels_avx512.cpp says why). GCC 12 flags its own
  # _mm512_undefined_* placeholders in the AVX-512 headers as maybe-uninitialized: silenced here.
  list(APPEND PERSONA_ENGINE_SOURCES model/decode_kernels_avx512.cpp)
  set_source_files_properties(model/decode_kernels_avx512.cpp PROPERTIES
    SKIP_PRECOMPILE_HEADERS ON
    COMPILE_OPTIONS "-mavx512f;-mavx512bw;-mavx512vl;-mfma;-mf16c;-ffp-contract=off;-Wno-maybe-uninitialized")
  set_source_files_properties(model/decode_kernels.cpp PROPERTIES
    COMPILE_DEFINITIONS "PERSONA_HAVE_AVX2_KERNELS=1;PERSONA_HAVE_AVX512_KERNELS=1")
endif()

# GGUF tensor types (model/quant.h): dequantizers, quantizers and the fused dequantize-dot row
# kernels, no torch. The x86 kernels are one template (model/quant_kernels_x86.h) compiled at two
# widths, each file with its own flags, as the narrow decode kernels above.
list(APPEND PERSONA_ENGINE_SOURCES model/quant_dequant.cpp model/quant_quantize.cpp model/quant_kernels.cpp
  model/gguf_convert.cpp)
set_source_files_properties(model/quant_dequant.cpp model/quant_quantize.cpp model/gguf_convert.cpp PROPERTIES
  SKIP_PRECOMPILE_HEADERS ON COMPILE_OPTIONS "-ffp-contract=off")
set_source_files_properties(model/quant_kernels.cpp PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  list(APPEND PERSONA_ENGINE_SOURCES model/quant_kernels_avx2.cpp model/quant_kernels_avx512.cpp)
  set_source_files_properties(model/quant_kernels_avx2.cpp PROPERTIES
    SKIP_PRECOMPILE_HEADERS ON COMPILE_OPTIONS "-mavx2;-mfma;-mf16c;-ffp-contract=off")
  set_source_files_properties(model/quant_kernels_avx512.cpp PROPERTIES
    SKIP_PRECOMPILE_HEADERS ON
    COMPILE_OPTIONS "-mavx512f;-mavx512bw;-mavx512vl;-mfma;-mf16c;-ffp-contract=off;-Wno-maybe-uninitialized")
  set_source_files_properties(model/quant_kernels.cpp PROPERTIES
    COMPILE_DEFINITIONS "PERSONA_HAVE_AVX2_KERNELS=1;PERSONA_HAVE_AVX512_KERNELS=1")
endif()
