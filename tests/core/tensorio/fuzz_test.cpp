// Truncated and randomly mutated versions of the good checkpoints: every one is either read or
// refused with a ModelLoadError, never a crash, a hang or another exception. Each input is
// copied into a heap buffer of exactly its size, so an over-read is caught by ASan
// (PERSONA_PRESET=asan) and, for the tensors that do come back, checked here against the buffer.
#include "persona/error.h"
#include "tensorio/restricted_unpickler.h"
#include "tensorio/safetensors_reader.h"
#include "tensorio/torch_zip_reader.h"
#include "tensorio/zip_reader.h"
#include "tensorio_test_util.h"

#include <gtest/gtest.h>

#include <functional>
#include <random>

namespace persona::tensorio {
namespace {

using Parser = std::function<std::vector<TensorData>(const uint8_t*, size_t)>;

const Parser kTorchZip = [](const uint8_t* d, size_t n) { return parseTorchZip(d, n, "fuzz"); };
const Parser kSafetensors = [](const uint8_t* d, size_t n) {
    return parseSafetensors(d, n, "fuzz").tensors;
};

enum class Outcome { Read, Refused };

// Parses a private copy of `input`; fails the test on anything but success or ModelLoadError.
Outcome parseCopy(const Parser& parse, const std::vector<uint8_t>& input) {
    auto buffer = std::make_unique<uint8_t[]>(input.size() + 1);  // new[0] is not nullptr-safe
    std::copy(input.begin(), input.end(), buffer.get());
    try {
        const auto tensors = parse(buffer.get(), input.size());
        const uint8_t* begin = buffer.get();
        const uint8_t* end = begin + input.size();
        for (const TensorData& t : tensors) {
            const auto* p = static_cast<const uint8_t*>(t.data);
            EXPECT_TRUE(t.nbytes == 0 || (p >= begin && p + t.nbytes <= end)) << t.name;
            volatile uint8_t sink = 0;
            for (size_t i = 0; i < t.nbytes; ++i)  // touch every byte: ASan checks the span
                sink = sink ^ p[i];
        }
        return Outcome::Read;
    } catch (const ModelLoadError&) {
        return Outcome::Refused;
    } catch (const std::exception& e) {
        ADD_FAILURE() << "unexpected exception: " << e.what();
        return Outcome::Refused;
    }
}

TEST(Fuzz, EveryTruncationOfTheTorchCheckpointIsRefused) {
    const auto good = test::readBytes(test::goldenPath("good.bin"));
    ASSERT_GT(good.size(), 1000u);
    EXPECT_EQ(parseCopy(kTorchZip, good), Outcome::Read);
    for (size_t n = 0; n < good.size(); ++n)
        EXPECT_EQ(parseCopy(kTorchZip, {good.begin(), good.begin() + n}), Outcome::Refused) << n;
}

TEST(Fuzz, EveryTruncationOfTheSafetensorsFileIsRefused) {
    const auto good = test::readBytes(test::goldenPath("good.safetensors"));
    EXPECT_EQ(parseCopy(kSafetensors, good), Outcome::Read);
    for (size_t n = 0; n < good.size(); ++n)
        EXPECT_EQ(parseCopy(kSafetensors, {good.begin(), good.begin() + n}), Outcome::Refused) << n;
}

TEST(Fuzz, EveryTruncationOfThePickleIsRefused) {
    const auto good = test::readBytes(test::goldenPath("good.bin"));
    const ZipReader zip(good.data(), good.size(), "good.bin");
    const ZipEntry* pkl = zip.find("good/data.pkl");
    ASSERT_NE(pkl, nullptr);
    const std::vector<uint8_t> pickle(zip.dataOf(*pkl), zip.dataOf(*pkl) + pkl->size);
    for (size_t n = 0; n < pickle.size(); ++n) {
        auto buffer = std::make_unique<uint8_t[]>(n + 1);
        std::copy(pickle.begin(), pickle.begin() + static_cast<std::ptrdiff_t>(n), buffer.get());
        RestrictedUnpickler u(buffer.get(), n, "fuzz");
        EXPECT_THROW(u.loadStateDict(), ModelLoadError) << n;
    }
}

// Flips 1-4 random bytes of `good` (within [from, to)) `rounds` times; returns how many were read.
int mutate(const Parser& parse, const std::vector<uint8_t>& good, size_t from, size_t to,
           int rounds, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<size_t> where(from, to - 1);
    std::uniform_int_distribution<int> count(1, 4);
    std::uniform_int_distribution<int> byte(0, 255);
    int read = 0;
    for (int r = 0; r < rounds; ++r) {
        std::vector<uint8_t> bad = good;
        for (int k = count(rng); k > 0; --k)
            bad[where(rng)] = static_cast<uint8_t>(byte(rng));
        read += parseCopy(parse, bad) == Outcome::Read;
    }
    return read;
}

TEST(Fuzz, MutatedTorchCheckpointsNeverCrash) {
    const auto good = test::readBytes(test::goldenPath("good.bin"));
    const ZipReader zip(good.data(), good.size(), "good.bin");
    const ZipEntry* pkl = zip.find("good/data.pkl");
    ASSERT_NE(pkl, nullptr);
    // Anywhere in the file (mostly zip structure), then only inside the pickle.
    const int anywhere = mutate(kTorchZip, good, 0, good.size(), 3000, 1);
    const int inPickle = mutate(kTorchZip, good, static_cast<size_t>(pkl->offset),
                                static_cast<size_t>(pkl->offset + pkl->size), 5000, 2);
    // Some mutations are harmless (tensor bytes, unused header fields); most are refused.
    EXPECT_GT(anywhere, 0);
    EXPECT_LT(inPickle, 5000);
}

TEST(Fuzz, MutatedSafetensorsNeverCrash) {
    const auto good = test::readBytes(test::goldenPath("good.safetensors"));
    const size_t headerEnd = 8 + static_cast<size_t>(good[0] | good[1] << 8);
    const int anywhere = mutate(kSafetensors, good, 0, good.size(), 3000, 3);
    const int inHeader = mutate(kSafetensors, good, 0, headerEnd, 5000, 4);
    EXPECT_GT(anywhere, 0);
    EXPECT_LT(inHeader, 5000);
}

TEST(Fuzz, DeeplyNestedHeaderJsonIsRefusedWithoutRecursion) {
    const std::string header =
        "{\"a\":" + std::string(200000, '[') + std::string(200000, ']') + "}";
    std::vector<uint8_t> file(8);
    for (int i = 0; i < 8; ++i)
        file[static_cast<size_t>(i)] = static_cast<uint8_t>(uint64_t(header.size()) >> (8 * i));
    file.insert(file.end(), header.begin(), header.end());
    try {
        parseSafetensors(file.data(), file.size(), "deep.safetensors");
        FAIL();
    } catch (const ModelLoadError& e) {
        EXPECT_NE(std::string(e.what()).find("the header is JSON nested deeper than 128 levels"),
                  std::string::npos)
            << e.what();
    }
}

TEST(Fuzz, RandomBytesNeverCrash) {
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<size_t> length(0, 600);
    for (int r = 0; r < 3000; ++r) {
        std::vector<uint8_t> junk(length(rng));
        for (auto& b : junk)
            b = static_cast<uint8_t>(byte(rng));
        // Start some as a pickle, a zip or a safetensors header, to get past the first check.
        if (!junk.empty() && r % 3 == 0)
            junk[0] = 0x80;
        if (junk.size() >= 4 && r % 3 == 1)
            std::copy_n("PK\x03\x04", 4, junk.begin());
        parseCopy(kTorchZip, junk);
        parseCopy(kSafetensors, junk);
        RestrictedUnpickler u(junk.data(), junk.size(), "fuzz");
        EXPECT_THROW(u.loadStateDict(), ModelLoadError);
    }
}

}  // namespace
}  // namespace persona::tensorio
