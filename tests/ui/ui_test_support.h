// What the window tests share: an isolated settings folder and database, and small models made by
// the test (a random GPT-2 over the tiny byte-level BPE fixture, which has [P1u] [P2u] [Gk], and a
// random BERT bi-encoder over the tiny WordPiece fixture). The "slow" generator is large enough
// that a long reply takes about a second here, so Stop and closing can land mid-reply.
#pragma once

#include "app_context.h"
#include "persona/model/bert_model.h"
#include "persona/model/gpt2_model.h"
#include "persona/model/model_folder.h"
#include "studio_settings.h"
#include "views/main_window.h"

#include <QApplication>
#include <QKeyEvent>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <memory>

namespace persona::test {

// Types text into a widget as key events carrying the characters (QTest::keyClicks takes Latin-1
// only; this goes through the same keyPressEvent path with Cyrillic too).
inline void typeText(QWidget* w, const QString& text) {
    for (const QChar c : text) {
        QKeyEvent press(QEvent::KeyPress, Qt::Key_unknown, Qt::NoModifier, QString(c));
        QKeyEvent release(QEvent::KeyRelease, Qt::Key_unknown, Qt::NoModifier, QString(c));
        QApplication::sendEvent(w, &press);
        QApplication::sendEvent(w, &release);
    }
}

class UiFixture {
public:
    UiFixture() {
        // QSettings and XDG data under the temporary folder, never the user's.
        qputenv("XDG_CONFIG_HOME", (m_dir.path() + QStringLiteral("/config")).toUtf8());
        qputenv("XDG_DATA_HOME", (m_dir.path() + QStringLiteral("/data")).toUtf8());
    }

    QString path(const QString& name) const { return m_dir.path() + QLatin1Char('/') + name; }

    // Makes the models once per fixture; `slow` gives the bigger generator.
    ui::StudioSettings settings(bool slow = false) {
        namespace fs = std::filesystem;
        const fs::path fixtures(PERSONA_FIXTURES_DIR);
        const QString gen = path(slow ? QStringLiteral("slow-generator") : QStringLiteral("generator"));
        if (!fs::exists(gen.toStdString())) {
            Gpt2Config g;
            g.vocabSize = 272, g.bosTokenId = g.eosTokenId = 256;
            if (slow) g.nEmbd = 384, g.nLayer = 6, g.nHead = 6, g.nPositions = 640;
            else g.nEmbd = 32, g.nLayer = 2, g.nHead = 4, g.nPositions = 256;
            Gpt2Model::random(g, 11).save(gen.toStdString());
            copyTokenizerFiles((fixtures / "text" / "tiny_bpe").string(), gen.toStdString());
        }
        const QString ret = path(QStringLiteral("retriever"));
        if (!fs::exists(ret.toStdString())) {
            BertConfig b;
            b.vocabSize = 38, b.hiddenSize = 16, b.numHiddenLayers = 1, b.numAttentionHeads = 2;
            b.intermediateSize = 32, b.maxPositionEmbeddings = 64;
            const fs::path ctx = fs::path(ret.toStdString()) / "context";
            BertModel::random(b, 12, /*withPooler=*/false).save(ctx.string());
            copyTokenizerFiles((fixtures / "text" / "tiny_wordpiece").string(), ctx.string());
            std::ofstream(fs::path(ret.toStdString()) / "retriever.json")
                << R"({"context_encoder":"context","candidate_encoder":"context","pooling":"mean","similarity":"cosine","context_turns":2})";
        }
        ui::StudioSettings s;
        s.generatorDir = gen;
        s.retrieverDir = ret;
        s.agent.sampling.maxNewTokens = slow ? 600 : 12;
        s.agent.sampling.minNewTokens = slow ? 600 : 2;
        s.agent.sampling.stopAtEos = false;
        s.agent.sampling.seed = 7;
        return s;
    }

    // A window on a fresh database, its models loaded.
    std::unique_ptr<ui::MainWindow> window(const ui::StudioSettings& s, const QString& db = QStringLiteral("studio.db")) {
        auto w = std::make_unique<ui::MainWindow>(path(db), s);
        if (!w->context().models()) {
            QSignalSpy ready(&w->context(), &ui::AppContext::modelsReady);
            if (!ready.wait(60000)) return nullptr;
        }
        return w;
    }

private:
    QTemporaryDir m_dir;
};

}  // namespace persona::test
