#include "views/chat_transcript.h"

#include "persona/io/markdown_exporter.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace persona::ui {

namespace {

// Message text as HTML: escaped, with its spaces and line breaks kept as typed or generated.
QString esc(const std::string& s) {
    return QStringLiteral("<span style=\"white-space: pre-wrap\">%1</span>")
        .arg(QString::fromStdString(s).toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
}

QString link(const QString& verb, qint64 id, const QString& text, const QString& title = {}) {
    return QStringLiteral("<a href=\"act:%1:%2\" title=\"%4\">%3</a>").arg(verb).arg(id).arg(text, title.toHtmlEscaped());
}

QString siblingControls(const store::TurnView& t) {
    if (t.alternativeCount < 2) return {};
    return QStringLiteral("%1 %2/%3 %4")
        .arg(t.alternativeIndex > 0 ? link(QStringLiteral("prev"), t.message.id, QStringLiteral("‹"), ChatTranscript::tr("Previous alternative"))
                                    : QStringLiteral("‹"))
        .arg(t.alternativeIndex + 1)
        .arg(t.alternativeCount)
        .arg(t.alternativeIndex + 1 < t.alternativeCount
                 ? link(QStringLiteral("next"), t.message.id, QStringLiteral("›"), ChatTranscript::tr("Next alternative"))
                 : QStringLiteral("›"));
}

}  // namespace

TranscriptAction TranscriptAction::parse(const QString& link) {
    const QStringList parts = link.split(QLatin1Char(':'));
    TranscriptAction a;
    if (parts.size() == 3 && parts[0] == QLatin1String("act")) {
        a.verb = parts[1];
        a.id = parts[2].toLongLong();
    }
    return a;
}

QString ChatTranscript::styleSheet(bool dark) {
    const QString user = dark ? QStringLiteral("#2d3f55") : QStringLiteral("#e3edf9");
    const QString persona = dark ? QStringLiteral("#333333") : QStringLiteral("#f4f4f4");
    const QString muted = dark ? QStringLiteral("#a0a0a0") : QStringLiteral("#6a6a6a");
    const QString chip = dark ? QStringLiteral("#4a3f1e") : QStringLiteral("#fff3cd");
    return QStringLiteral(
               "table.msg { margin-top: 6px; margin-bottom: 2px; }"
               "td.user { background: %1; padding: 8px; }"
               "td.persona { background: %2; padding: 8px; }"
               ".who { font-weight: bold; }"
               ".meta { color: %3; font-size: small; }"
               ".chip { background: %4; }"
               ".failed { color: #c0392b; }"
               "a { text-decoration: none; }")
        .arg(user, persona, muted, chip);
}

QString ChatTranscript::factsLine(const store::TurnView& t) {
    QStringList used;
    for (const auto& row : io::factsUsed(t))  // the labeller's in validation mode, else the retriever's
        used << QStringLiteral("«%1» %2").arg(QString::fromStdString(row.factText).toHtmlEscaped())
                    .arg(row.score ? QString::number(*row.score, 'f', 2) : QString());
    const QJsonObject settings = QJsonDocument::fromJson(QByteArray::fromStdString(t.message.settingsJson)).object();
    QStringList meta;
    meta << settings.value(QStringLiteral("method")).toString(settings.value(QStringLiteral("retrieval")).toString());
    if (settings.contains(QStringLiteral("persona_revision")))
        meta << tr("rev %1").arg(settings.value(QStringLiteral("persona_revision")).toInt());
    if (settings.value(QStringLiteral("stop_reason")).toString() == QLatin1String("cancelled")) meta << tr("stopped");
    if (settings.contains(QStringLiteral("exact_fact_ids"))) meta << tr("facts chosen by the labeller");
    const QString facts = used.isEmpty() ? tr("no facts used") : tr("facts: %1").arg(used.join(QStringLiteral(" · ")));
    return QStringLiteral("%1 — %2").arg(facts, meta.join(QStringLiteral(" · ")));
}

QString ChatTranscript::ratingLine(const store::TurnView& t) {
    if (!t.rating) return {};
    QStringList marks;
    auto mark = [&](const std::optional<int>& v, const QString& name) {
        if (v) marks << QStringLiteral("%1 %2").arg(name, *v > 0 ? QStringLiteral("✓") : QStringLiteral("✗"));
    };
    mark(t.rating->logical, tr("logical"));
    mark(t.rating->specific, tr("specific"));
    mark(t.rating->personal, tr("personal"));
    QString line = marks.join(QStringLiteral(" · "));
    if (!t.rating->comment.empty())
        line += QStringLiteral(" — %1").arg(QString::fromStdString(t.rating->comment).toHtmlEscaped());
    return line;
}

QString ChatTranscript::documentStart(size_t hiddenTurns) {
    QString html = QStringLiteral("<html><body>");
    if (hiddenTurns > 0)
        html += QStringLiteral("<p align=\"center\">%1</p>")
                    .arg(link(QStringLiteral("earlier"), 0,
                              tr("Show earlier messages (%n hidden)", nullptr, static_cast<int>(hiddenTurns)),
                              tr("Older messages of this chat are not drawn, so that a long chat opens fast")));
    return html;
}

QString ChatTranscript::turnHtml(const store::TurnView& t, const TurnContext& c) {
    const bool isUser = t.message.role == store::Role::User;
    const qint64 id = t.message.id;
    QStringList actions;
    if (!siblingControls(t).isEmpty()) actions << siblingControls(t);
    if (isUser) {
        actions << link(QStringLiteral("edit"), id, tr("Edit"), tr("Edit and send again (a new branch)"));
    } else {
        actions << link(QStringLiteral("regen"), id, tr("Regenerate"), tr("Another reply to the same message"));
        actions << link(QStringLiteral("inspect"), id, tr("Inspect"), tr("Show this reply in the inspectors"));
        if (c.validation) actions << link(QStringLiteral("rate"), id, tr("Rate"), tr("Mark it logical, specific, personal"));
    }
    QString html = QStringLiteral("<table class=\"msg\" width=\"100%\" cellspacing=\"0\"><tr><td class=\"%1\">"
                                  "<span class=\"who\">%2</span>&nbsp;&nbsp;<span class=\"meta\">%3</span><br>%4")
                       .arg(isUser ? QStringLiteral("user") : QStringLiteral("persona"),
                            isUser ? tr("You") : c.personaName.toHtmlEscaped(), actions.join(QStringLiteral(" · ")),
                            esc(t.message.text));
    if (!isUser) html += QStringLiteral("<br><span class=\"meta\">%1</span>").arg(factsLine(t));
    if (!isUser && t.rating) html += QStringLiteral("<br><span class=\"meta\">%1</span>").arg(ratingLine(t));
    if (!isUser && c.chips && !c.chips->empty()) {
        html += QStringLiteral("<br><span class=\"meta\">%1</span>").arg(tr("New facts the model stated:"));
        for (const auto& f : *c.chips)
            html += QStringLiteral("<br><span class=\"chip\">&nbsp;%1&nbsp;</span> %2 %3")
                        .arg(esc(f.text), link(QStringLiteral("approve"), f.id, tr("✓ approve")),
                             link(QStringLiteral("reject"), f.id, tr("✕ reject")));
    }
    // A user message at the end with no reply: generation failed or was stopped before it began.
    if (isUser && c.noReply)
        html += QStringLiteral("<br><span class=\"failed\">%1</span> %2").arg(tr("No reply."), link(QStringLiteral("retry"), id, tr("Retry")));
    html += QStringLiteral("</td></tr></table>");
    return html;
}

QString ChatTranscript::streamingBlock(const QString& personaName) {
    return QStringLiteral("<table class=\"msg\" width=\"100%\" cellspacing=\"0\"><tr><td class=\"persona\">"
                          "<span class=\"who\">%1</span>&nbsp;&nbsp;<span class=\"meta\">%2</span><br>%3</td></tr></table>")
        .arg(personaName.toHtmlEscaped(), tr("writing…"), QString(QChar(kStreamMarker)));
}

QString ChatTranscript::documentEnd() { return QStringLiteral("<a name=\"end\"></a></body></html>"); }

QString ChatTranscript::render(const std::vector<store::TurnView>& turns, const TranscriptOptions& o) {
    qint64 lastPersona = 0;
    for (const auto& t : turns)
        if (t.message.role == store::Role::Persona) lastPersona = t.message.id;
    const qint64 chipsUnder = o.lastProposalMessageId ? o.lastProposalMessageId : lastPersona;
    QString html = documentStart(o.firstTurn > 0 && o.firstTurn < turns.size() ? o.firstTurn : 0);
    for (size_t i = std::min(o.firstTurn, turns.size()); i < turns.size(); ++i) {
        TurnContext c;
        c.personaName = o.personaName;
        c.validation = o.validation;
        c.chips = turns[i].message.id == chipsUnder ? &o.proposals : nullptr;
        c.noReply = i + 1 == turns.size() && !o.streaming;
        html += turnHtml(turns[i], c);
    }
    if (o.streaming) html += streamingBlock(o.personaName);
    return html + documentEnd();
}

}  // namespace persona::ui
