// Everything the user sets in the Models and settings dialog: model folders, device, threads and
// the agent's retrieval and sampling parameters. Plain values; persisted with QSettings.
#pragma once

#include "persona/agent/agent.h"

#include <QString>

class QSettings;

namespace persona::ui {

struct StudioSettings {
    QString generatorDir;  // empty: the bundled demo generator
    QString retrieverDir;  // empty: the bundled demo retriever; "bm25" : none (BM25 only)
    QString device = QStringLiteral("cpu");
    QString weights;       // decode weights: empty = the checkpoint's own dtype; f32, f16, bf16, int8
    int threads = 0;       // 0: one per core
    QString language;      // empty: the system's
    QString theme;         // empty / "system", "light", "dark"
    AgentSettings agent;   // retrieval method, top-k, threshold, turns, sampling

    // Reads the saved values, keeping defaults for anything missing or out of range.
    static StudioSettings load(QSettings& settings);
    void save(QSettings& settings) const;
    // Writes the settings file now and makes it the user's alone (0600).
    static void syncPrivately(QSettings& settings);
    bool sameModels(const StudioSettings& other) const {
        return generatorDir == other.generatorDir && retrieverDir == other.retrieverDir && device == other.device &&
               weights == other.weights;
    }
};

}  // namespace persona::ui
