// persona-cli convert: a HuggingFace GPT-2 folder (config.json, safetensors or pytorch_model.bin,
// vocab.json + merges.txt) to a GGUF file that llama.cpp loads, its 2-D weights in F16, Q8_0 or
// Q4_K (a row that is not whole blocks of the type falls back to Q8_0, then F16, as llama.cpp's
// quantizer does), norms and biases in F32. The metadata and tensor names are llama.cpp's
// (convert_hf_to_gguf.py, GPT2Model). No torch.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace persona::gguf {

struct ConvertOptions {
    std::string modelDir;
    std::string outFile;
    std::string type = "f16";  // f32, f16, bf16, q8_0 or q4_k (ggml names, any case)
};

struct ConvertReport {
    std::string architecture;
    int64_t tensors = 0;
    int64_t parameters = 0;
    uint64_t fileBytes = 0;
    std::map<std::string, int> tensorTypes;  // ggml type name -> tensors of it
};

// Throws ModelLoadError (a bad or unsupported folder, naming the file) or IoError.
ConvertReport convertToGguf(const ConvertOptions& options);

}  // namespace persona::gguf
