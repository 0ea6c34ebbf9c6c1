// The validation_view tab: labelling metrics: the retriever's precision@k, recall@k and MRR against the labeller's choices, mean ratings, export of labelled chats (issue 12).
#pragma once

#include <QWidget>

namespace persona::ui {

class AppContext;

class ValidationView : public QWidget {
    Q_OBJECT
public:
    explicit ValidationView(AppContext& ctx, QWidget* parent = nullptr);
    // The persona selected in the personas pane (0: none).
    void setPersona(qint64 personaId);

private:
    AppContext& m_ctx;
    qint64 m_personaId = 0;
};

}  // namespace persona::ui
