// Qt, libtorch and sentencepiece (through its shim) in one process: the GUI process loads all
// three, and two of them clash when linked naively (core/spshim/sp_shim.h).
#include "persona/engine/runtime.h"
#include "persona/text/sentencepiece.h"
#include "ui_test_support.h"

#include <QApplication>
#include <QTemporaryDir>
#include <QTest>

class ProcessMixTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void qtTorchAndSentencepieceTogether() {
        // Qt: a real window, laid out and shown.
        persona::test::UiFixture fx;
        persona::ui::MainWindow window(fx.path(QStringLiteral("mix.db")), fx.settings());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // sentencepiece: train and use a model on Russian text.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string prefix = (dir.path() + QStringLiteral("/m")).toStdString();
        persona::SentencePieceModel::train(
            "--input=" PERSONA_FIXTURES_DIR "/text/itmo_knowledge_head.txt --model_prefix=" +
            prefix + " --vocab_size=300 --character_coverage=1.0");
        auto sp = persona::SentencePieceModel::load(prefix + ".model");
        const std::string text = "Речевая обработка";
        const auto ids = sp.encode(text);
        QVERIFY(!ids.empty());
        QCOMPARE(QString::fromStdString(sp.decode(ids)), QString::fromStdString(text));

        // libtorch: a matrix product after both of the above.
        double expected = 0;
        for (int k = 0; k < 16 * 16; ++k) expected += 2 * (k % 7);
        QCOMPARE(persona::runtimeSelfCheck(16), expected);

        // The window still responds after all of it.
        QApplication::processEvents();
        QVERIFY(window.isVisible());
    }
};

QTEST_MAIN(ProcessMixTest)
#include "process_mix_test.moc"
