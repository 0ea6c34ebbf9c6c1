// Loads libpersona_spshim.so once per process into a link-map namespace of its own (dlmopen;
// RTLD_DEEPBIND as the fallback) and resolves its C functions (see core/spshim/sp_shim.h for why
// sentencepiece is never linked directly, docs/ARCHITECTURE.md for the loading scheme).
#pragma once

#include "spshim/sp_shim.h"

#include <string>

namespace persona::detail {

struct SpShim {
    decltype(&persona_sp_abi_version) abiVersion;
    decltype(&persona_sp_last_error) lastError;
    decltype(&persona_sp_load) load;
    decltype(&persona_sp_load_bytes) loadBytes;
    decltype(&persona_sp_free) free;
    decltype(&persona_sp_free_buffer) freeBuffer;
    decltype(&persona_sp_encode) encode;
    decltype(&persona_sp_encode_pieces) encodePieces;
    decltype(&persona_sp_decode) decode;
    decltype(&persona_sp_vocab_size) vocabSize;
    decltype(&persona_sp_id_to_piece) idToPiece;
    decltype(&persona_sp_piece_to_id) pieceToId;
    decltype(&persona_sp_is_control) isControl;
    decltype(&persona_sp_bos_id) bosId;
    decltype(&persona_sp_eos_id) eosId;
    decltype(&persona_sp_unk_id) unkId;
    decltype(&persona_sp_pad_id) padId;
    decltype(&persona_sp_train) train;
    std::string path;     // the file that was loaded
    std::string loading;  // how: "dlmopen(LM_ID_NEWLM)" or the dlopen fallback's flags
};

// The process-wide shim; loaded on first use. Throws TokenizerError naming every path it tried.
const SpShim& spShim();

}  // namespace persona::detail
