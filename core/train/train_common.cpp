#include "train/train_common.h"

#include "model/weights_io.h"
#include "persona/error.h"

#include <cmath>
#include <filesystem>
#include <numeric>

namespace fs = std::filesystem;

namespace persona::detail {

LrSchedule::LrSchedule(double peak, int64_t warmupSteps, int64_t totalSteps, double minRatio)
    : m_peak(peak), m_minRatio(minRatio), m_warmup(std::max<int64_t>(0, warmupSteps)), m_total(std::max<int64_t>(1, totalSteps)) {}

double LrSchedule::at(int64_t step) const {
    if (step < m_warmup) return m_peak * double(step + 1) / double(m_warmup);
    const double span = std::max<double>(1.0, double(m_total - m_warmup));
    const double progress = std::min(1.0, double(step - m_warmup) / span);
    const double cosine = 0.5 * (1.0 + std::cos(M_PI * progress));
    return m_peak * (m_minRatio + (1.0 - m_minRatio) * cosine);
}

TrainLog::TrainLog(const std::string& outDir, bool append) {
    fs::create_directories(outDir);
    const std::string path = (fs::path(outDir) / "train_log.jsonl").string();
    m_out.open(path, append ? std::ios::app : std::ios::trunc);
    if (!m_out) throw IoError("cannot write " + path);
}

void TrainLog::write(const nlohmann::json& row) {
    m_out << row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    m_out.flush();
}

void saveLoopState(const std::string& outDir, const LoopState& s) {
    nlohmann::json j{{"step", s.step}, {"epoch", s.epoch}, {"seed", s.seed}};
    writeTextFile((fs::path(outDir) / "trainer_state.json").string(), j.dump(2) + "\n");
}

LoopState loadLoopState(const std::string& outDir) {
    const std::string path = (fs::path(outDir) / "trainer_state.json").string();
    if (!fs::exists(path)) throw IoError(path + " is missing: nothing to resume");
    const auto j = nlohmann::json::parse(readTextFile(path));
    return {j.at("step").get<int64_t>(), j.at("epoch").get<int>(), j.at("seed").get<uint64_t>()};
}

void saveOptimizer(torch::optim::Optimizer& optimizer, const std::string& outDir) {
    const std::string path = (fs::path(outDir) / "optimizer.pt").string();
    torch::save(optimizer, path + ".tmp");
    fs::rename(path + ".tmp", path);
}

void loadOptimizer(torch::optim::Optimizer& optimizer, const std::string& outDir) {
    const std::string path = (fs::path(outDir) / "optimizer.pt").string();
    if (!fs::exists(path)) throw IoError(path + " is missing: nothing to resume");
    torch::load(optimizer, path);
}

std::unique_ptr<torch::optim::AdamW> makeAdamW(const std::vector<torch::Tensor>& params, const TrainCommon& o) {
    std::vector<torch::Tensor> decay, noDecay;
    for (const auto& p : params) (p.dim() >= 2 ? decay : noDecay).push_back(p);
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(
                                   torch::optim::AdamWOptions(o.learningRate).weight_decay(o.weightDecay)));
    groups.emplace_back(noDecay, std::make_unique<torch::optim::AdamWOptions>(
                                     torch::optim::AdamWOptions(o.learningRate).weight_decay(0.0)));
    return std::make_unique<torch::optim::AdamW>(groups, torch::optim::AdamWOptions(o.learningRate));
}

void setLearningRate(torch::optim::Optimizer& optimizer, double lr) {
    for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
}

double ProgressClock::elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
}

TrainProgress ProgressClock::progress(int epoch, int epochs, int64_t step, int64_t firstStep, int64_t totalSteps, double loss,
                                      double lr, double units, double* unitsPerSecond) const {
    m_units += units;
    TrainProgress p;
    p.phase = "train";
    p.epoch = epoch;
    p.epochs = epochs;
    p.step = step;
    p.totalSteps = totalSteps;
    p.loss = loss;
    p.learningRate = lr;
    p.elapsedSeconds = elapsed();
    *unitsPerSecond = p.elapsedSeconds > 0 ? m_units / p.elapsedSeconds : 0;
    const double done = double(step - firstStep);
    p.etaSeconds = done > 0 ? p.elapsedSeconds / done * double(totalSteps - step) : 0;
    return p;
}

