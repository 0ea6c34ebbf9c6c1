#include "workers/model_loader.h"

#include "persona/model/compute.h"
#include "persona/model/decode_weights.h"
#include "persona/model/causal_lm.h"
#include "persona/model/model_folder.h"
#include "persona/retrieve/biencoder.h"
#include "persona/text/tokenizer.h"

#include <QCoreApplication>

namespace persona::ui {

QString ModelInfo::summary() const {
    const QString retriever = retrieverDir.isEmpty()
                                  ? QStringLiteral("BM25")
                                  : ModelLoader::tr("bi-encoder (%1-d)").arg(retrieverDimension);
    return ModelLoader::tr("generator %1M parameters · %2 · %3 · decodes from %4 weights · retriever %5")
        .arg(double(generatorParameters) / 1e6, 0, 'f', 1)
        .arg(dtype, device.toUpper(), weights.toUpper(), retriever);
}

void ModelLoader::load(const QString& generatorDir, const QString& retrieverDir, const QString& device,
                       const QString& weights) {
    try {
        const std::string gen = generatorDir.isEmpty() ? bundledModelDir("generator") : generatorDir.toStdString();
        const bool bm25Only = retrieverDir == QLatin1String("bm25");
        const std::string ret =
            bm25Only ? std::string() : (retrieverDir.isEmpty() ? bundledModelDir("retriever") : retrieverDir.toStdString());
        if (gen.empty()) {
            Q_EMIT failed(tr("No generator model was found: the bundled demo models are not installed. Choose a "
                             "model folder in Settings."));
            return;
        }
        ComputeOptions compute;
        compute.device = parseDevice(device.toStdString());
        checkAvailable(compute);

        Q_EMIT progress(tr("Loading the generator…"), 10);
        auto models = std::make_shared<AgentModels>();
        std::optional<DecodeWeights> decode;
        if (!weights.isEmpty()) decode = parseDecodeWeights(weights.toStdString());
        std::shared_ptr<const CausalLm> generator = loadCausalLm(gen, compute, decode);
        models->generator = generator;
        Q_EMIT progress(tr("Loading the tokenizer…"), 50);
        models->tokenizer = std::shared_ptr<const Tokenizer>(loadTokenizer(gen));
        models->generatorName = gen;
        ModelInfo info;
        info.generatorDir = QString::fromStdString(gen);
        const CausalLmInfo lm = generator->info();
        info.generatorParameters = lm.parameters;
        info.generatorVocabulary = lm.vocabSize;
        info.generatorContext = lm.contextLength;
        info.tokenizerKind = QString::fromStdString(models->tokenizer->kind());
        info.dtype = QString::fromStdString(toString(generator->compute().dtype));
        info.device = QString::fromStdString(toString(generator->compute().device));
        info.weights = QString::fromStdString(toString(decodeWeights(*generator)));
        if (!ret.empty()) {
            Q_EMIT progress(tr("Loading the retriever…"), 70);
            auto retriever = std::make_shared<BiEncoder>(BiEncoder::load(ret, compute));
            models->retriever = retriever;
            models->retrieverName = ret;
            info.retrieverDir = QString::fromStdString(ret);
            info.retrieverDimension = retriever->dimension();
            info.retrieverPreferred = QString::fromStdString(retriever->options().preferredMethod);
        }
        Q_EMIT progress(tr("Models ready"), 100);
        Q_EMIT loaded(models, info);
    } catch (const std::exception& e) {
        // No exception crosses a slot: the engine's message (file, tensor, expected, found) goes
        // to the window as it is.
        Q_EMIT failed(QString::fromUtf8(e.what()));
    }
}

}  // namespace persona::ui
