// The "Sampler chain" settings: every stage's field survives the dialog and the settings file,
// presets load into the dialog (ours and SillyTavern's), a typo keeps the dialog open; and, with
// PERSONA_SCREENSHOT_DIR set, pictures of the page in English and Russian.
#include "persona/generate/sampler_preset.h"
#include "studio_settings.h"
#include "translator.h"
#include "views/sampler_settings_page.h"
#include "views/settings_dialog.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

namespace {

persona::SamplingSettings chainSettings() {
    persona::SamplingSettings s;
    s.presencePenalty = 0.25f;
    s.frequencyPenalty = 0.1f;
    s.penaltyLastN = 64;
    s.dryMultiplier = 0.8f;
    s.dryBase = 1.5f;
    s.dryAllowedLength = 3;
    s.dryPenaltyLastN = 256;
    s.drySequenceBreakers = {"\n", "«"};
    s.dynatempRange = 0.4f;
    s.dynatempExponent = 1.5f;
    s.minP = 0.05f;
    s.typicalP = 0.9f;
    s.topNSigma = 1.5f;
    s.xtcThreshold = 0.15f;
    s.xtcProbability = 0.5f;
    s.mirostat = 2;
    s.mirostatTau = 4.0f;
    s.mirostatEta = 0.2f;
    s.logitBias = {{15, 1.5f}, {7, -INFINITY}};
    s.samplers = {"dry", "penalties", "temperature", "min_p", "xtc"};
    return s;
}

void expectChain(const persona::SamplingSettings& got, const persona::SamplingSettings& want) {
    // Our preset JSON writes every field: equal texts, equal settings.
    QCOMPARE(QString::fromStdString(persona::samplerPresetToJson(got)), QString::fromStdString(persona::samplerPresetToJson(want)));
}

}  // namespace

class SamplerSettingsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyStageSurvivesTheDialogAndTheSettingsFile() {
        persona::ui::StudioSettings settings;
        const auto chain = chainSettings();
        // The new stages on top of the agent's basic defaults (temperature, top-p, ... keep theirs).
        auto want = chain;
        const auto& basic = settings.agent.sampling;
        want.temperature = basic.temperature;
        want.topP = basic.topP;
        want.repetitionPenalty = basic.repetitionPenalty;
        want.noRepeatNgramSize = basic.noRepeatNgramSize;
        want.maxNewTokens = basic.maxNewTokens;
        want.minNewTokens = basic.minNewTokens;
        want.knowledgeBoost = basic.knowledgeBoost;
        settings.agent.sampling = want;
        persona::ui::SettingsDialog dialog(settings, nullptr, false);
        expectChain(dialog.settings().agent.sampling, want);
        QTemporaryDir dir;
        QSettings file(dir.filePath(QStringLiteral("studio.ini")), QSettings::IniFormat);
        settings.save(file);
        expectChain(persona::ui::StudioSettings::load(file).agent.sampling, want);
    }

    void aSillyTavernPresetLoadsIntoTheDialog() {
        persona::ui::StudioSettings settings;
        settings.agent.sampling.seed = 42;
        persona::ui::SettingsDialog dialog(settings, nullptr, false);
        auto* page = dialog.samplerPage();
        QVERIFY(page->loadPreset(QStringLiteral(PERSONA_FIXTURES_DIR "/presets/sillytavern_textgen.json")));
        const auto s = dialog.settings().agent.sampling;
        QCOMPARE(s.topK, 40);
        QCOMPARE(s.minP, 0.05f);
        QCOMPARE(s.dryMultiplier, 0.8f);
        QCOMPARE(s.mirostat, 2);
        QCOMPARE(s.samplers.back(), std::string("temperature"));
        QCOMPARE(s.seed, uint64_t(42));  // a preset leaves the seed alone
        QVERIFY2(page->presetStatus()->text().contains(QStringLiteral("top_a")), qPrintable(page->presetStatus()->text()));
        QVERIFY(!page->loadPreset(QStringLiteral("/nonexistent/preset.json")));
        QVERIFY(page->presetStatus()->text().contains(QStringLiteral("/nonexistent/preset.json")));
    }

    void aTypoInTheLogitBiasKeepsTheDialogOpen() {
        persona::ui::SettingsDialog dialog(persona::ui::StudioSettings{}, nullptr, false);
        persona::SamplingSettings s;
        QString error;
        QVERIFY(dialog.samplerPage()->apply(s, &error));
        auto edits = dialog.samplerPage()->findChildren<QLineEdit*>();
        QLineEdit* bias = nullptr;
        for (auto* e : edits)
            if (e->placeholderText().contains(QStringLiteral("-inf"))) bias = e;
        QVERIFY(bias);
        bias->setText(QStringLiteral("15043+"));
        QVERIFY(!dialog.samplerPage()->apply(s, &error));
        QVERIFY2(error.contains(QStringLiteral("ID+BIAS")), qPrintable(error));
    }

    void breakersRoundTripThroughTheirText() {
        const std::vector<std::string> b{"\n", ":", "\"", "*"};
        QCOMPARE(persona::ui::breakersFromText(persona::ui::breakersToText(b)), b);
    }

    void screenshots() {
        const QByteArray dir = qgetenv("PERSONA_SCREENSHOT_DIR");
        if (dir.isEmpty()) QSKIP("PERSONA_SCREENSHOT_DIR is not set");
        for (const QString& language : {QStringLiteral("en"), QStringLiteral("ru")}) {
            persona::ui::installTranslation(*qApp, language);
            persona::ui::StudioSettings settings;
            settings.agent.sampling = chainSettings();
            settings.agent.sampling.mirostat = 0;
            persona::ui::SettingsDialog dialog(settings, nullptr, false);
            dialog.resize(1000, 640);
            auto* tabs = dialog.findChild<QTabWidget*>();
            QVERIFY(tabs);
            tabs->setCurrentWidget(dialog.samplerPage());
            QVERIFY(dialog.samplerPage()->loadPreset(QStringLiteral(PERSONA_FIXTURES_DIR "/presets/sillytavern_textgen.json")));
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            QTest::qWait(200);
            const QString path = QString::fromUtf8(dir) + QStringLiteral("/sampler-settings-%1.png").arg(language);
            QVERIFY(dialog.grab().save(path));
        }
        persona::ui::installTranslation(*qApp, QStringLiteral("en"));
    }
};

QTEST_MAIN(SamplerSettingsTest)
#include "sampler_settings_test.moc"
