/* C interface of the sentencepiece shim (libpersona_spshim.so).
 *
 * Why a shim: libsentencepiece.so.0 carries its own copy of protobuf and exports its symbols,
 * while libtorch loads the system protobuf. Linking both into one process crashes at start-up,
 * whatever the link order. So sentencepiece lives in this small shared library, which is never
 * linked: core/text/sp_loader.cpp dlopen()s it with RTLD_LOCAL | RTLD_DEEPBIND, which makes the
 * shim and its sentencepiece resolve protobuf symbols against their own copy first, and keeps
 * them out of the global namespace libtorch sees. Only plain C types cross this boundary.
 *
 * Ownership: every pointer returned through an out-parameter is freed with persona_sp_free_buffer.
 * Errors: functions return 0 on success; on failure non-zero, and persona_sp_last_error() returns
 * the message of the last failure on this thread.
 */
#ifndef PERSONA_SP_SHIM_H
#define PERSONA_SP_SHIM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PERSONA_SP_SHIM_ABI 1

typedef struct persona_sp persona_sp;

int persona_sp_abi_version(void);
const char* persona_sp_last_error(void);

/* Load a model from a file (*.model) or from serialized bytes. */
int persona_sp_load(const char* path, persona_sp** out);
int persona_sp_load_bytes(const char* data, size_t len, persona_sp** out);
void persona_sp_free(persona_sp* sp);
void persona_sp_free_buffer(void* p);

int persona_sp_encode(const persona_sp* sp, const char* text, size_t len, int** ids, size_t* n);
/* Pieces as one buffer of NUL-separated strings; *n pieces. */
int persona_sp_encode_pieces(const persona_sp* sp, const char* text, size_t len, char** pieces,
                             size_t* bytes, size_t* n);
int persona_sp_decode(const persona_sp* sp, const int* ids, size_t n, char** text, size_t* len);

int persona_sp_vocab_size(const persona_sp* sp);
/* Piece text of an id; the returned pointer stays valid while sp lives. NULL if out of range. */
const char* persona_sp_id_to_piece(const persona_sp* sp, int id);
int persona_sp_piece_to_id(const persona_sp* sp, const char* piece);
int persona_sp_is_control(const persona_sp* sp, int id);
int persona_sp_bos_id(const persona_sp* sp);
int persona_sp_eos_id(const persona_sp* sp);
int persona_sp_unk_id(const persona_sp* sp);
int persona_sp_pad_id(const persona_sp* sp);

/* Train a model: args as for spm_train, e.g. "--input=a.txt --model_prefix=m --vocab_size=800". */
int persona_sp_train(const char* args);

#ifdef __cplusplus
}
#endif

#endif /* PERSONA_SP_SHIM_H */
