# Checkpoint tensor files without libtorch: safetensors (read + write), PyTorch zip checkpoints
# through a restricted unpickler. std + nlohmann_json only.
list(APPEND PERSONA_BASE_SOURCES
  tensorio/mapped_file.cpp
  tensorio/pickle_machine.cpp
  tensorio/pickle_machine_ops.cpp
  tensorio/pickle_opcodes.cpp
  tensorio/restricted_unpickler.cpp
  tensorio/safetensors_reader.cpp
  tensorio/safetensors_writer.cpp
  tensorio/tensor_archive.cpp
  tensorio/tensor_layout.cpp
  tensorio/torch_zip_reader.cpp
  tensorio/zip_reader.cpp
  tensorio/gguf_types.cpp
  tensorio/gguf_reader.cpp
  tensorio/gguf_value.cpp
  tensorio/gguf_writer.cpp)
