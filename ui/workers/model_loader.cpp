#include "workers/model_loader.h"

#include "persona/model/gpt2_model.h"
#include "persona/model/model_folder.h"
#include "persona/retrieve/biencoder.h"
#include "persona/text/tokenizer.h"

#include <QCoreApplication>

namespace persona::ui {

ModelLoader::ModelLoader(QString generatorDir, QString retrieverDir)
    : m_generatorDir(std::move(generatorDir)), m_retrieverDir(std::move(retrieverDir)) {}

void ModelLoader::load() {
    try {
        const std::string gen = m_generatorDir.isEmpty() ? bundledModelDir("generator") : m_generatorDir.toStdString();
        const std::string ret = m_retrieverDir.isEmpty() ? bundledModelDir("retriever") : m_retrieverDir.toStdString();
        if (gen.empty()) {
            Q_EMIT failed(QCoreApplication::translate("ModelLoader", "No generator model was found."));
            return;
        }
        auto models = std::make_shared<AgentModels>();
        auto generator = std::make_shared<Gpt2Model>(Gpt2Model::load(gen));
        const auto params = generator->config().parameterCount();
        models->generator = generator;
        models->tokenizer = std::shared_ptr<const Tokenizer>(loadTokenizer(gen));
        models->generatorName = gen;
        if (!ret.empty()) {
            models->retriever = std::make_shared<BiEncoder>(BiEncoder::load(ret));
            models->retrieverName = ret;
        }
        const QString summary =
            QCoreApplication::translate("ModelLoader", "generator %1M parameters · retriever %2")
                .arg(double(params) / 1e6, 0, 'f', 1)
                .arg(ret.empty() ? QStringLiteral("BM25") : QCoreApplication::translate("ModelLoader", "bi-encoder"));
        Q_EMIT loaded(models, summary);
    } catch (const std::exception& e) {
        // No exception crosses a slot: the message goes to the window, in words.
        Q_EMIT failed(QCoreApplication::translate("ModelLoader", "Could not load the models: %1").arg(QString::fromUtf8(e.what())));
    }
}

}  // namespace persona::ui
