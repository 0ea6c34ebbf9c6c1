#include "text/sp_loader.h"

#include "persona/error.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <mutex>
#include <vector>

namespace persona::detail {
namespace {

constexpr const char* kShimName = "libpersona_spshim.so";

std::string executableDir() {
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return {};
    std::string path(buf, static_cast<size_t>(n));
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string{} : path.substr(0, slash);
}

// Where the shim may be, in order: an explicit override, next to the executable (build tree),
// the private library folder beside it (relocatable installs: <prefix>/lib/persona-studio, and
// Debian's multiarch <prefix>/lib/x86_64-linux-gnu/persona-studio), the configured install
// folder, and the build tree this was compiled in.
std::vector<std::string> candidatePaths() {
    std::vector<std::string> paths;
    if (const char* env = std::getenv("PERSONA_SPSHIM")) paths.emplace_back(env);
    const std::string exeDir = executableDir();
    if (!exeDir.empty()) {
        paths.push_back(exeDir + "/" + kShimName);
        paths.push_back(exeDir + "/../lib/persona-studio/" + kShimName);
        const std::string multiarch = PERSONA_LIBRARY_ARCHITECTURE;
        if (!multiarch.empty())
            paths.push_back(exeDir + "/../lib/" + multiarch + "/persona-studio/" + kShimName);
    }
    paths.push_back(std::string(PERSONA_SPSHIM_INSTALL_DIR) + "/" + kShimName);
    paths.emplace_back(PERSONA_SPSHIM_BUILD_PATH);
    return paths;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

std::string lastDlError(const char* fallback) {
    const char* err = ::dlerror();
    return err ? err : fallback;
}

// Opens the shim so that sentencepiece's bundled protobuf never meets libtorch's. First choice:
// a link-map namespace of its own (dlmopen LM_ID_NEWLM): the shim, sentencepiece, protobuf-lite,
// libstdc++ and libc get their own copies and bind only to each other. That also works under
// AddressSanitizer, which kills the process on RTLD_DEEPBIND. The shim's C interface allocates
// and frees on its own side (persona_sp_free_buffer), so two heaps never mix. Fallback when a
// new namespace cannot be made (glibc allows 16; static TLS may run out): RTLD_LOCAL |
// RTLD_DEEPBIND, or plain RTLD_LOCAL under ASan. `how` says which worked, or why none did.
void* openIsolated(const std::string& path, std::string& how) {
    if (!std::getenv("PERSONA_SPSHIM_NO_DLMOPEN")) {
        if (void* handle = ::dlmopen(LM_ID_NEWLM, path.c_str(), RTLD_NOW | RTLD_LOCAL)) {
            how = "dlmopen(LM_ID_NEWLM)";
            return handle;
        }
        how = "dlmopen: " + lastDlError("failed") + "; ";
    }
    const int flags = RTLD_NOW | RTLD_LOCAL | (kAddressSanitizer ? 0 : RTLD_DEEPBIND);
    if (void* handle = ::dlopen(path.c_str(), flags)) {
        how = kAddressSanitizer ? "dlopen(RTLD_LOCAL)" : "dlopen(RTLD_LOCAL | RTLD_DEEPBIND)";
        return handle;
    }
    how += "dlopen: " + lastDlError("failed");
    return nullptr;
}

template <typename F>
void resolve(void* handle, const char* name, F& fn, const std::string& path) {
    fn = reinterpret_cast<F>(::dlsym(handle, name));
    if (!fn) throw TokenizerError("sentencepiece shim " + path + " lacks the symbol " + name);
}

SpShim loadShim() {
    std::string tried;
    for (const auto& path : candidatePaths()) {
        if (::access(path.c_str(), R_OK) != 0) {
            tried += "\n  " + path + " (not found)";
            continue;
        }
        std::string how;
        void* handle = openIsolated(path, how);
        if (!handle) {
            tried += "\n  " + path + " (" + how + ")";
            continue;
        }
        SpShim s{};
        s.path = path;
        s.loading = how;
        resolve(handle, "persona_sp_abi_version", s.abiVersion, path);
        if (s.abiVersion() != PERSONA_SP_SHIM_ABI)
            throw TokenizerError("sentencepiece shim " + path + " has ABI version " +
                                 std::to_string(s.abiVersion()) + ", expected " +
                                 std::to_string(PERSONA_SP_SHIM_ABI));
        resolve(handle, "persona_sp_last_error", s.lastError, path);
        resolve(handle, "persona_sp_load", s.load, path);
        resolve(handle, "persona_sp_load_bytes", s.loadBytes, path);
        resolve(handle, "persona_sp_free", s.free, path);
        resolve(handle, "persona_sp_free_buffer", s.freeBuffer, path);
        resolve(handle, "persona_sp_encode", s.encode, path);
        resolve(handle, "persona_sp_encode_pieces", s.encodePieces, path);
        resolve(handle, "persona_sp_decode", s.decode, path);
        resolve(handle, "persona_sp_vocab_size", s.vocabSize, path);
        resolve(handle, "persona_sp_id_to_piece", s.idToPiece, path);
        resolve(handle, "persona_sp_piece_to_id", s.pieceToId, path);
        resolve(handle, "persona_sp_is_control", s.isControl, path);
        resolve(handle, "persona_sp_bos_id", s.bosId, path);
        resolve(handle, "persona_sp_eos_id", s.eosId, path);
        resolve(handle, "persona_sp_unk_id", s.unkId, path);
        resolve(handle, "persona_sp_pad_id", s.padId, path);
        resolve(handle, "persona_sp_train", s.train, path);
        return s;  // the handle stays open for the life of the process
    }
    throw TokenizerError("cannot load the sentencepiece shim " + std::string(kShimName) +
                         "; tried:" + tried + "\nSet PERSONA_SPSHIM to its path.");
}

}  // namespace

const SpShim& spShim() {
    static std::once_flag once;
    static SpShim shim;
    static std::string error;
    std::call_once(once, [] {
        try {
            shim = loadShim();
        } catch (const std::exception& e) {
            error = e.what();
        }
    });
    if (!error.empty()) throw TokenizerError(error);
    return shim;
}

}  // namespace persona::detail
