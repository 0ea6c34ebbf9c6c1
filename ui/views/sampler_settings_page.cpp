#include "views/sampler_settings_page.h"

#include "persona/generate/sampler_preset.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace persona::ui {

QString breakersToText(const std::vector<std::string>& breakers) {
    QJsonArray list;
    for (const auto& b : breakers) list.append(QString::fromStdString(b));
    return QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact));
}

std::vector<std::string> breakersFromText(const QString& text) {
    std::vector<std::string> out;
    const auto doc = QJsonDocument::fromJson(text.toUtf8());
    for (const auto& v : doc.array())
        if (v.isString() && !v.toString().isEmpty()) out.push_back(v.toString().toStdString());
    return out;
}

SamplerSettingsPage::SamplerSettingsPage(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("samplerSettingsPage"));
    auto* inner = new QWidget(this);
    auto* columns = new QHBoxLayout(inner);
    auto* left = new QVBoxLayout;
    left->addWidget(buildPenalties());
    left->addWidget(buildAdaptive());
    left->addStretch(1);
    auto* right = new QVBoxLayout;
    right->addWidget(buildTruncation());
    right->addWidget(buildOrderAndPresets());
    right->addStretch(1);
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(inner);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
}

QDoubleSpinBox* SamplerSettingsPage::number(double min, double max, double step, int decimals, const QString& tip) {
    auto* box = new QDoubleSpinBox(this);
    box->setRange(min, max);
    box->setSingleStep(step);
    box->setDecimals(decimals);
    box->setToolTip(tip);
    return box;
}

QSpinBox* SamplerSettingsPage::integer(int min, int max, const QString& tip) {
    auto* box = new QSpinBox(this);
    box->setRange(min, max);
    box->setToolTip(tip);
    return box;
}

QWidget* SamplerSettingsPage::buildPenalties() {
    auto* group = new QGroupBox(tr("Penalties and DRY"), this);
    m_presence = number(-5, 5, 0.05, 2, tr("Subtracted once from the logit of every token already in the penalty window (0 = off)"));
    m_frequency = number(-5, 5, 0.05, 2, tr("Subtracted from a token's logit once per time it occurs in the penalty window (0 = off)"));
    m_penaltyLastN = integer(-1, 100000, tr("How many of the last tokens the repetition, presence and frequency penalties look at"));
    m_penaltyLastN->setSpecialValueText(tr("all"));
    m_dryMultiplier = number(0, 10, 0.05, 2, tr("DRY (\"don't repeat yourself\"): when the text's end repeats an earlier stretch, the token "
                                                "that continued it loses multiplier × base^(length − allowed length) (0 = off)"));
    m_dryBase = number(1, 10, 0.05, 2, tr("DRY: how fast the penalty grows with the repeat's length"));
    m_dryAllowed = integer(1, 100, tr("DRY: repeats up to this many tokens are free"));
    m_dryLastN = integer(-1, 100000, tr("DRY: how many of the last tokens it searches for repeats (all = the whole context)"));
    m_dryLastN->setSpecialValueText(tr("all"));
    m_dryBreakers = new QLineEdit(this);
    m_dryBreakers->setToolTip(tr("DRY: a repeat never reaches back past a token holding one of these texts (a JSON list)"));
    auto* form = new QFormLayout(group);
    form->addRow(tr("&Presence penalty:"), m_presence);
    form->addRow(tr("&Frequency penalty:"), m_frequency);
    form->addRow(tr("Penalty &window:"), m_penaltyLastN);
    form->addRow(tr("DRY &multiplier:"), m_dryMultiplier);
    form->addRow(tr("DRY &base:"), m_dryBase);
    form->addRow(tr("DRY &allowed length:"), m_dryAllowed);
    form->addRow(tr("DRY &range:"), m_dryLastN);
    form->addRow(tr("DRY &sequence breakers:"), m_dryBreakers);
    return group;
}

