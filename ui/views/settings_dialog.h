// Models and settings: generator and retriever folders (default: the bundled demo models), device,
// threads, every sampling parameter, retrieval method, top-k, threshold, context and history
// turns, language; and what the loaded models are.
#pragma once

#include "studio_settings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace persona::ui {

struct ModelInfo;
class SamplerSettingsPage;

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(const StudioSettings& settings, const ModelInfo* loaded, bool cudaAvailable, QWidget* parent = nullptr);
    StudioSettings settings() const;
    SamplerSettingsPage* samplerPage() const { return m_samplers; }

private:
    QWidget* buildModelsPage(const ModelInfo* loaded, bool cudaAvailable);
    QWidget* buildRetrievalPage();
    QWidget* buildSamplingPage();
    QLineEdit* folderEdit(const QString& placeholder);
    void setValues(const StudioSettings& s);
    void restoreDefaults();

    StudioSettings m_initial;
    QLineEdit* m_generator = nullptr;
    QLineEdit* m_retriever = nullptr;
    QCheckBox* m_bm25Only = nullptr;
    QComboBox* m_device = nullptr;
    QComboBox* m_weights = nullptr;
    QSpinBox* m_threads = nullptr;
    QComboBox* m_language = nullptr;
    QComboBox* m_method = nullptr;
    QSpinBox* m_topK = nullptr;
    QDoubleSpinBox* m_threshold = nullptr;
    QSpinBox* m_contextTurns = nullptr;
    QSpinBox* m_historyTurns = nullptr;
    QCheckBox* m_greedy = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QSpinBox* m_samplingTopK = nullptr;
    QDoubleSpinBox* m_topP = nullptr;
    QDoubleSpinBox* m_repetition = nullptr;
    QSpinBox* m_noRepeat = nullptr;
    QDoubleSpinBox* m_knowledgeBoost = nullptr;
    QSpinBox* m_maxTokens = nullptr;
    QSpinBox* m_minTokens = nullptr;
    QSpinBox* m_seed = nullptr;
    QSpinBox* m_alternatives = nullptr;
    SamplerSettingsPage* m_samplers = nullptr;
};

}  // namespace persona::ui
