// How the CPU decode step of a causal LM (persona/model/causal_lm.h) reads its weight matrices
// (persona-cli --weights, the app's "weights" setting). F32 reads the model's own parameters; F16, BF16 and Int8 read a copy packed
// at load time, a row per output with F32 accumulation (Int8: symmetric weight-only quantization,
// one F32 scale per output row, made from any checkpoint). At batch 1 a step costs the bytes it
// reads, so 16-bit weights decode about twice as fast as F32 and int8 about four times.
// The prompt (prefill), training and saving keep using the F32 parameters, which the model still
// holds: memory is the F32 parameters plus the packed copy (heldWeightBytes).
#pragma once

#include "persona/model/compute.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace persona {

class CausalLm;
class Gpt2Model;

enum class DecodeWeights { F32, F16, BF16, Int8 };

// "f32", "f16", "bf16", "int8"; throws InvalidArgument naming the accepted values.
DecodeWeights parseDecodeWeights(const std::string& name);
std::string toString(DecodeWeights weights);

// The default for a loaded model: the checkpoint's own dtype for F16 / BF16 files, F32 otherwise
// (and F32 for random models and for models not computing in F32 on the CPU).
DecodeWeights checkpointDecodeWeights(const CausalLm& model);
// What the decode step reads now (F32 again once the parameters change, e.g. by training).
DecodeWeights decodeWeights(const CausalLm& model);
// Packs the decode copy from the current parameters (F32 drops it). Only for a model computing in
// F32 on the CPU (InvalidArgument otherwise). Not while another thread decodes with the model.
void setDecodeWeights(CausalLm& model, DecodeWeights weights);

// Bytes of weights one decode step reads: the matrices as stored for decodeWeights() (with the
// int8 scales), the F32 biases and norms, and one row of the embeddings (wte and wpe for GPT-2).
int64_t decodeWeightBytes(const CausalLm& model);
// Bytes of weights the model holds: its F32 parameters plus the packed copy.
int64_t heldWeightBytes(const CausalLm& model);

// Gpt2Model::load, then setDecodeWeights(weights) when given (otherwise the checkpoint's default,
// which load already applied).
Gpt2Model loadGpt2(const std::string& dir, const ComputeOptions& options, std::optional<DecodeWeights> weights);
// The same for any causal LM folder (CausalLm::load).
std::unique_ptr<CausalLm> loadCausalLm(const std::string& dir, const ComputeOptions& options,
                                       std::optional<DecodeWeights> weights);

}  // namespace persona
