// bench_tokenizer MODEL_DIR TEXT_FILE [IDS_OUT]: a benchmark program (not a test). Prints load
// time and encode/decode throughput over the file, line by line, as JSON. With IDS_OUT it also
// writes each line's ids (space-separated, one line per input line) for comparing with another
// implementation.
#include "persona/text/tokenizer.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: bench_tokenizer MODEL_DIR TEXT_FILE [IDS_OUT]\n";
        return 2;
    }
    try {
        std::ifstream in(argv[2], std::ios::binary);
        if (!in) throw std::runtime_error(std::string("cannot read ") + argv[2]);
        std::vector<std::string> lines;
        std::size_t bytes = 0;
        for (std::string line; std::getline(in, line);) {
            bytes += line.size();
            lines.push_back(std::move(line));
        }

        auto t0 = std::chrono::steady_clock::now();
        const auto tok = persona::loadTokenizer(argv[1]);
        const double loadS = secondsSince(t0);

        std::vector<std::vector<int>> ids(lines.size());
        t0 = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < lines.size(); ++i) ids[i] = tok->encode(lines[i]);
        const double coldS = secondsSince(t0);
        t0 = std::chrono::steady_clock::now();
        std::size_t tokens = 0;
        for (std::size_t i = 0; i < lines.size(); ++i) tokens += tok->encode(lines[i]).size();
        const double warmS = secondsSince(t0);
        t0 = std::chrono::steady_clock::now();
        std::size_t mismatches = 0;
        for (std::size_t i = 0; i < lines.size(); ++i)
            if (tok->decode(ids[i]) != lines[i]) ++mismatches;
        const double decodeS = secondsSince(t0);

        // One long prompt: the whole file as one text.
        std::string all;
        for (const auto& l : lines) all += l + "\n";
        t0 = std::chrono::steady_clock::now();
        const std::size_t allTokens = tok->encode(all).size();
        const double allS = secondsSince(t0);

        if (argc > 3) {
            std::ofstream out(argv[3], std::ios::binary);
            for (const auto& row : ids) {
                for (std::size_t k = 0; k < row.size(); ++k) out << (k ? " " : "") << row[k];
                out << "\n";
            }
        }
        std::printf("{\"kind\":\"%s\",\"lines\":%zu,\"bytes\":%zu,\"tokens\":%zu,\"load_s\":%.3f,"
                    "\"encode_cold_mb_s\":%.2f,\"encode_warm_mb_s\":%.2f,\"tokens_per_s_warm\":%.0f,"
                    "\"decode_mb_s\":%.2f,\"whole_file_encode_s\":%.3f,\"whole_file_tokens\":%zu,"
                    "\"roundtrip_mismatches\":%zu}\n",
                    tok->kind().c_str(), lines.size(), bytes, tokens, loadS, bytes / coldS / 1e6,
                    bytes / warmS / 1e6, tokens / warmS, bytes / decodeS / 1e6, allS, allTokens,
                    mismatches);
    } catch (const std::exception& e) {
        std::cerr << "bench_tokenizer: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
