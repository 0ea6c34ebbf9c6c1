#include "studio_settings.h"

#include "persona/generate/sampler_preset.h"

#include "persona/generate/generator.h"

#include <QFile>
#include <QSettings>

namespace persona::ui {

namespace {

// The sampler fields that have no key of their own in the settings file.
void copyChainFields(const SamplingSettings& from, SamplingSettings& to) {
    to.dynatempRange = from.dynatempRange;
    to.dynatempExponent = from.dynatempExponent;
    to.minP = from.minP;
    to.typicalP = from.typicalP;
    to.topNSigma = from.topNSigma;
    to.xtcThreshold = from.xtcThreshold;
    to.xtcProbability = from.xtcProbability;
    to.presencePenalty = from.presencePenalty;
    to.frequencyPenalty = from.frequencyPenalty;
    to.penaltyLastN = from.penaltyLastN;
    to.dryMultiplier = from.dryMultiplier;
    to.dryBase = from.dryBase;
    to.dryAllowedLength = from.dryAllowedLength;
    to.dryPenaltyLastN = from.dryPenaltyLastN;
    to.drySequenceBreakers = from.drySequenceBreakers;
    to.mirostat = from.mirostat;
    to.mirostatTau = from.mirostatTau;
    to.mirostatEta = from.mirostatEta;
    to.logitBias = from.logitBias;
    to.samplers = from.samplers;
}

template <typename T>
T bounded(const QSettings& s, const QString& key, T fallback, T lo, T hi) {
    bool ok = false;
    const QVariant v = s.value(key);
    T value = fallback;
    if constexpr (std::is_floating_point_v<T>) {
        const double d = v.toDouble(&ok);
        if (ok) value = static_cast<T>(d);
    } else {
        const qlonglong i = v.toLongLong(&ok);
        if (ok) value = static_cast<T>(i);
    }
    if (!ok || value < lo || value > hi) return fallback;
    return value;
}

}  // namespace

StudioSettings StudioSettings::load(QSettings& s) {
    StudioSettings out;
    s.beginGroup(QStringLiteral("models"));
    out.generatorDir = s.value(QStringLiteral("generator")).toString();
    out.retrieverDir = s.value(QStringLiteral("retriever")).toString();
    const QString device = s.value(QStringLiteral("device"), out.device).toString();
    if (device == QLatin1String("cpu") || device == QLatin1String("cuda")) out.device = device;
    const QString weights = s.value(QStringLiteral("weights")).toString();
    if (QStringList{QStringLiteral("f32"), QStringLiteral("f16"), QStringLiteral("bf16"), QStringLiteral("int8")}.contains(weights))
        out.weights = weights;
    out.threads = bounded(s, QStringLiteral("threads"), 0, 0, 256);
    s.endGroup();
    out.language = s.value(QStringLiteral("ui/language")).toString();
    out.theme = s.value(QStringLiteral("ui/theme")).toString();

    AgentSettings& a = out.agent;
    s.beginGroup(QStringLiteral("retrieval"));
    const QString method = s.value(QStringLiteral("method"), QStringLiteral("auto")).toString();
    try {
        if (method != QLatin1String("auto")) a.retrieval = parseRetrievalMethod(method.toStdString());
    } catch (const std::exception&) {
        a.retrieval.reset();
    }
    a.topK = bounded(s, QStringLiteral("topK"), a.topK, 0, 50);
    a.threshold = bounded(s, QStringLiteral("threshold"), a.threshold, -1e6, 1e6);
    a.contextTurns = bounded(s, QStringLiteral("contextTurns"), a.contextTurns, 0, 50);
    a.historyTurns = bounded(s, QStringLiteral("historyTurns"), a.historyTurns, 0, 200);
    s.endGroup();

    SamplingSettings& p = a.sampling;
    s.beginGroup(QStringLiteral("sampling"));
    p.greedy = s.value(QStringLiteral("greedy"), p.greedy).toBool();
    p.temperature = bounded(s, QStringLiteral("temperature"), p.temperature, 0.01f, 5.0f);
    p.topK = bounded(s, QStringLiteral("topK"), p.topK, 0, 100000);
    p.topP = bounded(s, QStringLiteral("topP"), p.topP, 0.01f, 1.0f);
    p.repetitionPenalty = bounded(s, QStringLiteral("repetitionPenalty"), p.repetitionPenalty, 1.0f, 5.0f);
    p.noRepeatNgramSize = bounded(s, QStringLiteral("noRepeatNgram"), p.noRepeatNgramSize, 0, 10);
    p.knowledgeBoost = bounded(s, QStringLiteral("knowledgeBoost"), p.knowledgeBoost, -1.0f, 20.0f);
    p.maxNewTokens = bounded(s, QStringLiteral("maxNewTokens"), p.maxNewTokens, 1, 1000);
    p.minNewTokens = bounded(s, QStringLiteral("minNewTokens"), p.minNewTokens, 0, p.maxNewTokens);
    p.seed = bounded<qulonglong>(s, QStringLiteral("seed"), p.seed, 0, ~0ULL);
    p.alternatives = bounded(s, QStringLiteral("alternatives"), p.alternatives, 0, 50);
    // The stages beyond the keys above (DRY, min-p, XTC, Mirostat, order, bias ...), kept as one
    // sampler preset; the keys above stay authoritative for their fields, and a value that does not
    // parse or validate leaves the defaults (the file may be hand-edited).
    const QString chain = s.value(QStringLiteral("chain")).toString();
    if (!chain.isEmpty()) {
        try {
            copyChainFields(parseSamplerPreset(chain.toStdString(), p, "settings").settings, p);
        } catch (const std::exception&) {
        }
    }
    s.endGroup();
    return out;
}

void StudioSettings::syncPrivately(QSettings& s) {
    s.sync();
    QFile::setPermissions(s.fileName(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void StudioSettings::save(QSettings& s) const {
    s.beginGroup(QStringLiteral("models"));
    s.setValue(QStringLiteral("generator"), generatorDir);
    s.setValue(QStringLiteral("retriever"), retrieverDir);
    s.setValue(QStringLiteral("device"), device);
    s.setValue(QStringLiteral("weights"), weights);
    s.setValue(QStringLiteral("threads"), threads);
    s.endGroup();
    s.setValue(QStringLiteral("ui/language"), language);
    s.setValue(QStringLiteral("ui/theme"), theme);
    s.beginGroup(QStringLiteral("retrieval"));
    s.setValue(QStringLiteral("method"),
               agent.retrieval ? QString::fromStdString(toString(*agent.retrieval)) : QStringLiteral("auto"));
    s.setValue(QStringLiteral("topK"), agent.topK);
    s.setValue(QStringLiteral("threshold"), agent.threshold);
    s.setValue(QStringLiteral("contextTurns"), agent.contextTurns);
    s.setValue(QStringLiteral("historyTurns"), agent.historyTurns);
    s.endGroup();
    const SamplingSettings& p = agent.sampling;
    s.beginGroup(QStringLiteral("sampling"));
    s.setValue(QStringLiteral("greedy"), p.greedy);
    s.setValue(QStringLiteral("temperature"), p.temperature);
    s.setValue(QStringLiteral("topK"), p.topK);
    s.setValue(QStringLiteral("topP"), p.topP);
    s.setValue(QStringLiteral("repetitionPenalty"), p.repetitionPenalty);
    s.setValue(QStringLiteral("noRepeatNgram"), p.noRepeatNgramSize);
    s.setValue(QStringLiteral("knowledgeBoost"), p.knowledgeBoost);
    s.setValue(QStringLiteral("maxNewTokens"), p.maxNewTokens);
    s.setValue(QStringLiteral("minNewTokens"), p.minNewTokens);
    s.setValue(QStringLiteral("seed"), static_cast<qulonglong>(p.seed));
    s.setValue(QStringLiteral("alternatives"), p.alternatives);
    s.setValue(QStringLiteral("chain"), QString::fromStdString(samplerPresetToJson(p)));
    s.endGroup();
    syncPrivately(s);
}

}  // namespace persona::ui
