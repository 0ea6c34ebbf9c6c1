#include "workers/training_worker.h"

#include "persona/data/seed_dialogs.h"
#include "persona/error.h"
#include "persona/io/dialog_exporter.h"
#include "persona/model/gpt2_model.h"
#include "persona/retrieve/biencoder.h"
#include "persona/store/database.h"
#include "persona/text/tokenizer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace persona::ui {

namespace {

const char* kRequestFile = "training_request.json";

std::vector<std::string> toStd(const QStringList& files) {
    std::vector<std::string> out;
    for (const QString& f : files) out.push_back(f.toStdString());
    return out;
}

// The folder of a retriever's context encoder (its tokenizer, for training from scratch).
QString contextEncoderDir(const QString& retrieverDir) {
    QFile file(retrieverDir + QStringLiteral("/retriever.json"));
    if (!file.open(QIODevice::ReadOnly)) return retrieverDir;  // a sentence-transformers folder
    const QString sub = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("context_encoder")).toString();
    return sub.isEmpty() ? retrieverDir : QDir(retrieverDir).filePath(sub);
}

std::vector<data::LabelledTurn> validationTurns(const QStringList& files) {
    std::vector<data::LabelledTurn> out;
    for (const QString& f : files)
        for (auto& t : data::labelledTurns(data::readSeedDialogs(f.toStdString())))
            if (data::splitOf(t.dialog) == data::Split::Validation) out.push_back(std::move(t));
    return out;
}

ModelFigures generatorFigures(const QString& dir, const QStringList& files, int contextLength) {
    ModelFigures f;
    const auto model = Gpt2Model::load(dir.toStdString());
    const auto tokenizer = loadTokenizer(dir.toStdString());
    f.loss = replyLoss(model, *tokenizer, toStd(files), "validation", contextLength, &f.examples);
    f.perplexity = std::exp(f.loss);
    f.available = f.examples > 0;
    return f;
}

ModelFigures retrieverFigures(const QString& dir, const QStringList& files) {
    ModelFigures f;
    const auto turns = validationTurns(files);
    const auto encoder = BiEncoder::load(dir.toStdString());
    f.ranking = *compareMethods(turns, &encoder).biencoder;
    f.examples = f.ranking.turns;
    f.available = f.examples > 0;
    return f;
}

// What both kinds report: where, how far, whether cancelled.
TrainingOutcome outcomeOf(const TrainingRequest& r, const TrainResult& result) {
    TrainingOutcome out;
    out.kind = r.kind;
    out.outDir = r.outDir;
    out.stopped = result.stopped;
    out.steps = result.steps;
    out.seconds = result.seconds;
    return out;
}

}  // namespace

QJsonObject TrainingRequest::toJson() const {
    return {{QStringLiteral("kind"), kind == Kind::Generator ? QStringLiteral("generator") : QStringLiteral("retriever")},
            {QStringLiteral("labelled_chats"), labelledChats},
            {QStringLiteral("persona_id"), personaId},
            {QStringLiteral("seed_files"), QJsonArray::fromStringList(seedFiles)},
            {QStringLiteral("init"), initDir},
            {QStringLiteral("from_scratch"), fromScratch},
            {QStringLiteral("epochs"), epochs},
            {QStringLiteral("batch_size"), batchSize},
            {QStringLiteral("learning_rate"), learningRate},
            {QStringLiteral("max_steps"), maxSteps},
            {QStringLiteral("context_length"), contextLength}};
}

TrainingRequest TrainingRequest::fromJson(const QJsonObject& j) {
    TrainingRequest r;
    r.kind = j.value(QStringLiteral("kind")).toString() == QLatin1String("retriever") ? Kind::Retriever : Kind::Generator;
    r.labelledChats = j.value(QStringLiteral("labelled_chats")).toBool(true);
    r.personaId = j.value(QStringLiteral("persona_id")).toInteger();
    for (const auto& f : j.value(QStringLiteral("seed_files")).toArray()) r.seedFiles << f.toString();
    r.initDir = j.value(QStringLiteral("init")).toString();
    r.fromScratch = j.value(QStringLiteral("from_scratch")).toBool();
    r.epochs = j.value(QStringLiteral("epochs")).toInt(r.epochs);
    r.batchSize = j.value(QStringLiteral("batch_size")).toInt(r.batchSize);
    r.learningRate = j.value(QStringLiteral("learning_rate")).toDouble(r.learningRate);
    r.maxSteps = j.value(QStringLiteral("max_steps")).toInteger();
    r.contextLength = j.value(QStringLiteral("context_length")).toInt(r.contextLength);
    return r;
}

QString TrainingWorker::labelledChatsFile(const QString& outDir) { return QDir(outDir).filePath(QStringLiteral("labelled_chats.jsonl")); }

