// The personas pane: avatar list, search as you type, tag filter; new, duplicate, delete.
#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;
class QListView;
class QPushButton;

namespace persona::ui {

class AppContext;
class PersonaFilterModel;
class PersonaListModel;

class PersonaListView : public QWidget {
    Q_OBJECT
public:
    explicit PersonaListView(AppContext& ctx, QWidget* parent = nullptr);

    qint64 currentPersonaId() const;
    bool selectPersona(qint64 personaId);
    bool selectPersonaByName(const QString& name);
    void reload();  // keeps the selection
    QLineEdit* searchEdit() const { return m_search; }
    QListView* listView() const { return m_list; }
    PersonaListModel* model() const { return m_model; }
    PersonaFilterModel* filterModel() const { return m_filter; }

    qint64 createPersona(const QString& name = {});
    qint64 duplicateCurrent();
    void deleteCurrent();

Q_SIGNALS:
    void personaSelected(qint64 personaId);

private:
    void reloadTags();
    AppContext& m_ctx;
    PersonaListModel* m_model = nullptr;
    PersonaFilterModel* m_filter = nullptr;
    QLineEdit* m_search = nullptr;
    QComboBox* m_tag = nullptr;
    QListView* m_list = nullptr;
    qint64 m_current = 0;
};

}  // namespace persona::ui
