// loadTokenizer(): picks the tokenizer kind from the files a model folder carries.
#include "persona/error.h"
#include "persona/text/tokenizer.h"
#include "text/bpe_tokenizer.h"
#include "text/hf_bpe_tokenizer.h"
#include "text/sentencepiece_tokenizer.h"
#include "text/tokenizer_json.h"
#include "text/wordpiece_tokenizer.h"

#include <algorithm>
#include <filesystem>

namespace persona {

namespace fs = std::filesystem;

namespace {

// The folder's SentencePiece model: a conventional name first, else the only *.model file.
std::optional<fs::path> findSentencePieceModel(const fs::path& dir) {
    for (const char* name : {"tokenizer.model", "spiece.model", "sentencepiece.model", "sp.model"})
        if (fs::is_regular_file(dir / name)) return dir / name;
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().extension() == ".model")
            found.push_back(entry.path());
    if (found.empty()) return std::nullopt;
    if (found.size() > 1) {
        std::sort(found.begin(), found.end());
        std::string names;
        for (const auto& p : found) names += (names.empty() ? "" : ", ") + p.filename().string();
        throw TokenizerError("model folder " + dir.string() +
                             " has several SentencePiece models and none named tokenizer.model: " +
                             names);
    }
    return found.front();
}

}  // namespace

std::unique_ptr<Tokenizer> loadTokenizer(const std::string& modelDir) {
    const fs::path dir(modelDir);
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw TokenizerError("model folder " + modelDir + " does not exist or is not a folder");
    try {
        // tokenizer.json first, as HuggingFace's fast tokenizers read it. A BPE file that is not
        // byte-level (Llama 2, Mistral: SentencePiece-style) is served by the tokenizer.model
        // beside it.
        if (fs::is_regular_file(dir / "tokenizer.json")) {
            const auto doc = detail::readTokenizerJson(dir / "tokenizer.json");
            const std::string type = detail::tokenizerJsonModelType(doc);
            if (type == "BPE") {
                if (auto tok = detail::HfBpeTokenizer::load(dir, doc)) return tok;
                if (!findSentencePieceModel(dir))
                    throw TokenizerError((dir / "tokenizer.json").string() +
                                         ": a BPE tokenizer without a ByteLevel pre-tokenizer "
                                         "(SentencePiece-style) needs the tokenizer.model beside it");
            }
        }
        const bool hasVocabJson = fs::is_regular_file(dir / "vocab.json");
        const bool hasMerges = fs::is_regular_file(dir / "merges.txt");
        if (hasVocabJson || hasMerges) {
            if (!hasVocabJson || !hasMerges)
                throw TokenizerError(std::string("a byte-level BPE tokenizer needs both vocab.json "
                                                 "and merges.txt; ") +
                                     (hasVocabJson ? "merges.txt" : "vocab.json") + " is missing");
            return detail::BpeTokenizer::load(dir);
        }
        if (fs::is_regular_file(dir / "vocab.txt")) return detail::WordPieceTokenizer::load(dir);
        if (const auto model = findSentencePieceModel(dir))
            return detail::SentencePieceTokenizer::load(*model);
    } catch (const TokenizerError& e) {
        throw TokenizerError("cannot load the tokenizer of " + modelDir + ": " + e.what());
    } catch (const fs::filesystem_error& e) {
        throw TokenizerError("cannot load the tokenizer of " + modelDir + ": " + e.what());
    }
    throw TokenizerError("model folder " + modelDir +
                         " has no tokenizer: expected vocab.json + merges.txt (GPT-2 BPE), "
                         "vocab.txt (WordPiece) or a SentencePiece *.model file");
}

}  // namespace persona
