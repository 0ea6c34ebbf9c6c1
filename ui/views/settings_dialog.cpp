#include "views/settings_dialog.h"

#include "views/sampler_settings_page.h"

#include "workers/model_loader.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>

namespace persona::ui {

SettingsDialog::SettingsDialog(const StudioSettings& settings, const ModelInfo* loaded, bool cudaAvailable, QWidget* parent)
    : QDialog(parent), m_initial(settings) {
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Models and settings"));
    auto* tabs = new QTabWidget(this);
    tabs->addTab(buildModelsPage(loaded, cudaAvailable), tr("Models"));
    tabs->addTab(buildRetrievalPage(), tr("Retrieval"));
    tabs->addTab(buildSamplingPage(), tr("Sampling"));
    m_samplers = new SamplerSettingsPage(this);
    m_samplers->current = [this] { return this->settings().agent.sampling; };
    m_samplers->replace = [this](const SamplingSettings& preset) {
        StudioSettings s = this->settings();
        s.agent.sampling = preset;
        setValues(s);
    };
    tabs->addTab(m_samplers, tr("Sampler chain"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this, tabs] {
        // The logit bias and the stage order are text: a typo keeps the dialog open, saying why.
        SamplingSettings check;
        QString error;
        if (!m_samplers->apply(check, &error)) {
            tabs->setCurrentWidget(m_samplers);
            m_samplers->presetStatus()->setText(error);
            return;
        }
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, &SettingsDialog::restoreDefaults);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(buttons);
    setValues(settings);
}

QLineEdit* SettingsDialog::folderEdit(const QString& placeholder) {
    auto* edit = new QLineEdit(this);
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    auto* browse = new QAction(QIcon::fromTheme(QStringLiteral("folder-open")), tr("Choose a folder…"), edit);
    connect(browse, &QAction::triggered, this, [this, edit] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Model folder"), edit->text());
        if (!dir.isEmpty()) edit->setText(dir);
    });
    edit->addAction(browse, QLineEdit::TrailingPosition);
    return edit;
}

QWidget* SettingsDialog::buildModelsPage(const ModelInfo* info, bool cudaAvailable) {
    auto* page = new QWidget(this);
    m_generator = folderEdit(tr("bundled demo generator"));
    m_generator->setObjectName(QStringLiteral("generatorDir"));
    m_generator->setToolTip(tr("A HuggingFace GPT-2 folder (config.json, model.safetensors or pytorch_model.bin, tokenizer)"));
    m_retriever = folderEdit(tr("bundled demo retriever"));
    m_retriever->setObjectName(QStringLiteral("retrieverDir"));
    m_retriever->setToolTip(tr("A retriever.json folder, a BERT folder or a sentence-transformers folder"));
    m_bm25Only = new QCheckBox(tr("No bi-encoder: retrieve with BM25 only"), page);
    connect(m_bm25Only, &QCheckBox::toggled, m_retriever, &QWidget::setDisabled);
    m_device = new QComboBox(page);
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    m_device->addItem(cudaAvailable ? tr("CUDA (GPU)") : tr("CUDA (not available in this build)"), QStringLiteral("cuda"));
    if (!cudaAvailable) m_device->setItemData(1, 0, Qt::UserRole - 1);  // disabled item
    m_weights = new QComboBox(page);
    m_weights->setObjectName(QStringLiteral("decodeWeights"));
    m_weights->addItem(tr("As stored in the checkpoint"), QString());
    m_weights->addItem(tr("F32"), QStringLiteral("f32"));
    m_weights->addItem(tr("F16 (half the bytes)"), QStringLiteral("f16"));
    m_weights->addItem(tr("BF16 (half the bytes)"), QStringLiteral("bf16"));
    m_weights->addItem(tr("int8 (a quarter of the bytes)"), QStringLiteral("int8"));
    m_weights->setToolTip(tr("What the generator reads its weights as when it writes a reply on the CPU: fewer bytes "
                             "decode faster; int8 changes the probabilities slightly"));
    m_threads = new QSpinBox(page);
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(tr("one per core (%1)").arg(QThread::idealThreadCount()));
    m_threads->setToolTip(tr("Takes effect at the next start"));
    m_language = new QComboBox(page);
    m_language->addItem(tr("System"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Русский"), QStringLiteral("ru"));
    m_language->setToolTip(tr("Takes effect at the next start"));
    auto* form = new QFormLayout;
    form->addRow(tr("&Generator folder:"), m_generator);
    form->addRow(tr("&Retriever folder:"), m_retriever);
    form->addRow(QString(), m_bm25Only);
    form->addRow(tr("&Device:"), m_device);
    form->addRow(tr("Decode &weights:"), m_weights);
    form->addRow(tr("&Threads:"), m_threads);
    form->addRow(tr("&Language:"), m_language);
    auto* infoLabel = new QLabel(page);
    infoLabel->setObjectName(QStringLiteral("modelInfo"));
    infoLabel->setWordWrap(true);
    infoLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (info && info->generatorParameters) {
        infoLabel->setText(tr("<b>Loaded</b><br>Generator: %1<br>%2 parameters · vocabulary %3 · context %4 · %5 tokenizer · "
                              "%6 · %7 · decodes from %8 weights<br>Retriever: %9")
                               .arg(info->generatorDir.toHtmlEscaped())
                               .arg(QLocale().toString(info->generatorParameters))
                               .arg(info->generatorVocabulary)
                               .arg(info->generatorContext)
                               .arg(info->tokenizerKind, info->dtype, info->device.toUpper(), info->weights.toUpper(),
                                    info->retrieverDir.isEmpty()
                                        ? tr("none (BM25)")
                                        : tr("%1 · %2 dimensions · prefers %3")
                                              .arg(info->retrieverDir.toHtmlEscaped())
                                              .arg(info->retrieverDimension)
                                              .arg(info->retrieverPreferred.isEmpty() ? tr("hybrid") : info->retrieverPreferred)));
    } else {
        infoLabel->setText(tr("No models are loaded yet."));
    }
    auto* layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addWidget(infoLabel);
    layout->addStretch();
    return page;
}

QWidget* SettingsDialog::buildRetrievalPage() {
    auto* page = new QWidget(this);
    m_method = new QComboBox(page);
    m_method->addItem(tr("Automatic (the retriever's preferred method)"), QStringLiteral("auto"));
    m_method->addItem(tr("BM25 (character 4-grams)"), QStringLiteral("bm25"));
    m_method->addItem(tr("Bi-encoder"), QStringLiteral("biencoder"));
    m_method->addItem(tr("Hybrid"), QStringLiteral("hybrid"));
    m_topK = new QSpinBox(page);
    m_topK->setRange(0, 50);
    m_threshold = new QDoubleSpinBox(page);
    m_threshold->setRange(-1000, 1000);
    m_threshold->setDecimals(3);
    m_threshold->setToolTip(tr("A fact needs a score above this to be used"));
    m_contextTurns = new QSpinBox(page);
    m_contextTurns->setRange(0, 50);
    m_contextTurns->setSpecialValueText(tr("the retriever's own"));
    m_historyTurns = new QSpinBox(page);
    m_historyTurns->setRange(0, 200);
    m_historyTurns->setSpecialValueText(tr("all"));
    auto* form = new QFormLayout(page);
    form->addRow(tr("&Method:"), m_method);
    form->addRow(tr("Facts used (&top-k):"), m_topK);
    form->addRow(tr("Score &threshold:"), m_threshold);
    form->addRow(tr("&Context turns (retriever):"), m_contextTurns);
    form->addRow(tr("&History turns (prompt):"), m_historyTurns);
    return page;
}

QWidget* SettingsDialog::buildSamplingPage() {
    auto* page = new QWidget(this);
    m_greedy = new QCheckBox(tr("Greedy (always the most probable token)"), page);
    m_temperature = new QDoubleSpinBox(page);
    m_temperature->setRange(0.01, 5.0);
    m_temperature->setSingleStep(0.05);
    m_samplingTopK = new QSpinBox(page);
    m_samplingTopK->setRange(0, 100000);
    m_samplingTopK->setSpecialValueText(tr("off"));
    m_topP = new QDoubleSpinBox(page);
    m_topP->setRange(0.01, 1.0);
    m_topP->setSingleStep(0.05);
    m_repetition = new QDoubleSpinBox(page);
    m_repetition->setRange(1.0, 5.0);
    m_repetition->setSingleStep(0.05);
    m_noRepeat = new QSpinBox(page);
    m_noRepeat->setRange(0, 10);
    m_noRepeat->setSpecialValueText(tr("off"));
    m_knowledgeBoost = new QDoubleSpinBox(page);
    m_knowledgeBoost->setRange(-1.0, 20.0);
    m_knowledgeBoost->setSingleStep(1.0);
    m_knowledgeBoost->setDecimals(1);
    m_knowledgeBoost->setSpecialValueText(tr("model default"));
    m_knowledgeBoost->setToolTip(tr("Raises the words of the facts given to the generator, so that a small model "
                                    "restates them (0 = off). The demo generator's default was tuned on held-out replies."));
    m_maxTokens = new QSpinBox(page);
    m_maxTokens->setRange(1, 1000);
    m_minTokens = new QSpinBox(page);
    m_minTokens->setRange(0, 1000);
    m_seed = new QSpinBox(page);
    m_seed->setRange(0, 2147483647);
    m_alternatives = new QSpinBox(page);
    m_alternatives->setRange(0, 50);
    m_alternatives->setToolTip(tr("How many alternatives the token inspector keeps per token"));
    connect(m_greedy, &QCheckBox::toggled, this, [this](bool on) {
        for (QWidget* w : {static_cast<QWidget*>(m_temperature), static_cast<QWidget*>(m_samplingTopK), static_cast<QWidget*>(m_topP)})
            w->setDisabled(on);
    });
    auto* form = new QFormLayout(page);
    form->addRow(QString(), m_greedy);
    form->addRow(tr("&Temperature:"), m_temperature);
    form->addRow(tr("Top-&k:"), m_samplingTopK);
    form->addRow(tr("Top-&p:"), m_topP);
    form->addRow(tr("&Repetition penalty:"), m_repetition);
    form->addRow(tr("&No-repeat n-gram size:"), m_noRepeat);
    form->addRow(tr("&Fact boost:"), m_knowledgeBoost);
    form->addRow(tr("Ma&x new tokens:"), m_maxTokens);
    form->addRow(tr("M&in new tokens:"), m_minTokens);
    form->addRow(tr("&Seed:"), m_seed);
    form->addRow(tr("&Alternatives per token:"), m_alternatives);
    return page;
}

void SettingsDialog::setValues(const StudioSettings& s) {
    m_bm25Only->setChecked(s.retrieverDir == QLatin1String("bm25"));
    m_generator->setText(s.generatorDir);
    m_retriever->setText(s.retrieverDir == QLatin1String("bm25") ? QString() : s.retrieverDir);
    m_device->setCurrentIndex(std::max(0, m_device->findData(s.device)));
    m_weights->setCurrentIndex(std::max(0, m_weights->findData(s.weights)));
    m_threads->setValue(s.threads);
    m_language->setCurrentIndex(std::max(0, m_language->findData(s.language)));
    const AgentSettings& a = s.agent;
    m_method->setCurrentIndex(std::max(0, m_method->findData(a.retrieval ? QString::fromStdString(toString(*a.retrieval))
                                                                         : QStringLiteral("auto"))));
    m_topK->setValue(a.topK);
    m_threshold->setValue(a.threshold);
    m_contextTurns->setValue(a.contextTurns);
    m_historyTurns->setValue(a.historyTurns);
    const SamplingSettings& p = a.sampling;
    m_greedy->setChecked(p.greedy);
    m_temperature->setValue(p.temperature);
    m_samplingTopK->setValue(p.topK);
    m_topP->setValue(p.topP);
    m_repetition->setValue(p.repetitionPenalty);
    m_noRepeat->setValue(p.noRepeatNgramSize);
    m_knowledgeBoost->setValue(p.knowledgeBoost < 0 ? -1.0 : p.knowledgeBoost);
    m_maxTokens->setValue(p.maxNewTokens);
    m_minTokens->setValue(p.minNewTokens);
    m_seed->setValue(static_cast<int>(std::min<uint64_t>(p.seed, 2147483647)));
    m_alternatives->setValue(p.alternatives);
    m_samplers->setValues(p);
}

void SettingsDialog::restoreDefaults() {
    StudioSettings defaults;
    defaults.language = m_initial.language;
    setValues(defaults);
}

StudioSettings SettingsDialog::settings() const {
    StudioSettings s = m_initial;
    s.generatorDir = m_generator->text().trimmed();
    s.retrieverDir = m_bm25Only->isChecked() ? QStringLiteral("bm25") : m_retriever->text().trimmed();
    s.device = m_device->currentData().toString();
    s.weights = m_weights->currentData().toString();
    s.threads = m_threads->value();
    s.language = m_language->currentData().toString();
    AgentSettings& a = s.agent;
    const QString method = m_method->currentData().toString();
    a.retrieval = method == QLatin1String("auto") ? std::nullopt : std::optional<RetrievalMethod>(parseRetrievalMethod(method.toStdString()));
    a.topK = m_topK->value();
    a.threshold = m_threshold->value();
    a.contextTurns = m_contextTurns->value();
    a.historyTurns = m_historyTurns->value();
    SamplingSettings& p = a.sampling;
    p.greedy = m_greedy->isChecked();
    p.temperature = static_cast<float>(m_temperature->value());
    p.topK = m_samplingTopK->value();
    p.topP = static_cast<float>(m_topP->value());
    p.repetitionPenalty = static_cast<float>(m_repetition->value());
    p.noRepeatNgramSize = m_noRepeat->value();
    p.knowledgeBoost = m_knowledgeBoost->value() < 0 ? AgentSettings::kModelKnowledgeBoost : static_cast<float>(m_knowledgeBoost->value());
    p.maxNewTokens = m_maxTokens->value();
    p.minNewTokens = std::min(m_minTokens->value(), p.maxNewTokens);
    p.seed = static_cast<uint64_t>(m_seed->value());
    p.alternatives = m_alternatives->value();
    m_samplers->apply(p);  // a text field that does not parse changes nothing (accept refuses it first)
    return s;
}

}  // namespace persona::ui
