// Counts every malloc-family call in this test process while armed: malloc, calloc, realloc,
// posix_memalign, aligned_alloc and memalign are interposed (glibc's __libc_* do the work), so
// allocations made inside libtorch, libgomp and libstdc++ are seen too. Not available under
// AddressSanitizer, which interposes the same functions.
#pragma once

#include <cstdint>

namespace persona::test {

bool mallocCounterAvailable();
void armMallocCounter(bool armed);
int64_t mallocCount();

}  // namespace persona::test
