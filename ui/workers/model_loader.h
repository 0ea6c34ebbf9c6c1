// Loads the agent's models (by default the bundled demo models) on its own thread, so the window
// never waits for a checkpoint to be read.
#pragma once

#include "persona/agent/agent.h"

#include <QObject>
#include <QString>

namespace persona::ui {

class ModelLoader : public QObject {
    Q_OBJECT
public:
    // Empty folders mean the bundled demo models.
    ModelLoader(QString generatorDir = {}, QString retrieverDir = {});

public Q_SLOTS:
    // Runs on the loader thread. Emits loaded() or failed(); never throws.
    void load();

Q_SIGNALS:
    void loaded(std::shared_ptr<persona::AgentModels> models, QString summary);
    void failed(QString message);

private:
    QString m_generatorDir;
    QString m_retrieverDir;
};

}  // namespace persona::ui
