#include "views/main_window.h"

#include "persona/about.h"
#include "persona/engine/runtime.h"

#include <QAction>
#include <QApplication>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
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
