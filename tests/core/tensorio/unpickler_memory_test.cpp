// The restricted unpickler's memory budget: a small pickle that asks for a lot of memory by
// referencing memoized values many times is refused quickly, and the process's peak memory
// barely moves while it is read.
#include "persona/error.h"
#include "tensorio/restricted_unpickler.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <optional>
#include <string>

namespace persona::tensorio {
namespace {

// A BINUNICODE opcode with its 4-byte little-endian length.
std::string binUnicode(const std::string& text) {
    std::string out = "X";
    const auto n = static_cast<uint32_t>(text.size());
    for (int i = 0; i < 4; ++i)
        out += static_cast<char>((n >> (8 * i)) & 0xff);
    return out + text;
}

// A state dict of `tensors` entries "t0", "t1", ... that all call the memoized
// _rebuild_tensor_v2 (memo 1) on the memoized storage (memo 2) with one memoized tuple of
// `dims` ones (memo 3) as both their size and their stride: about 25 bytes of pickle per tensor.
std::string amplifyingPickle(size_t dims, size_t tensors) {
    std::string p = "\x80\x02}";
    p += "ctorch._utils\n_rebuild_tensor_v2\nq\x01" "0";
    p += "(" + binUnicode("storage") + "ctorch\nFloatStorage\n" + binUnicode("0") +
         binUnicode("cpu") + "K\x06tQq\x02" "0";
    p += "(";
    for (size_t i = 0; i < dims; ++i)
        p += "K\x01";
    p += "tq\x03" "0";
    for (size_t i = 0; i < tensors; ++i) {
        if (i % 1000 == 0)
            p += "(";  // SETITEMS in batches, so the stack stays small
        p += binUnicode("t" + std::to_string(i));
        p += std::string("h\x01(h\x02K\x00h\x03h\x03tR", 13);
        if (i % 1000 == 999 || i + 1 == tensors)
            p += "u";
    }
    return p + ".";
}

std::optional<long> statusKb(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0)
            return std::stol(line.substr(std::string(field).size()));
    return std::nullopt;
}

// How far the resident set's high-water mark rose above the current RSS while `f` ran, in KiB;
// nullopt where the kernel does not let us reset the mark (/proc/self/clear_refs).
std::optional<long> peakGrowthKb(const std::function<void()>& f) {
    const auto before = statusKb("VmRSS:");
    {
        std::ofstream reset("/proc/self/clear_refs");
        reset << "5";  // resets VmHWM to the current RSS
        if (!reset.flush() || !before) {
            f();
            return std::nullopt;
        }
    }
    f();
    const auto peak = statusKb("VmHWM:");
    return peak ? std::optional<long>(*peak - *before) : std::nullopt;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr long kAllocatorFactor = 4;
#else
constexpr long kAllocatorFactor = 2;
#endif

void expectRefusedSmallAndFast(const std::string& pickle, const std::string& message) {
    std::string error;
    const auto start = std::chrono::steady_clock::now();
    const auto growth = peakGrowthKb([&] {
        try {
            RestrictedUnpickler(reinterpret_cast<const uint8_t*>(pickle.data()), pickle.size(),
                                "hostile.pkl")
                .loadStateDict();
        } catch (const ModelLoadError& e) {
            error = e.what();
        }
    });
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_FALSE(error.empty()) << "a " << pickle.size() << "-byte amplifying pickle was accepted";
    EXPECT_NE(error.find(message), std::string::npos) << error;
    EXPECT_EQ(error.rfind("hostile.pkl: pickle offset ", 0), 0u) << error;
    EXPECT_LT(seconds, 5.0);  // generous: a sanitizer build is slow; without a budget it is minutes
    if (growth) {
        // The budget is 4 MiB + 16 x the pickle; allow as much again for the allocator. Under
        // AddressSanitizer every small object carries redzones and freed blocks wait in its
        // quarantine instead of being reused (measured: 2.6 x the budget), so twice that there;
        // without the budget this pickle asks for tens of GB either way.
        const long budgetKb =
            static_cast<long>(RestrictedUnpickler::defaultBudget(pickle.size()) / 1024);
        EXPECT_LT(*growth, kAllocatorFactor * budgetKb + 16 * 1024) << "peak grew by " << *growth << " KiB";
        std::printf("peak RSS growth %ld KiB for a %zu-byte pickle (budget %ld KiB)\n", *growth,
                    pickle.size(), budgetKb);
    }
}

TEST(UnpicklerMemory, OneMemoizedShapeReferencedByManyTensorsIsRefused) {
    // 200,000 tensors x 64 dims: without the budget, 200,000 copies of two 64-int vectors in
    // the objects and again in the result (about 600 MB) from a 5 MB pickle.
    const std::string pickle = amplifyingPickle(64, 200000);
    ASSERT_LT(pickle.size(), 6u << 20);
    expectRefusedSmallAndFast(pickle, "bytes of memory, the budget for a pickle of");
}

TEST(UnpicklerMemory, AHugeMemoizedTupleAsAShapeIsRefused) {
    // One 100,000-int tuple referenced by 1,000 tensors: 1.6 GB of copies before the fix. Making
    // its 100,000 ints already costs more than the budget of this 200 KB pickle.
    const std::string pickle = amplifyingPickle(100000, 1000);
    expectRefusedSmallAndFast(pickle, "bytes of memory, the budget for a pickle of 221991 bytes");
    // With memory to spare, the tensor that uses it as a shape is refused.
    try {
        RestrictedUnpickler(reinterpret_cast<const uint8_t*>(pickle.data()), pickle.size(),
                            "hostile.pkl", size_t(1) << 30)
            .loadStateDict();
        FAIL() << "accepted";
    } catch (const ModelLoadError& e) {
        EXPECT_NE(std::string(e.what()).find(
                      "_rebuild_tensor_v2: the size has 100000 dimensions, more than 64"),
                  std::string::npos)
            << e.what();
    }
}

TEST(UnpicklerMemory, ManyStringsPastTheBudgetAreRefused) {
    // A budget of 1 MiB, a pickle that makes 2 MiB of strings: each string is charged.
    std::string pickle = "(";
    for (int i = 0; i < 64; ++i)
        pickle += binUnicode(std::string(32 * 1024, 'x'));
    pickle += "l.";
    try {
        RestrictedUnpickler(reinterpret_cast<const uint8_t*>(pickle.data()), pickle.size(), "s.pkl",
                            size_t(1) << 20)
            .loadStateDict();
        FAIL() << "accepted";
    } catch (const ModelLoadError& e) {
        EXPECT_NE(std::string(e.what()).find("need more than 1048576 bytes of memory"),
                  std::string::npos)
            << e.what();
    }
}

TEST(UnpicklerMemory, ARealisticStateDictFitsTheBudget) {
    // 2,000 distinct tensors of 4 dims each: what a large model's state dict looks like.
    const std::string pickle = amplifyingPickle(4, 2000);
    const auto tensors =
        RestrictedUnpickler(reinterpret_cast<const uint8_t*>(pickle.data()), pickle.size(), "ok")
            .loadStateDict();
    ASSERT_EQ(tensors.size(), 2000u);
    EXPECT_EQ(tensors[1999].name, "t1999");
    EXPECT_EQ(tensors[1999].shape, (std::vector<int64_t>{1, 1, 1, 1}));
}

}  // namespace
}  // namespace persona::tensorio
