// The "Sampler chain" page of the settings dialog: every stage beyond the basic ones (penalties,
// DRY, dynamic temperature, min-p, typical-p, top-n-sigma, XTC, Mirostat v2, logit bias), the
// stage order, and presets (save/load as JSON; import SillyTavern text-completion presets).
#pragma once

#include "persona/generate/generator.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace persona::ui {

class SamplerSettingsPage : public QWidget {
    Q_OBJECT
public:
    explicit SamplerSettingsPage(QWidget* parent = nullptr);
    void setValues(const SamplingSettings& s);
    // Writes this page's fields into s; false (with a message in `error`) when the logit bias or
    // the stage order does not parse.
    bool apply(SamplingSettings& s, QString* error = nullptr) const;
    // The dialog's whole sampling state, read and written by the preset buttons.
    std::function<SamplingSettings()> current;
    std::function<void(const SamplingSettings&)> replace;

    QLabel* presetStatus() const { return m_presetStatus; }
    // Loads a preset file (ours or SillyTavern's) into the dialog; false with the reason shown.
    bool loadPreset(const QString& path);
    bool savePreset(const QString& path);

private:
    QWidget* buildPenalties();
    QWidget* buildTruncation();
    QWidget* buildAdaptive();
    QWidget* buildOrderAndPresets();
    QDoubleSpinBox* number(double min, double max, double step, int decimals, const QString& tip);
    QSpinBox* integer(int min, int max, const QString& tip);

    QDoubleSpinBox* m_presence = nullptr;
    QDoubleSpinBox* m_frequency = nullptr;
    QSpinBox* m_penaltyLastN = nullptr;
    QDoubleSpinBox* m_dryMultiplier = nullptr;
    QDoubleSpinBox* m_dryBase = nullptr;
    QSpinBox* m_dryAllowed = nullptr;
    QSpinBox* m_dryLastN = nullptr;
    QLineEdit* m_dryBreakers = nullptr;
    QDoubleSpinBox* m_dynatempRange = nullptr;
    QDoubleSpinBox* m_dynatempExponent = nullptr;
    QDoubleSpinBox* m_minP = nullptr;
    QDoubleSpinBox* m_typicalP = nullptr;
    QDoubleSpinBox* m_topNSigma = nullptr;
    QDoubleSpinBox* m_xtcThreshold = nullptr;
    QDoubleSpinBox* m_xtcProbability = nullptr;
    QComboBox* m_mirostat = nullptr;
    QDoubleSpinBox* m_mirostatTau = nullptr;
    QDoubleSpinBox* m_mirostatEta = nullptr;
    QLineEdit* m_logitBias = nullptr;
    QLineEdit* m_order = nullptr;
    QLabel* m_presetStatus = nullptr;
};

// "\n" <-> "\\n" so that breakers fit a one-line edit: "\\n, :, \", *".
QString breakersToText(const std::vector<std::string>& breakers);
std::vector<std::string> breakersFromText(const QString& text);

}  // namespace persona::ui