QWidget* SamplerSettingsPage::buildTruncation() {
    auto* group = new QGroupBox(tr("Truncation"), this);
    m_minP = number(0, 1, 0.01, 3, tr("Drops every token less probable than min-p × the most probable one (0 = off)"));
    m_typicalP = number(0.01, 1, 0.05, 2, tr("Locally typical sampling: keeps the tokens whose surprise is closest to the "
                                             "distribution's entropy, up to this mass (1 = off)"));
    m_topNSigma = number(-1, 10, 0.1, 2, tr("Keeps the logits within n standard deviations of the largest (off at 0 or below)"));
    m_topNSigma->setSpecialValueText(tr("off"));
    m_xtcThreshold = number(0, 1, 0.01, 2, tr("XTC (exclude top choices): tokens at least this probable count as top choices"));
    m_xtcProbability = number(0, 1, 0.05, 2, tr("XTC: the chance per token that all top choices but the least probable are removed "
                                                "(when two or more reach the threshold; 0 = off)"));
    m_logitBias = new QLineEdit(this);
    m_logitBias->setPlaceholderText(QStringLiteral("15043+1.5, 198-inf"));
    m_logitBias->setToolTip(tr("Added to a token's logit before every other stage: ID+BIAS or ID-BIAS, comma-separated; "
                               "ID-inf bans the token"));
    auto* form = new QFormLayout(group);
    form->addRow(tr("M&in-p:"), m_minP);
    form->addRow(tr("T&ypical-p:"), m_typicalP);
    form->addRow(tr("Top-n-si&gma:"), m_topNSigma);
    form->addRow(tr("XTC t&hreshold:"), m_xtcThreshold);
    form->addRow(tr("XTC pr&obability:"), m_xtcProbability);
    form->addRow(tr("&Logit bias:"), m_logitBias);
    return group;
}

QWidget* SamplerSettingsPage::buildAdaptive() {
    auto* group = new QGroupBox(tr("Dynamic temperature and Mirostat"), this);
    m_dynatempRange = number(0, 5, 0.05, 2, tr("Dynamic temperature: the temperature moves within ± this range, higher when the "
                                               "model is unsure (high entropy), lower when it is sure (0 = off)"));
    m_dynatempExponent = number(0.01, 10, 0.1, 2, tr("Dynamic temperature: how the normalised entropy maps into the range"));
    m_mirostat = new QComboBox(this);
    m_mirostat->addItem(tr("off"), 0);
    m_mirostat->addItem(tr("Mirostat v2"), 2);
    m_mirostat->setToolTip(tr("Mirostat v2 keeps the text's surprise near tau by cutting tokens more surprising than a "
                              "learned limit; it replaces top-k, top-p, min-p, typical-p, top-n-sigma and XTC"));
    m_mirostatTau = number(0.01, 20, 0.5, 2, tr("Mirostat: the target surprise in bits (lower: more focused text)"));
    m_mirostatEta = number(0.001, 1, 0.01, 3, tr("Mirostat: how fast the limit follows the observed surprise"));
    auto* form = new QFormLayout(group);
    form->addRow(tr("Temperature ra&nge:"), m_dynatempRange);
    form->addRow(tr("Temperature e&xponent:"), m_dynatempExponent);
    form->addRow(tr("Mi&rostat:"), m_mirostat);
    form->addRow(tr("Mirostat &tau:"), m_mirostatTau);
    form->addRow(tr("Mirostat &eta:"), m_mirostatEta);
    return group;
}

QWidget* SamplerSettingsPage::buildOrderAndPresets() {
    auto* group = new QGroupBox(tr("Order and presets"), this);
    m_order = new QLineEdit(this);
    QString names;
    for (const auto& n : samplerStageNames()) names += (names.isEmpty() ? QString() : QStringLiteral(";")) + QString::fromStdString(n);
    m_order->setPlaceholderText(names);
    m_order->setToolTip(tr("The order of the stages, ';'-separated (empty: the default shown). Logit bias, the minimum "
                           "length and the fact boost always come first; Mirostat and the pick last."));
    auto* save = new QPushButton(tr("&Save preset…"), this);
    save->setObjectName(QStringLiteral("savePresetButton"));
    auto* load = new QPushButton(tr("L&oad preset…"), this);
    load->setObjectName(QStringLiteral("loadPresetButton"));
    load->setToolTip(tr("A preset saved here, or a SillyTavern text-completion preset (the fields that have a stage here)"));
    m_presetStatus = new QLabel(this);
    m_presetStatus->setWordWrap(true);
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save sampler preset"), QString(), tr("Presets (*.json)"));
        if (!path.isEmpty()) savePreset(path);
    });
    connect(load, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Load sampler preset"), QString(), tr("Presets (*.json)"));
        if (!path.isEmpty()) loadPreset(path);
    });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(save);
    buttons->addWidget(load);
    buttons->addStretch(1);
    auto* form = new QFormLayout(group);
    form->addRow(tr("Stage or&der:"), m_order);
    form->addRow(buttons);
    form->addRow(m_presetStatus);
    return group;
}

