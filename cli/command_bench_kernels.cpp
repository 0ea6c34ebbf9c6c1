// persona-cli bench kernels: the GGUF tensor types' fused row kernels against the read-only
// bandwidth measured on the same threads in the same run (persona/bench/kernel_bench.h).
// It measures; it asserts nothing.
#include "cli.h"
#include "json_output.h"

#include "persona/bench/kernel_bench.h"

#include <CLI/CLI.hpp>

#include <memory>
#include <sstream>

namespace persona::cli {

void registerBenchKernels(CLI::App* bench, Context& ctx) {
    auto* cmd = bench->add_subcommand(
        "kernels", "GGUF weight types: fused dequantize-dot row kernels (GB/s) against the read-only bandwidth");
    struct State {
        bench::KernelBenchOptions options;
        std::string types;
        int64_t matrixMb = 0;
    };
    auto st = std::make_shared<State>();
    cmd->add_option("--threads", st->options.threads, "Threads (the read kernel and the row kernels)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    cmd->add_option("--types", st->types, "Comma-separated ggml types (f32,f16,bf16,q8_0,q4_0,q4_1,q5_0,q5_1,q4_K,"
                                          "q5_K,q6_K); default all");
    cmd->add_option("--isa", st->options.isa, "generic, avx2-fma or avx512 (default: the best this CPU runs)");
    cmd->add_option("--cols", st->options.cols, "Row length, a multiple of 256")->capture_default_str();
    cmd->add_option("--matrix-mb", st->matrixMb, "Matrix and read-buffer size in MiB (default: 2x the last-level "
                                                 "cache, at least 256)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--passes", st->options.passes, "Timed passes (best reported)")->capture_default_str();
    cmd->callback([&ctx, st] {
        std::stringstream list(st->types);
        for (std::string t; std::getline(list, t, ',');)
            if (!t.empty()) st->options.types.push_back(t);
        st->options.matrixBytes = st->matrixMb << 20;
        const bench::KernelBenchResult r = bench::runKernelBench(st->options);
        nlohmann::json j;
        j["benchmark"] = "kernels";
        j["threads"] = r.threads;
        j["last_level_cache_bytes"] = r.lastLevelCacheBytes;
        j["read_gbps"] = r.read.gbps;
        j["read_buffer_bytes"] = r.read.bufferBytes;
        j["variants"] = nlohmann::json::array();
        for (const bench::KernelBenchVariant& v : r.variants)
            j["variants"].push_back({{"type", v.type}, {"isa", v.isa}, {"rows", v.rows}, {"cols", v.cols},
                                     {"bytes", v.bytes}, {"seconds", v.seconds}, {"gbps", v.gbps},
                                     {"gweights_per_s", v.gweightsPerS}, {"roofline_ratio", v.rooflineRatio}});
        printJson(ctx.out, j, 2);
    });
}

}  // namespace persona::cli
