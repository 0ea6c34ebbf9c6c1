// libFuzzer entry point of one target, chosen at compile time (-DPERSONA_FUZZ_TARGET="name").
// Built only by the clang fuzz build (scripts/fuzz.sh); the test suite uses replay_main.cpp.
#include "fuzz_targets.h"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const persona::fuzz::Target* target = [] {
        const auto* t = persona::fuzz::findTarget(PERSONA_FUZZ_TARGET);
        if (t == nullptr) {
            std::fprintf(stderr, "no fuzz target %s\n", PERSONA_FUZZ_TARGET);
            std::abort();
        }
        return t;
    }();
    target->run(data, size);  // an exception other than persona::Error escapes: a crash
    return 0;
}