void SamplerSettingsPage::setValues(const SamplingSettings& s) {
    m_presence->setValue(s.presencePenalty);
    m_frequency->setValue(s.frequencyPenalty);
    m_penaltyLastN->setValue(s.penaltyLastN);
    m_dryMultiplier->setValue(s.dryMultiplier);
    m_dryBase->setValue(s.dryBase);
    m_dryAllowed->setValue(s.dryAllowedLength);
    m_dryLastN->setValue(s.dryPenaltyLastN);
    m_dryBreakers->setText(breakersToText(s.drySequenceBreakers));
    m_dynatempRange->setValue(s.dynatempRange);
    m_dynatempExponent->setValue(s.dynatempExponent);
    m_minP->setValue(s.minP);
    m_typicalP->setValue(s.typicalP);
    m_topNSigma->setValue(s.topNSigma <= 0 ? -1.0 : s.topNSigma);
    m_xtcThreshold->setValue(s.xtcThreshold);
    m_xtcProbability->setValue(s.xtcProbability);
    m_mirostat->setCurrentIndex(s.mirostat == 2 ? 1 : 0);
    m_mirostatTau->setValue(s.mirostatTau);
    m_mirostatEta->setValue(s.mirostatEta);
    QStringList bias;
    for (const auto& b : s.logitBias)
        bias << (std::isinf(b.bias) ? QStringLiteral("%1-inf").arg(b.id)
                                    : QStringLiteral("%1%2%3").arg(b.id).arg(b.bias < 0 ? QStringLiteral("-") : QStringLiteral("+")).arg(std::fabs(b.bias)));
    m_logitBias->setText(bias.join(QStringLiteral(", ")));
    QStringList order;
    for (const auto& n : s.samplers) order << QString::fromStdString(n);
    m_order->setText(order.join(QLatin1Char(';')));
}

bool SamplerSettingsPage::apply(SamplingSettings& s, QString* error) const {
    // The two text fields first: when either does not parse, nothing changes.
    std::vector<LogitBias> bias;
    std::vector<std::string> order;
    try {
        for (const QString& part : m_logitBias->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (!part.trimmed().isEmpty()) bias.push_back(parseLogitBias(part.trimmed().toStdString()));
        if (!m_order->text().trimmed().isEmpty()) order = parseSamplerOrder(m_order->text().toStdString());
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    s.logitBias = std::move(bias);
    s.samplers = std::move(order);
    s.presencePenalty = static_cast<float>(m_presence->value());
    s.frequencyPenalty = static_cast<float>(m_frequency->value());
    s.penaltyLastN = m_penaltyLastN->value();
    s.dryMultiplier = static_cast<float>(m_dryMultiplier->value());
    s.dryBase = static_cast<float>(m_dryBase->value());
    s.dryAllowedLength = m_dryAllowed->value();
    s.dryPenaltyLastN = m_dryLastN->value();
    s.drySequenceBreakers = breakersFromText(m_dryBreakers->text());
    s.dynatempRange = static_cast<float>(m_dynatempRange->value());
    s.dynatempExponent = static_cast<float>(m_dynatempExponent->value());
    s.minP = static_cast<float>(m_minP->value());
    s.typicalP = static_cast<float>(m_typicalP->value());
    s.topNSigma = static_cast<float>(m_topNSigma->value());
    s.xtcThreshold = static_cast<float>(m_xtcThreshold->value());
    s.xtcProbability = static_cast<float>(m_xtcProbability->value());
    s.mirostat = m_mirostat->currentData().toInt();
    s.mirostatTau = static_cast<float>(m_mirostatTau->value());
    s.mirostatEta = static_cast<float>(m_mirostatEta->value());
    return true;
}

bool SamplerSettingsPage::loadPreset(const QString& path) {
    try {
        const auto preset = loadSamplerPresetFile(path.toStdString(), current ? current() : SamplingSettings());
        if (replace) replace(preset.settings);
        QString text = (preset.sillyTavern ? tr("Imported the SillyTavern preset «%1».") : tr("Loaded the preset «%1»."))
                           .arg(QString::fromStdString(preset.name));
        if (!preset.ignored.empty()) {
            QStringList ignored;
            for (const auto& i : preset.ignored) ignored << QString::fromStdString(i);
            text += QLatin1Char(' ') + tr("Not used (no such stage here): %1.").arg(ignored.join(QStringLiteral(", ")));
        }
        m_presetStatus->setText(text);
        return true;
    } catch (const std::exception& e) {
        m_presetStatus->setText(tr("The preset was not loaded: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
}

bool SamplerSettingsPage::savePreset(const QString& path) {
    try {
        const SamplingSettings s = current ? current() : SamplingSettings();
        SamplingSettings check = s;
        check.knowledgeBoost = std::max(0.0f, check.knowledgeBoost);  // -1: the generator's own
        validate(check);
        saveSamplerPresetFile(path.toStdString(), s, QFileInfo(path).completeBaseName().toStdString());
        m_presetStatus->setText(tr("Saved the preset to %1.").arg(path));
        return true;
    } catch (const std::exception& e) {
        m_presetStatus->setText(tr("The preset was not saved: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
}

}  // namespace persona::ui