void summarizeLosses(TrainResult& r) {
    if (r.lossHistory.empty()) return;
    r.firstLoss = r.lossHistory.front();
    const size_t tail = std::max<size_t>(1, r.lossHistory.size() / 10);
    r.lastLoss = std::accumulate(r.lossHistory.end() - tail, r.lossHistory.end(), 0.0) / double(tail);
}

namespace {

// One optimizer step on batch `index`: the loss, its gradient, the clipped update.
double optimizerStep(TrainSteps& steps, torch::optim::Optimizer& optimizer, double clipNorm, int64_t index, double lr,
                     double* units) {
    setLearningRate(optimizer, lr);
    optimizer.zero_grad();
    auto loss = steps.loss(index, units);
    loss.backward();
    torch::nn::utils::clip_grad_norm_(steps.parameters, clipNorm);
    optimizer.step();
    return loss.item<double>();
}

// The eval row of the log and the eval report after an epoch (1-based `epoch`).
void evaluateEpoch(const TrainCommon& o, TrainSteps& steps, int epoch, int64_t step, int64_t total, TrainLog& log,
                   const ProgressClock& clock) {
    TrainProgress p;
    p.phase = "eval";
    p.epoch = epoch;
    p.epochs = o.epochs;
    p.step = step;
    p.totalSteps = total;
    steps.setTraining(false);
    nlohmann::json row = steps.evaluate(p);
    steps.setTraining(true);
    row["type"] = "eval";
    row["epoch"] = epoch;
    row["step"] = step;
    row["elapsed_s"] = clock.elapsed();
    log.write(row);
    p.elapsedSeconds = clock.elapsed();
    if (o.onProgress) o.onProgress(p);
}

}  // namespace

void runTrainLoop(const TrainCommon& o, bool resuming, TrainSteps& steps, TrainResult& result) {
    int64_t total = steps.stepsPerEpoch * o.epochs;
    if (o.maxSteps > 0) total = std::min(total, o.maxSteps);
    auto optimizer = makeAdamW(steps.parameters, o);
    LoopState state{0, 0, o.seed};
    if (resuming) {
        state = loadLoopState(o.outDir);
        loadOptimizer(*optimizer, o.outDir);
    }
    const LrSchedule schedule(o.learningRate, static_cast<int64_t>(o.warmupRatio * total), total, o.minLrRatio);
    TrainLog log(o.outDir, resuming);
    ProgressClock clock;
    const int64_t firstStep = state.step;
    const bool tokens = steps.rate == TrainSteps::Rate::Tokens;
    auto checkpoint = [&] {
        steps.saveModel();
        saveOptimizer(*optimizer, o.outDir);
        saveLoopState(o.outDir, state);
    };

    steps.setTraining(true);
    for (int epoch = state.epoch; epoch < o.epochs && state.step < total && !result.stopped; ++epoch) {
        steps.startEpoch(epoch);
        const int64_t skip = state.step - epoch * steps.stepsPerEpoch;  // batches of this epoch already done
        for (int64_t b = std::max<int64_t>(0, skip); b < steps.stepsPerEpoch && state.step < total; ++b) {
            if (o.stop && o.stop->load()) {
                state.epoch = epoch;
                checkpoint();
                result.stopped = true;
                break;
            }
            const double lr = schedule.at(state.step);
            double units = 0, rate = 0;
            const double value = optimizerStep(steps, *optimizer, o.clipNorm, b, lr, &units);
            ++state.step;
            result.lossHistory.push_back(value);
            auto p = clock.progress(epoch + 1, o.epochs, state.step, firstStep, total, value, lr, units, &rate);
            (tokens ? p.tokensPerSecond : p.examplesPerSecond) = rate;
            log.write({{"type", "step"}, {"epoch", p.epoch}, {"step", p.step}, {"total_steps", total}, {"loss", value},
                       {"lr", lr}, {tokens ? "tokens_per_s" : "examples_per_s", rate}, {"elapsed_s", p.elapsedSeconds}});
            if (o.onProgress) o.onProgress(p);
        }
        if (result.stopped) break;
        state.epoch = epoch + 1;
        evaluateEpoch(o, steps, epoch + 1, state.step, total, log, clock);
        checkpoint();
    }
    steps.setTraining(false);
    if (!result.stopped) {
        if (steps.finish) steps.finish(log);
        checkpoint();
    }
    result.steps = state.step;
    result.seconds = clock.elapsed();
    summarizeLosses(result);
}

}  // namespace persona::detail