void TrainingWorker::prepare(const TrainingRequest& r, TrainCommon& c) {
    c.outDir = r.outDir.toStdString();
    c.epochs = r.epochs;
    c.batchSize = r.batchSize;
    c.learningRate = r.learningRate;
    c.maxSteps = r.maxSteps;
    c.resume = r.resume;
    c.onProgress = [this](const TrainProgress& p) { Q_EMIT progress(p); };
    c.stop = &m_stop;
}

QStringList TrainingWorker::dataFiles(const TrainingRequest& r, int* labelledChats) {
    QStringList files;
    const QString exported = labelledChatsFile(r.outDir);
    if (r.labelledChats && !r.databasePath.isEmpty() && !(r.resume && QFileInfo::exists(exported))) {
        // This thread's own connection (docs/STYLE.md, Threads and the GUI: each thread opens its own).
        auto db = store::Database::open(r.databasePath.toStdString());
        io::DialogExportOptions options;
        options.labelledOnly = true;
        if (r.personaId) options.personaId = r.personaId;
        *labelledChats = io::DialogExporter(db).writeFile(exported.toStdString(), options).chats;
        if (*labelledChats == 0) QFile::remove(exported);
    }
    if (r.labelledChats && QFileInfo::exists(exported)) files << exported;
    files << r.seedFiles;
    if (files.isEmpty())
        throw InvalidArgument("no training data: label chats in validation mode or add seed JSONL files");
    return files;
}

void TrainingWorker::writeRequestFile(const TrainingRequest& request) {
    const QString path = QDir(request.outDir).filePath(QString::fromLatin1(kRequestFile));
    const QByteArray bytes = QJsonDocument(request.toJson()).toJson();
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(bytes) != bytes.size() || !out.flush())
        throw IoError("cannot write " + QDir::toNativeSeparators(path).toStdString() + ": " + out.errorString().toStdString());
}

void TrainingWorker::run(const TrainingRequest& request) {
    m_busy = true;
    try {
        if (request.outDir.isEmpty()) throw InvalidArgument("training needs an output folder");
        // Both checked: a run without its folder or its request file could not be opened again
        // (TrainingView::openRun), so it does not start.
        if (!QDir().mkpath(request.outDir))
            throw IoError("cannot create the training folder " + QDir::toNativeSeparators(request.outDir).toStdString());
        if (!request.resume) writeRequestFile(request);
        int labelled = 0;
        const QStringList files = dataFiles(request, &labelled);
        TrainingOutcome outcome = request.kind == TrainingRequest::Kind::Generator ? trainGenerator(request, files)
                                                                                   : trainRetriever(request, files);
        outcome.labelledChats = labelled;
        m_busy = false;
        Q_EMIT finished(outcome);
    } catch (const std::exception& e) {
        m_busy = false;
        Q_EMIT failed(QString::fromUtf8(e.what()));
    }
}

TrainingOutcome TrainingWorker::trainGenerator(const TrainingRequest& r, const QStringList& files) {
    GeneratorTrainOptions o;
    prepare(r, o);
    o.dialogFiles = toStd(files);
    o.contextLength = r.contextLength;
    if (r.fromScratch) {
        o.tokenizerDir = r.initDir.toStdString();
        o.config.nEmbd = 64, o.config.nLayer = 2, o.config.nHead = 2, o.config.nPositions = r.contextLength;
    } else {
        o.init = r.initDir.toStdString();
    }
    const auto result = persona::trainGenerator(o);
    TrainingOutcome out = outcomeOf(r, result);
    if (result.stopped) return out;
    out.trained.loss = result.validationLoss;
    out.trained.perplexity = result.validationPerplexity;
    out.trained.examples = result.validationExamples;
    out.trained.available = result.validationExamples > 0;
    out.current = generatorFigures(r.initDir, files, r.contextLength);
    return out;
}

TrainingOutcome TrainingWorker::trainRetriever(const TrainingRequest& r, const QStringList& files) {
    RetrieverTrainOptions o;
    prepare(r, o);
    o.dialogFiles = toStd(files);
    if (r.fromScratch) {
        o.tokenizerDir = contextEncoderDir(r.initDir).toStdString();
        o.config.hiddenSize = 32, o.config.numHiddenLayers = 2, o.config.numAttentionHeads = 2;
        o.config.intermediateSize = 64, o.config.maxPositionEmbeddings = 128;
        o.encoder.maxContextTokens = std::min(o.encoder.maxContextTokens, o.config.maxPositionEmbeddings);
        o.encoder.maxFactTokens = std::min(o.encoder.maxFactTokens, o.config.maxPositionEmbeddings);
    } else {
        o.init = r.initDir.toStdString();
    }
    const auto result = persona::trainRetriever(o);
    TrainingOutcome out = outcomeOf(r, result);
    if (result.stopped) return out;
    out.trained.ranking = result.validation;
    out.trained.examples = result.validation.turns;
    out.trained.available = result.validation.turns > 0;
    out.current = retrieverFigures(r.initDir, files);
    return out;
}

}  // namespace persona::ui
