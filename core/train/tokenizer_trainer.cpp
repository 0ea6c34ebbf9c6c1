// The tokenizer trainer: SentencePiece (through the shim) on a corpus, special tokens reserved.
#include "persona/train/training.h"

#include "model/weights_io.h"
#include "persona/data/seed_dialogs.h"
#include "common/json_guard.h"
#include "persona/error.h"
#include "persona/text/sentencepiece.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace fs = std::filesystem;

namespace persona {

std::string corpusText(const std::string& path) {
    const std::string ext = fs::path(path).extension().string();
    if (ext == ".jsonl") {
        std::string out;
        for (const auto& d : data::readSeedDialogs(path))
            for (const auto& t : d.turns) out += t.text + "\n";
        return out;
    }
    const std::string raw = detail::readTextFile(path);
    if (ext != ".json") return raw;
    nlohmann::json j;
    if (const std::string tooDeep = jsonNestingError(raw); !tooDeep.empty())
        throw ImportError(path + ": " + tooDeep);
    try {
        j = nlohmann::json::parse(raw);
    } catch (const nlohmann::json::exception& e) {  // also out_of_range: 1e999
        throw ImportError(path + ": not valid JSON (" + e.what() + ")");
    }
    std::string out;
    auto take = [&](const nlohmann::json& post) {
        if (post.is_object() && post.contains("text") && post["text"].is_string()) out += post["text"].get<std::string>() + "\n";
    };
    if (j.is_object())
        for (const auto& [key, post] : j.items()) take(post);
    else if (j.is_array())
        for (const auto& post : j) take(post);
    else
        throw ImportError(path + ": expected an object or array of posts with a \"text\" field");
    return out;
}

void writeSentencePieceConfig(const std::string& dir, bool forEncoder) {
    nlohmann::json cfg{{"tokenizer_class", "PersonaSentencePiece"},
                       {"add_bos_token", forEncoder},
                       {"add_eos_token", forEncoder},
                       {"bos_token", "<s>"},
                       {"eos_token", "</s>"},
                       {"unk_token", "<unk>"},
                       {"pad_token", "<pad>"}};
    detail::writeTextFile((fs::path(dir) / "tokenizer_config.json").string(), cfg.dump(2) + "\n");
}

void trainTokenizer(const TokenizerTrainOptions& o) {
    if (o.inputs.empty()) throw InvalidArgument("tokenizer training needs input files");
    if (o.outDir.empty()) throw InvalidArgument("tokenizer training needs an output folder");
    fs::create_directories(o.outDir);
    // One plain-text file for the trainer, one sentence a line (sentencepiece reads lines).
    const fs::path corpus = fs::path(o.outDir) / "corpus.tmp.txt";
    {
        std::string all;
        for (const auto& input : o.inputs) all += corpusText(input) + "\n";
        detail::writeTextFile(corpus.string(), all);
    }
    std::string symbols;
    for (const auto& t : o.specialTokens) symbols += (symbols.empty() ? "" : ",") + t;
    const std::string prefix = (fs::path(o.outDir) / "sp").string();
    SentencePieceModel::train("--input=" + corpus.string() + " --model_prefix=" + prefix +
                              " --vocab_size=" + std::to_string(o.vocabSize) +
                              " --model_type=unigram --character_coverage=0.9995 --byte_fallback=true"
                              " --pad_id=0 --unk_id=1 --bos_id=2 --eos_id=3 --max_sentence_length=8192"
                              " --input_sentence_size=2000000 --shuffle_input_sentence=true" +
                              (symbols.empty() ? "" : " --user_defined_symbols=" + symbols));
    fs::remove(corpus);
    fs::remove(prefix + ".vocab");
    // The reserved tokens as added tokens too, so they are matched in text before sentencepiece
    // sees it (it would otherwise put a word-start piece before them).
    const auto sp = SentencePieceModel::load(prefix + ".model");
    nlohmann::json added = nlohmann::json::object();
    for (const auto& t : o.specialTokens) added[t] = sp.pieceToId(t);
    detail::writeTextFile((fs::path(o.outDir) / "added_tokens.json").string(), added.dump(2) + "\n");
    nlohmann::json special{{"bos_token", "<s>"}, {"eos_token", "</s>"}, {"unk_token", "<unk>"}, {"pad_token", "<pad>"},
                           {"additional_special_tokens", o.specialTokens}};
    detail::writeTextFile((fs::path(o.outDir) / "special_tokens_map.json").string(), special.dump(2) + "\n");
    writeSentencePieceConfig(o.outDir, /*forEncoder=*/false);
}

}  // namespace persona
