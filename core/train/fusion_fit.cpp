// Hybrid retrieval's fusion weight, fitted on the validation split (issue 15), and the choice of
// the retrieval method a trained retriever defaults to.
#include "persona/train/training.h"

#include "persona/data/seed_dialogs.h"
#include "persona/error.h"
#include "persona/retrieve/retrieval.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace persona {

std::vector<data::LabelledTurn> labelledTurnsOf(const std::vector<std::string>& dialogFiles, const std::string& split) {
    std::vector<data::LabelledTurn> out;
    for (const auto& f : dialogFiles)
        for (auto& t : data::labelledTurns(data::readSeedDialogs(f)))
            if (split == "all" || data::toString(data::splitOf(t.dialog)) == split) out.push_back(std::move(t));
    return out;
}

RetrievalChoice chooseRetrievalMethod(const std::vector<data::LabelledTurn>& turns, const BiEncoder& encoder) {
    const TurnScores scores = scoreTurns(turns, &encoder);
    RetrievalChoice c;
    c.bm25 = evaluateScores(turns, scores.bm25);
    c.biencoder = evaluateScores(turns, scores.dense);
    c.fusion = fitFusionWeight(turns, scores);
    c.preferred = "hybrid";
    double best = c.fusion.hybrid.mrr;
    if (c.biencoder.mrr > best || c.fusion.weight >= 1.0) c.preferred = "biencoder", best = std::max(best, c.biencoder.mrr);
    if (c.bm25.mrr > best || c.fusion.weight <= 0.0) c.preferred = "bm25";
    std::vector<std::vector<double>> fallback;
    for (size_t k = 0; k < turns.size(); ++k) fallback.push_back(lexicalFallback(scores.bm25[k], scores.dense[k]));
    c.bm25Fallback = evaluateScores(turns, fallback);
    c.lexicalFallback = c.preferred == "bm25" && c.bm25Fallback.mrr > c.bm25.mrr + 1e-12;
    return c;
}

RetrievalChoice fitRetrieverFusion(const std::string& retrieverDir, const std::vector<std::string>& dialogFiles) {
    const fs::path config = fs::path(retrieverDir) / "retriever.json";
    if (!fs::exists(config)) throw InvalidArgument("fusion fit: no retriever.json in " + retrieverDir);
    const auto turns = labelledTurnsOf(dialogFiles, "validation");
    if (turns.empty()) throw InvalidArgument("fusion fit: no gk-labelled turns in the validation split of the given files");
    const BiEncoder encoder = BiEncoder::load(retrieverDir);
    const RetrievalChoice c = chooseRetrievalMethod(turns, encoder);
    nlohmann::json j;
    {
        std::ifstream in(config);
        j = nlohmann::json::parse(in, nullptr, false);
    }
    if (j.is_discarded() || !j.is_object()) throw InvalidArgument("fusion fit: " + config.string() + " is not a JSON object");
    j["fusion_weight"] = c.fusion.weight;
    j["preferred_method"] = c.preferred;
    j["lexical_fallback"] = c.lexicalFallback;
    std::ofstream out(config);
    out << j.dump(2) << "\n";
    if (!out) throw IoError("fusion fit: cannot write " + config.string());
    return c;
}

}  // namespace persona
