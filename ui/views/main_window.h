// The main window: menus, status bar, and (in later issues) the persona, chat and inspector views.
#pragma once

#include <QMainWindow>

#include <memory>

class QLabel;
class QThread;

namespace persona {
struct AgentModels;
}

namespace persona::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // The models the chat uses, once the loader thread has them (null before).
    std::shared_ptr<persona::AgentModels> models() const { return m_models; }

Q_SIGNALS:
    void modelsReady();

private Q_SLOTS:
    void showAbout();

private:
    void createMenus();
    void startModelLoader();
    QLabel* m_runtimeLabel = nullptr;
    QLabel* m_modelLabel = nullptr;
    QThread* m_loaderThread = nullptr;
    std::shared_ptr<persona::AgentModels> m_models;
};

}  // namespace persona::ui
