#include "views/main_window.h"

#include "persona/about.h"
#include "persona/agent/agent.h"
#include "persona/engine/runtime.h"
#include "workers/model_loader.h"

#include <QAction>
#include <QApplication>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QThread>
#include <QVBoxLayout>

namespace persona::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("Persona Studio"));
    resize(1200, 800);

    auto* placeholder = new QLabel(tr("Open or create a persona to start."), this);
    placeholder->setObjectName(QStringLiteral("placeholder"));
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);

    createMenus();

    const RuntimeInfo info = runtimeInfo();
    m_runtimeLabel = new QLabel(this);
    m_runtimeLabel->setObjectName(QStringLiteral("runtimeLabel"));
    m_runtimeLabel->setText(
        tr("libtorch %1 · %2 · %n thread(s)", nullptr, info.intraOpThreads)
            .arg(QString::fromStdString(info.torchVersion),
                 info.cudaAvailable ? tr("CUDA") : tr("CPU")));
    statusBar()->addPermanentWidget(m_runtimeLabel);

    m_modelLabel = new QLabel(tr("Loading models…"), this);
    m_modelLabel->setObjectName(QStringLiteral("modelLabel"));
    statusBar()->addWidget(m_modelLabel);
    startModelLoader();
}

MainWindow::~MainWindow() {
    // Shutdown: let a load in progress finish, then stop the thread.
    m_loaderThread->quit();
    m_loaderThread->wait();
}

void MainWindow::startModelLoader() {
    qRegisterMetaType<std::shared_ptr<persona::AgentModels>>("std::shared_ptr<persona::AgentModels>");
    m_loaderThread = new QThread(this);
    auto* loader = new ModelLoader;
    loader->moveToThread(m_loaderThread);
    connect(m_loaderThread, &QThread::finished, loader, &QObject::deleteLater);
    connect(m_loaderThread, &QThread::started, loader, &ModelLoader::load);
    // Queued: the results are produced on the loader thread and used by widgets on this one.
    connect(loader, &ModelLoader::loaded, this,
            [this](std::shared_ptr<persona::AgentModels> models, const QString& summary) {
                m_models = std::move(models);
                m_modelLabel->setText(tr("Models ready: %1").arg(summary));
                Q_EMIT modelsReady();
            },
            Qt::QueuedConnection);
    connect(loader, &ModelLoader::failed, this,
            [this](const QString& message) { m_modelLabel->setText(message); }, Qt::QueuedConnection);
    m_loaderThread->start();
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Persona Studio"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("actionAbout"));
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About Persona Studio"),
                       tr("<b>%1</b><p>Author persona-grounded chatbots and test them live.</p>")
                           .arg(QString::fromStdString(productNameAndVersion())));
}

}  // namespace persona::ui
