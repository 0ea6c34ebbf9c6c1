// Precompiled header for persona_engine: the torch headers every model/generation/training
// translation unit needs. Included only by core's implementation files, never by a public header.
#pragma once

#include <torch/torch.h>
#include <ATen/Parallel.h>
