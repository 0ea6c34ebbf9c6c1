#include "views/training_view.h"

#include "app_context.h"
#include "persona/model/model_folder.h"
#include "plots/loss_plot.h"
#include "plots/plot_export.h"
#include "workers/training_runner.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace persona::ui {

namespace {

using Kind = TrainingRequest::Kind;

QPushButton* button(const QString& text, const char* name, QWidget* parent) {
    auto* b = new QPushButton(text, parent);
    b->setObjectName(QString::fromLatin1(name));
    return b;
}

}  // namespace

TrainingView::TrainingView(AppContext& ctx, QWidget* parent) : QWidget(parent), m_ctx(ctx) {
    setObjectName(QStringLiteral("TrainingView"));
    // The context owns the runner (and so the training thread), like the chat and loader threads.
    m_runner = new TrainingRunner(&m_ctx);
    auto* split = new QSplitter(Qt::Horizontal, this);
    auto* scroll = new QScrollArea(split);
    scroll->setWidgetResizable(true);
    scroll->setWidget(buildForm());
    // The whole form is visible (its labels are longer in Russian); only the height scrolls.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    const int formWidth = m_formBox->sizeHint().width() + scroll->verticalScrollBar()->sizeHint().width() + 2 * scroll->frameWidth();
    scroll->setMinimumWidth(formWidth);
    split->addWidget(scroll);
    split->addWidget(buildResults());
    split->setStretchFactor(1, 1);
    split->setSizes({formWidth, 900});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);
    connectRunner();
    onKindChanged();
    updateButtons();
    setStatus(tr("Pick the data and the model, then Start."));
}

QWidget* TrainingView::buildForm() {
    m_formBox = new QWidget;
    auto* column = new QVBoxLayout(m_formBox);
    column->addWidget(buildDataBox());
    column->addWidget(buildModelBox());
    column->addWidget(buildSettingsBox());
    column->addStretch();
    return m_formBox;
}

QWidget* TrainingView::buildDataBox() {
    auto* data = new QGroupBox(tr("Data"), m_formBox);
    auto* dataLayout = new QVBoxLayout(data);
    m_labelled = new QCheckBox(tr("Labelled chats in the store"), data);
    m_labelled->setObjectName(QStringLiteral("trainLabelledChats"));
    m_labelled->setChecked(true);
    m_personaOnly = new QCheckBox(tr("Only the selected persona's chats"), data);
    m_personaOnly->setObjectName(QStringLiteral("trainPersonaOnly"));
    m_seeds = new QListWidget(data);
    m_seeds->setObjectName(QStringLiteral("trainSeedFiles"));
    m_seeds->setMaximumHeight(90);
    m_seeds->setTextElideMode(Qt::ElideLeft);  // the file name matters most
    m_seeds->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_seeds->setSelectionMode(QAbstractItemView::ExtendedSelection);
    auto* seedButtons = new QHBoxLayout;
    auto* addSeed = button(tr("Add seed JSONL…"), "trainAddSeed", data);
    auto* removeSeed = button(tr("Remove"), "trainRemoveSeed", data);
    seedButtons->addWidget(addSeed);
    seedButtons->addWidget(removeSeed);
    seedButtons->addStretch();
    dataLayout->addWidget(m_labelled);
    dataLayout->addWidget(m_personaOnly);
    dataLayout->addWidget(new QLabel(tr("Seed dialogue files:"), data));
    dataLayout->addWidget(m_seeds);
    dataLayout->addLayout(seedButtons);
    connect(addSeed, &QPushButton::clicked, this, [this] {
        addSeedFiles(QFileDialog::getOpenFileNames(this, tr("Add seed dialogues"), QString(),
                                                   tr("Seed dialogues (*.jsonl);;All files (*)")));
    });
    connect(removeSeed, &QPushButton::clicked, this, [this] { qDeleteAll(m_seeds->selectedItems()); });
    return data;
}

