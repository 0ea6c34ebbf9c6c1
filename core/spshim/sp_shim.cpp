// Implementation of the sentencepiece shim; see sp_shim.h for why it exists.
#include "sp_shim.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#define SHIM_API extern "C" __attribute__((visibility("default")))

// Not in sentencepiece's public headers, but exported by libsentencepiece.so.0.
namespace sentencepiece::logging {
void SetMinLogLevel(int v);
}

struct persona_sp {
    sentencepiece::SentencePieceProcessor processor;
};

namespace {

thread_local std::string g_lastError;

// sentencepiece logs to std::cerr. Under RTLD_DEEPBIND the shim binds std::cerr to libstdc++'s
// own definition, while an executable that uses iostreams holds a copy-relocated std::cerr that is
// the one actually constructed: writing to libstdc++'s never-constructed copy crashes. So the
// shim keeps sentencepiece quiet (its failures come back as Status values, which we report), and
// training runs with --minloglevel above every level.
constexpr int kSilent = 4;  // INFO 0, WARNING 1, ERROR 2, FATAL 3

__attribute__((constructor)) void silenceLogging() { sentencepiece::logging::SetMinLogLevel(kSilent); }

int fail(const std::string& message) {
    g_lastError = message;
    return 1;
}

int failStatus(const sentencepiece::util::Status& status) {
    return fail(status.ToString());
}

template <typename T>
T* copyOut(const std::vector<T>& v) {
    auto* p = static_cast<T*>(std::malloc(v.empty() ? 1 : v.size() * sizeof(T)));
    if (p && !v.empty()) std::memcpy(p, v.data(), v.size() * sizeof(T));
    return p;
}

// Runs f, turning any C++ exception into an error code: nothing may unwind through a C boundary.
template <typename F>
int guarded(F&& f) {
    try {
        return f();
    } catch (const std::exception& e) {
        return fail(e.what());
    } catch (...) {
        return fail("unknown error in sentencepiece");
    }
}

}  // namespace

SHIM_API int persona_sp_abi_version(void) { return PERSONA_SP_SHIM_ABI; }

SHIM_API const char* persona_sp_last_error(void) { return g_lastError.c_str(); }

SHIM_API int persona_sp_load(const char* path, persona_sp** out) {
    return guarded([&] {
        if (!path || !out) return fail("null argument");
        auto sp = new persona_sp;
        auto status = sp->processor.Load(path);
        if (!status.ok()) {
            delete sp;
            return failStatus(status);
        }
        *out = sp;
        return 0;
    });
}

SHIM_API int persona_sp_load_bytes(const char* data, size_t len, persona_sp** out) {
    return guarded([&] {
        if (!data || !out) return fail("null argument");
        auto sp = new persona_sp;
        auto status = sp->processor.LoadFromSerializedProto(std::string_view(data, len));
        if (!status.ok()) {
            delete sp;
            return failStatus(status);
        }
        *out = sp;
        return 0;
    });
}

SHIM_API void persona_sp_free(persona_sp* sp) { delete sp; }

SHIM_API void persona_sp_free_buffer(void* p) { std::free(p); }

SHIM_API int persona_sp_encode(const persona_sp* sp, const char* text, size_t len, int** ids,
                               size_t* n) {
    return guarded([&] {
        if (!sp || !text || !ids || !n) return fail("null argument");
        std::vector<int> out;
        auto status = sp->processor.Encode(std::string_view(text, len), &out);
        if (!status.ok()) return failStatus(status);
        *ids = copyOut(out);
        *n = out.size();
        return 0;
    });
}

SHIM_API int persona_sp_encode_pieces(const persona_sp* sp, const char* text, size_t len,
                                      char** pieces, size_t* bytes, size_t* n) {
    return guarded([&] {
        if (!sp || !text || !pieces || !bytes || !n) return fail("null argument");
        std::vector<std::string> out;
        auto status = sp->processor.Encode(std::string_view(text, len), &out);
        if (!status.ok()) return failStatus(status);
        std::vector<char> buf;
        for (const auto& piece : out) {
            buf.insert(buf.end(), piece.begin(), piece.end());
            buf.push_back('\0');
        }
        *pieces = copyOut(buf);
        *bytes = buf.size();
        *n = out.size();
        return 0;
    });
}

SHIM_API int persona_sp_decode(const persona_sp* sp, const int* ids, size_t n, char** text,
                               size_t* len) {
    return guarded([&] {
        if (!sp || (!ids && n) || !text || !len) return fail("null argument");
        const int size = sp->processor.GetPieceSize();
        for (size_t i = 0; i < n; ++i)
            if (ids[i] < 0 || ids[i] >= size)
                return fail("token id " + std::to_string(ids[i]) + " is outside the vocabulary of " +
                            std::to_string(size));
        std::string out;
        auto status = sp->processor.Decode(std::vector<int>(ids, ids + n), &out);
        if (!status.ok()) return failStatus(status);
        *text = copyOut(std::vector<char>(out.begin(), out.end()));
        *len = out.size();
        return 0;
    });
}

SHIM_API int persona_sp_vocab_size(const persona_sp* sp) {
    return sp ? sp->processor.GetPieceSize() : 0;
}

SHIM_API const char* persona_sp_id_to_piece(const persona_sp* sp, int id) {
    if (!sp || id < 0 || id >= sp->processor.GetPieceSize()) return nullptr;
    // IdToPiece returns a reference into the model proto, which lives as long as sp.
    return sp->processor.IdToPiece(id).c_str();
}

SHIM_API int persona_sp_piece_to_id(const persona_sp* sp, const char* piece) {
    return sp && piece ? sp->processor.PieceToId(piece) : -1;
}

SHIM_API int persona_sp_is_control(const persona_sp* sp, int id) {
    return sp && id >= 0 && id < sp->processor.GetPieceSize() ? sp->processor.IsControl(id) : 0;
}

SHIM_API int persona_sp_bos_id(const persona_sp* sp) { return sp ? sp->processor.bos_id() : -1; }
SHIM_API int persona_sp_eos_id(const persona_sp* sp) { return sp ? sp->processor.eos_id() : -1; }
SHIM_API int persona_sp_unk_id(const persona_sp* sp) { return sp ? sp->processor.unk_id() : -1; }
SHIM_API int persona_sp_pad_id(const persona_sp* sp) { return sp ? sp->processor.pad_id() : -1; }

SHIM_API int persona_sp_train(const char* args) {
    return guarded([&] {
        if (!args) return fail("null argument");
        const std::string quietArgs = std::string(args) + " --minloglevel=" + std::to_string(kSilent);
        auto status = sentencepiece::SentencePieceTrainer::Train(quietArgs);
        sentencepiece::logging::SetMinLogLevel(kSilent);
        if (!status.ok()) return failStatus(status);
        return 0;
    });
}
