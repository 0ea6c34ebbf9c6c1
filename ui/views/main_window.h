// The main window: menus, status bar, and (in later issues) the persona, chat and inspector views.
#pragma once

#include <QMainWindow>

class QLabel;

namespace persona::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

private Q_SLOTS:
    void showAbout();

private:
    void createMenus();
    QLabel* m_runtimeLabel = nullptr;
};

}  // namespace persona::ui
