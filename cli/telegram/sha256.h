// SHA-256 (FIPS 180-4), for the opaque names of Telegram chats and bots in the store.
#pragma once

#include <string>

namespace persona::telegram {

// The digest of `bytes` as 64 lowercase hex digits.
std::string sha256Hex(const std::string& bytes);

}  // namespace persona::telegram
