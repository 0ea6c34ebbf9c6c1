// What the trainers share: the learning-rate schedule, the JSON-lines log, progress and ETA,
// checkpoints of the optimizer and the loop state, and the training loop itself (epochs, steps,
// stop, evaluation, checkpoints) with the model-specific steps passed in (runTrainLoop).
#pragma once

#include "persona/train/training.h"

#include <torch/torch.h>

#include <chrono>
#include <fstream>
#include <functional>
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
    // units: what this step processed (tokens or examples); the rate is over the whole run.
    TrainProgress progress(int epoch, int epochs, int64_t step, int64_t firstStep, int64_t totalSteps, double loss, double lr,
                           double units, double* unitsPerSecond) const;

private:
    std::chrono::steady_clock::time_point m_start;
    mutable double m_units = 0;
};

// Fills firstLoss / lastLoss from the history.
void summarizeLosses(TrainResult& result);

// The model-specific parts of a training run; runTrainLoop does the rest.
struct TrainSteps {
    enum class Rate { Tokens, Examples };  // what a step's `units` count
    Rate rate = Rate::Tokens;
    int64_t stepsPerEpoch = 0;
    std::vector<torch::Tensor> parameters;  // optimized (AdamW) and clipped
    // Prepares the epoch's batches (0-based epoch; the order is fixed by the seed and the epoch).
    std::function<void(int epoch)> startEpoch;
    // The loss of batch `index` of the epoch, with the units it processed.
    std::function<torch::Tensor(int64_t index, double* units)> loss;
    // Validation after an epoch, in evaluation mode: the metrics for the log's eval row; fills
    // the progress report's validation fields.
    std::function<nlohmann::json(TrainProgress& report)> evaluate;
    std::function<void(bool training)> setTraining;  // train() / eval() on every module
    std::function<void()> saveModel;                  // the weights into outDir
    // After the last epoch (not when stopped), before the final checkpoint.
    std::function<void(TrainLog& log)> finish;
};

// Epochs of steps (warm-up + cosine learning rate, AdamW, gradient clipping), a step row in the
// log and a progress report per step, evaluation and a checkpoint after every epoch; resumes from
// outDir when `resuming`; the stop flag saves a checkpoint and returns. Fills `result`'s steps,
// seconds, stopped and losses.
void runTrainLoop(const TrainCommon& options, bool resuming, TrainSteps& steps, TrainResult& result);

}  // namespace persona::detail
