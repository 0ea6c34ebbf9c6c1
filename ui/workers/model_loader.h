// Loads the agent's models (by default the bundled demo models) on its own thread, so the window
// never waits for a checkpoint to be read. Owned by AppContext; requests arrive as queued calls.
#pragma once

#include "persona/agent/agent.h"

#include <QMetaType>
#include <QObject>
#include <QString>

namespace persona::ui {

// What the settings dialog shows about the loaded models.
struct ModelInfo {
    QString generatorDir;
    qint64 generatorParameters = 0;
    int generatorVocabulary = 0;
    int generatorContext = 0;  // n_positions
    QString tokenizerKind;
    QString dtype;             // compute dtype of the weights: f32 / f16 / bf16
    QString weights;           // what the decode step reads: f32 / f16 / bf16 / int8
    QString device;            // cpu / cuda
    QString retrieverDir;      // empty: none (BM25 only)
    int retrieverDimension = 0;
    QString retrieverPreferred;  // the method the retriever's evaluation chose
    QString summary() const;     // one line for the status bar
};

class ModelLoader : public QObject {
    Q_OBJECT
public:
    ModelLoader() = default;

public Q_SLOTS:
    // Runs on the loader thread. Empty folders mean the bundled demo models; a retriever folder of
    // "bm25" means none. Emits progress(), then loaded() or failed(); never throws.
    // weights: the decode weights (persona/model/decode_weights.h); empty: the checkpoint's own.
    void load(const QString& generatorDir, const QString& retrieverDir, const QString& device,
              const QString& weights = QString());

Q_SIGNALS:
    void progress(const QString& stage, int percent);
    void loaded(std::shared_ptr<persona::AgentModels> models, const persona::ui::ModelInfo& info);
    void failed(const QString& message);
};

}  // namespace persona::ui

Q_DECLARE_METATYPE(persona::ui::ModelInfo)
