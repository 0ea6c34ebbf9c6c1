// fuzz_replay TARGET PATH...: feeds every file under each PATH (a file or a folder) to the fuzz
// target, as libFuzzer would, and fails on the first exception that is not a refusal. The test
// suite runs it on tests/fuzz/corpus/TARGET (seeds) and tests/fuzz/crashes/TARGET (every input
// that once crashed), with any compiler and no libFuzzer. Prints the number of inputs replayed.
#include "fuzz_targets.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputs(const fs::path& path) {
    std::vector<fs::path> out;
    if (fs::is_regular_file(path))
        out.push_back(path);
    else if (fs::is_directory(path))
        for (const auto& e : fs::recursive_directory_iterator(path))
            if (e.is_regular_file() && e.path().filename() != "README.md")
                out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: fuzz_replay TARGET PATH...\n");
        return 2;
    }
    const persona::fuzz::Target* target = persona::fuzz::findTarget(argv[1]);
    if (target == nullptr) {
        std::fprintf(stderr, "fuzz_replay: no target named %s\n", argv[1]);
        return 2;
    }
    size_t count = 0;
    for (int i = 2; i < argc; ++i) {
        for (const fs::path& file : inputs(argv[i])) {
            std::ifstream in(file, std::ios::binary);
            const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
            try {
                target->run(bytes.data(), bytes.size());
            } catch (const std::exception& e) {
                std::fprintf(stderr, "fuzz_replay %s: %s: %s\n", argv[1], file.c_str(), e.what());
                return 1;
            }
            ++count;
        }
    }
    std::printf("fuzz_replay %s: %zu inputs, none crashed\n", argv[1], count);
    return count > 0 ? 0 : 1;  // an empty corpus is a mistake, not a pass
}