QWidget* TrainingView::buildModelBox() {
    auto* model = new QGroupBox(tr("Model"), m_formBox);
    auto* modelForm = new QFormLayout(model);
    m_kind = new QComboBox(model);
    m_kind->setObjectName(QStringLiteral("trainKind"));
    m_kind->addItem(tr("Generator (writes the replies)"));
    m_kind->addItem(tr("Retriever (picks the facts)"));
    m_init = new QComboBox(model);
    m_init->setObjectName(QStringLiteral("trainInit"));
    m_init->addItem(tr("Fine-tune the current model"));
    m_init->addItem(tr("From scratch (tiny test model)"));
    m_currentModel = new QLabel(model);
    modelForm->addRow(tr("Train:"), m_kind);
    modelForm->addRow(tr("Start from:"), m_init);
    modelForm->addRow(tr("Current model:"), m_currentModel);
    connect(m_kind, qOverload<int>(&QComboBox::currentIndexChanged), this, &TrainingView::onKindChanged);
    return model;
}

QWidget* TrainingView::buildSettingsBox() {
    auto* settings = new QGroupBox(tr("Settings"), m_formBox);
    auto* form = new QFormLayout(settings);
    m_epochs = new QSpinBox(settings);
    m_epochs->setObjectName(QStringLiteral("trainEpochs"));
    m_epochs->setRange(1, 1000);
    m_epochs->setValue(3);
    m_batch = new QSpinBox(settings);
    m_batch->setObjectName(QStringLiteral("trainBatchSize"));
    m_batch->setRange(1, 1024);
    m_batch->setValue(8);
    m_lr = new QDoubleSpinBox(settings);
    m_lr->setObjectName(QStringLiteral("trainLearningRate"));
    m_lr->setDecimals(6);
    m_lr->setRange(0.000001, 1.0);
    m_lr->setSingleStep(0.00001);
    m_maxSteps = new QSpinBox(settings);
    m_maxSteps->setObjectName(QStringLiteral("trainMaxSteps"));
    m_maxSteps->setRange(0, 10000000);
    m_maxSteps->setSpecialValueText(tr("all epochs"));
    m_outDir = new QLineEdit(settings);
    m_outDir->setObjectName(QStringLiteral("trainOutDir"));
    auto* browse = button(tr("Browse…"), "trainBrowseOut", settings);
    auto* outRow = new QHBoxLayout;
    outRow->addWidget(m_outDir, 1);
    outRow->addWidget(browse);
    form->addRow(tr("Epochs:"), m_epochs);
    form->addRow(tr("Batch size:"), m_batch);
    form->addRow(tr("Learning rate:"), m_lr);
    form->addRow(tr("Max steps:"), m_maxSteps);
    form->addRow(tr("Output folder:"), outRow);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Output folder"), m_outDir->text());
        if (!dir.isEmpty()) m_outDir->setText(dir);
    });
    return settings;
}

