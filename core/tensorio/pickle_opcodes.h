// Names of pickle opcodes, for messages that say which opcode was refused.
#pragma once

#include <cstdint>
#include <string>

namespace persona::tensorio {

// "BINUNICODE" for 'X', ...; nullptr for a byte that is no pickle opcode.
const char* pickleOpcodeName(uint8_t op);

// "0x8a"
std::string hexByte(uint8_t b);

}  // namespace persona::tensorio
