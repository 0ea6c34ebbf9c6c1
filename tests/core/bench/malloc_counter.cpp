#include "malloc_counter.h"

#include <atomic>
#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define PERSONA_NO_MALLOC_COUNTER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PERSONA_NO_MALLOC_COUNTER 1
#endif
#endif

namespace {
std::atomic_bool g_armed{false};
std::atomic<int64_t> g_count{0};
inline void note() {
    if (g_armed.load(std::memory_order_relaxed)) g_count.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

namespace persona::test {
#ifdef PERSONA_NO_MALLOC_COUNTER
bool mallocCounterAvailable() { return false; }
#else
bool mallocCounterAvailable() { return true; }
#endif
void armMallocCounter(bool armed) { g_armed = armed; }
int64_t mallocCount() { return g_count.load(); }
}  // namespace persona::test

#ifndef PERSONA_NO_MALLOC_COUNTER
extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);

void* malloc(size_t n) {
    note();
    return __libc_malloc(n);
}
void* calloc(size_t n, size_t size) {
    note();
    return __libc_calloc(n, size);
}
void* realloc(void* p, size_t n) {
    note();
    return __libc_realloc(p, n);
}
void* memalign(size_t alignment, size_t n) {
    note();
    return __libc_memalign(alignment, n);
}
void* aligned_alloc(size_t alignment, size_t n) {
    note();
    return __libc_memalign(alignment, n);
}
int posix_memalign(void** out, size_t alignment, size_t n) {
    note();
    void* p = __libc_memalign(alignment, n);
    if (!p) return 12;  // ENOMEM
    *out = p;
    return 0;
}
}
#endif
