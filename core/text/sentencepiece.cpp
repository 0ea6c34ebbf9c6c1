#include "persona/text/sentencepiece.h"

#include "persona/error.h"
#include "text/sp_loader.h"

namespace persona {

using detail::spShim;

struct SentencePieceModel::Impl {
    persona_sp* handle = nullptr;
    ~Impl() {
        if (handle) spShim().free(handle);
    }
};

namespace {

[[noreturn]] void throwShimError(const std::string& context) {
    throw TokenizerError(context + ": " + spShim().lastError());
}

// Owns a malloc'ed buffer returned by the shim.
template <typename T>
struct ShimBuffer {
    T* p = nullptr;
    ~ShimBuffer() {
        if (p) spShim().freeBuffer(p);
    }
};

}  // namespace

SentencePieceModel::SentencePieceModel(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
SentencePieceModel::SentencePieceModel(SentencePieceModel&&) noexcept = default;
SentencePieceModel& SentencePieceModel::operator=(SentencePieceModel&&) noexcept = default;
SentencePieceModel::~SentencePieceModel() = default;

SentencePieceModel SentencePieceModel::load(const std::string& path) {
    auto impl = std::make_unique<Impl>();
    if (spShim().load(path.c_str(), &impl->handle) != 0)
        throwShimError("cannot load sentencepiece model " + path);
    return SentencePieceModel(std::move(impl));
}

SentencePieceModel SentencePieceModel::fromBytes(std::string_view serialized) {
    auto impl = std::make_unique<Impl>();
    if (spShim().loadBytes(serialized.data(), serialized.size(), &impl->handle) != 0)
        throwShimError("cannot parse sentencepiece model");
    return SentencePieceModel(std::move(impl));
}

void SentencePieceModel::train(const std::string& args) {
    if (spShim().train(args.c_str()) != 0) throwShimError("sentencepiece training failed");
}

std::string SentencePieceModel::shimPath() { return spShim().path; }

std::vector<int> SentencePieceModel::encode(std::string_view text) const {
    ShimBuffer<int> ids;
    size_t n = 0;
    if (spShim().encode(m_impl->handle, text.data(), text.size(), &ids.p, &n) != 0)
        throwShimError("sentencepiece encode failed");
    return std::vector<int>(ids.p, ids.p + n);
}

std::vector<std::string> SentencePieceModel::encodePieces(std::string_view text) const {
    ShimBuffer<char> buf;
    size_t bytes = 0, n = 0;
    if (spShim().encodePieces(m_impl->handle, text.data(), text.size(), &buf.p, &bytes, &n) != 0)
        throwShimError("sentencepiece encode failed");
    std::vector<std::string> pieces;
    pieces.reserve(n);
    for (size_t pos = 0; pos < bytes;) {
        std::string piece(buf.p + pos);
        pos += piece.size() + 1;
        pieces.push_back(std::move(piece));
    }
    return pieces;
}

std::string SentencePieceModel::decode(const std::vector<int>& ids) const {
    ShimBuffer<char> text;
    size_t len = 0;
    if (spShim().decode(m_impl->handle, ids.data(), ids.size(), &text.p, &len) != 0)
        throwShimError("sentencepiece decode failed");
    return std::string(text.p, len);
}

int SentencePieceModel::vocabSize() const { return spShim().vocabSize(m_impl->handle); }

std::string SentencePieceModel::idToPiece(int id) const {
    const char* piece = spShim().idToPiece(m_impl->handle, id);
    if (!piece)
        throw TokenizerError("token id " + std::to_string(id) + " is outside the vocabulary of " +
                             std::to_string(vocabSize()));
    return piece;
}

int SentencePieceModel::pieceToId(const std::string& piece) const {
    return spShim().pieceToId(m_impl->handle, piece.c_str());
}

bool SentencePieceModel::isControl(int id) const {
    return spShim().isControl(m_impl->handle, id) != 0;
}
int SentencePieceModel::bosId() const { return spShim().bosId(m_impl->handle); }
int SentencePieceModel::eosId() const { return spShim().eosId(m_impl->handle); }
int SentencePieceModel::unkId() const { return spShim().unkId(m_impl->handle); }
int SentencePieceModel::padId() const { return spShim().padId(m_impl->handle); }

}  // namespace persona