QWidget* TrainingView::buildResults() {
    auto* box = new QWidget;
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    auto* actions = new QHBoxLayout;
    m_start = button(tr("Start"), "trainStart", box);
    m_cancel = button(tr("Cancel"), "trainCancel", box);
    m_resume = button(tr("Resume"), "trainResume", box);
    m_open = button(tr("Open run…"), "trainOpenRun", box);
    m_export = button(tr("Export plot…"), "trainExportPlot", box);
    m_cancel->setToolTip(tr("Stop after the current step; the checkpoint is saved and Resume continues from it."));
    for (auto* b : {m_start, m_cancel, m_resume, m_open}) actions->addWidget(b);
    actions->addStretch();
    actions->addWidget(m_export);
    connect(m_start, &QPushButton::clicked, this, &TrainingView::startTraining);
    connect(m_cancel, &QPushButton::clicked, this, &TrainingView::cancelTraining);
    connect(m_resume, &QPushButton::clicked, this, &TrainingView::resumeTraining);
    connect(m_open, &QPushButton::clicked, this, [this] {
        const QString root = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("training"));
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a training run"), root);
        if (!dir.isEmpty()) openRun(dir);
    });

    m_plot = new LossPlot(box);
    connect(m_export, &QPushButton::clicked, this, [this] { exportPlotDialog(m_plot->plot(), this, QStringLiteral("training-loss")); });
    m_progress = new QProgressBar(box);
    m_progress->setObjectName(QStringLiteral("trainProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status = new QLabel(box);
    m_status->setObjectName(QStringLiteral("trainStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_metrics = new QTableWidget(0, 3, box);
    m_metrics->setObjectName(QStringLiteral("trainMetrics"));
    m_metrics->setHorizontalHeaderLabels({tr("Validation split"), tr("Current model"), tr("New model")});
    m_metrics->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_metrics->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_metrics->verticalHeader()->setVisible(false);
    m_metrics->setEditTriggers(QAbstractItemView::NoEditTriggers);
    enableTsvCopy(m_metrics);
    fitMetrics();
    m_use = button(tr("Use this model"), "trainUseModel", box);
    m_use->setToolTip(tr("Point the app's settings at the new model and reload the models."));
    auto* useRow = new QHBoxLayout;
    useRow->addStretch();
    useRow->addWidget(m_use);
    connect(m_use, &QPushButton::clicked, this, &TrainingView::useTrainedModel);

    column->addLayout(actions);
    column->addWidget(m_plot, 1);
    column->addWidget(m_progress);
    column->addWidget(m_status);
    column->addWidget(m_metrics);
    column->addLayout(useRow);
    return box;
}

void TrainingView::connectRunner() {
    connect(m_runner, &TrainingRunner::progress, this, &TrainingView::onProgress);
    connect(m_runner, &TrainingRunner::finished, this, &TrainingView::onFinished);
    connect(m_runner, &TrainingRunner::failed, this, &TrainingView::onFailed);
}

void TrainingView::setPersona(qint64 personaId) { m_personaId = personaId; }

void TrainingView::setKind(Kind kind) { m_kind->setCurrentIndex(kind == Kind::Generator ? 0 : 1); }

void TrainingView::addSeedFiles(const QStringList& files) {
    for (const QString& f : files)
        if (m_seeds->findItems(f, Qt::MatchExactly).isEmpty()) {
            m_seeds->addItem(f);
            m_seeds->item(m_seeds->count() - 1)->setToolTip(QDir::toNativeSeparators(f));
        }
}

bool TrainingView::running() const { return m_runner->running(); }

QString TrainingView::statusText() const { return m_status->text(); }

void TrainingView::setStatus(const QString& text) { m_status->setText(text); }

QString TrainingView::currentModelDir() const {
    const StudioSettings& s = m_ctx.settings();
    if (m_kind->currentIndex() == 0)
        return s.generatorDir.isEmpty() ? QString::fromStdString(bundledModelDir("generator")) : s.generatorDir;
    const bool none = s.retrieverDir.isEmpty() || s.retrieverDir == QLatin1String("bm25");
    return none ? QString::fromStdString(bundledModelDir("retriever")) : s.retrieverDir;
}

QString TrainingView::freshOutputDir() const {
    const QString root = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QString kind = m_kind->currentIndex() == 0 ? QStringLiteral("generator") : QStringLiteral("retriever");
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss"));
    QString dir = QDir(root).filePath(QStringLiteral("training/%1-%2").arg(kind, stamp));
    for (int n = 2; QFileInfo::exists(dir); ++n)
        dir = QDir(root).filePath(QStringLiteral("training/%1-%2-%3").arg(kind, stamp).arg(n));
    return dir;
}

void TrainingView::onKindChanged() {
    const bool generator = m_kind->currentIndex() == 0;
    m_lr->setValue(generator ? 1e-4 : 5e-5);
    showCurrentModel();
    if (m_outDir->text().isEmpty() || m_outDir->text() == m_autoOutDir) {
        m_autoOutDir = freshOutputDir();
        m_outDir->setText(m_autoOutDir);
    }
}

void TrainingView::showCurrentModel() {
    // A long folder is shortened in the middle (the form keeps its width); the tooltip has it all.
    const QString dir = QDir::toNativeSeparators(currentModelDir());
    m_currentModel->setText(m_currentModel->fontMetrics().elidedText(dir, Qt::ElideMiddle, 240));
    m_currentModel->setToolTip(dir);
}


}  // namespace persona::ui
