// What the trainers share: the learning-rate schedule, the JSON-lines log, progress and ETA,
// and checkpoints of the optimizer and the loop state.
#pragma once

#include "persona/train/training.h"

#include <torch/torch.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>

namespace persona::detail {

// Linear warm-up to the peak, then cosine decay to peak * minRatio at the last step.
class LrSchedule {
public:
    LrSchedule(double peak, int64_t warmupSteps, int64_t totalSteps, double minRatio);
    double at(int64_t step) const;  // step: 0-based

private:
    double m_peak, m_minRatio;
    int64_t m_warmup, m_total;
};

// Appends one JSON object per line to <outDir>/train_log.jsonl.
class TrainLog {
public:
    TrainLog(const std::string& outDir, bool append);
    void write(const nlohmann::json& row);

private:
    std::ofstream m_out;
};

struct LoopState {
    int64_t step = 0;   // optimizer steps done
    int epoch = 0;      // 0-based epoch in progress
    uint64_t seed = 0;
};
void saveLoopState(const std::string& outDir, const LoopState& state);
LoopState loadLoopState(const std::string& outDir);  // throws IoError when absent

void saveOptimizer(torch::optim::Optimizer& optimizer, const std::string& outDir);
void loadOptimizer(torch::optim::Optimizer& optimizer, const std::string& outDir);

// AdamW over the parameters, decaying only matrices (not biases, LayerNorm weights, or vectors).
std::unique_ptr<torch::optim::AdamW> makeAdamW(const std::vector<torch::Tensor>& params, const TrainCommon& options);
void setLearningRate(torch::optim::Optimizer& optimizer, double lr);

// Progress bookkeeping: rate over the run, ETA from the steps left.
class ProgressClock {
public:
    ProgressClock() : m_start(std::chrono::steady_clock::now()) {}
    double elapsed() const;
    TrainProgress progress(int epoch, int epochs, int64_t step, int64_t firstStep, int64_t totalSteps, double loss, double lr,
                           double units) const;

private:
    std::chrono::steady_clock::time_point m_start;
    mutable double m_units = 0;
};

// Fills firstLoss / lastLoss from the history.
void summarizeLosses(TrainResult& result);

}  // namespace persona::detail
