// A SentencePiece model (*.model), used through the dlopen()ed shim (core/spshim/sp_shim.h).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace persona {

class SentencePieceModel {
public:
    // Throws TokenizerError when the shim or the model cannot be loaded.
    static SentencePieceModel load(const std::string& path);
    static SentencePieceModel fromBytes(std::string_view serialized);

    // Trains a model; args as for spm_train ("--input=x.txt --model_prefix=m --vocab_size=8000").
    static void train(const std::string& args);

    // The loaded shim's file path (for diagnostics).
    static std::string shimPath();

    SentencePieceModel(SentencePieceModel&&) noexcept;
    SentencePieceModel& operator=(SentencePieceModel&&) noexcept;
    ~SentencePieceModel();

    std::vector<int> encode(std::string_view text) const;
    std::vector<std::string> encodePieces(std::string_view text) const;
    std::string decode(const std::vector<int>& ids) const;

    int vocabSize() const;
    std::string idToPiece(int id) const;  // throws for an id out of range
    int pieceToId(const std::string& piece) const;  // unkId() when unknown
    bool isControl(int id) const;
    int bosId() const;
    int eosId() const;
    int unkId() const;
    int padId() const;

private:
    struct Impl;
    explicit SentencePieceModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace persona
