// persona-cli bench decode | bench retrieval: benchmark programs that print one JSON document
// (issue 7). They measure; they assert nothing. scripts/bench/run_all.sh runs them with the
// Python peer and writes the tables of docs/PERFORMANCE.md.
#include "cli.h"
#include "json_output.h"

#include "persona/bench/decode_bench.h"
#include "persona/bench/influence_bench.h"
#include "persona/bench/retrieval_bench.h"
#include "persona/engine/runtime.h"
#include "persona/error.h"

#include <CLI/CLI.hpp>

#include <memory>

namespace persona::cli {
namespace {

void registerBenchDecode(CLI::App* bench, Context& ctx) {
    auto* cmd = bench->add_subcommand("decode", "Causal-LM prefill/decode speed against the memory-bandwidth roofline");
    struct State {
        bench::DecodeBenchOptions options;
        std::string device = "cpu", dtype = "f32", weights = "f32";
        int threads = 0;
    };
    auto st = std::make_shared<State>();
    cmd->add_option("--config", st->options.config,
                    "gpt2, gpt2-medium, gpt2-large, gpt2-xl, qwen2-0.5b, llama-1b (random weights of the real shapes)")
        ->capture_default_str();
    cmd->add_option("--prompt-tokens", st->options.promptTokens, "Prompt length (prefill)")->capture_default_str();
    cmd->add_option("--new-tokens", st->options.newTokens, "Tokens decoded one by one")->capture_default_str();
    cmd->add_option("--threads", st->threads, "Intra-op threads (as the global --threads)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--device", st->device, "cpu or cuda")->capture_default_str();
    cmd->add_option("--dtype", st->dtype, "compute dtype of the torch ops: f32, f16 or bf16")->capture_default_str();
    cmd->add_option("--weights", st->weights,
                    "what the fused CPU decode step reads: f32 (the parameters), f16, bf16, int8 (packed copies)")
        ->check(CLI::IsMember({"f32", "f16", "bf16", "int8"}))
        ->capture_default_str();
    cmd->add_option("--kernel", st->options.kernel,
                    "auto (the decode step the generator runs), generic (portable fused kernels), "
                    "avx2-fma or avx512 (that kernel set, where the CPU has it), "
                    "torch (forward + lmHead with torch ops)")
        ->capture_default_str();
    cmd->add_option("--seed", st->options.seed, "Weights and prompt")->capture_default_str();
    cmd->add_flag("!--no-bandwidth", st->options.measureBandwidth, "Skip the bandwidth measurement");
    cmd->callback([&ctx, st] {
        if (st->threads > 0) setIntraOpThreads(st->threads);
        st->options.compute = {parseDevice(st->device), parseWeightDType(st->dtype)};
        st->options.weights = parseDecodeWeights(st->weights);
        const bench::DecodeBenchResult r = bench::runDecodeBench(st->options);
        nlohmann::json j;
        j["benchmark"] = "decode";
        j["config"] = r.config;
        j["device"] = r.device;
        j["dtype"] = r.dtype;
        j["weights"] = r.weights;
        j["kernel"] = r.kernel;
        j["kernel_isa"] = r.kernelIsa;
        j["threads"] = r.threads;
        j["prompt_tokens"] = r.promptTokens;
        j["new_tokens"] = r.newTokens;
        j["prefill_tok_s"] = r.prefillTokS;
        j["decode_tok_s"] = r.decodeTokS;
        j["ms_per_token_p50"] = r.msPerTokenP50;
        j["ms_per_token_p95"] = r.msPerTokenP95;
        j["weight_bytes"] = r.weightBytes;
        j["model_bytes"] = r.modelBytes;
        j["bytes_per_token"] = r.bytesPerToken;
        j["bandwidth_GBs"] = r.bandwidthGBs;
        j["roofline_tok_s"] = r.rooflineTokS;
        j["roofline_ratio"] = r.rooflineRatio;
        j["peak_rss_bytes"] = r.peakRssBytes;
        if (r.torchAllocationsDuringDecode >= 0)
            j["torch_allocations_during_decode"] = r.torchAllocationsDuringDecode;
        j["generated_ids"] = r.generatedIds;
        printJson(ctx.out, j, 2);
    });
}

void registerBenchRetrieval(CLI::App* bench, Context& ctx) {
    auto* cmd = bench->add_subcommand("retrieval", "Top-k query latency over cached fact vectors; fact encoding rate");
    struct State {
        bench::RetrievalBenchOptions options;
        std::string storage = "f32";
        int threads = 0;
    };
    auto st = std::make_shared<State>();
    cmd->add_option("--facts", st->options.facts, "Cached fact vectors")->capture_default_str();
    cmd->add_option("--dim", st->options.dim, "Vector size")->capture_default_str();
    cmd->add_option("--queries", st->options.queries, "Timed queries")->capture_default_str();
    cmd->add_option("--top-k", st->options.topK, "Facts returned per query")->capture_default_str();
    cmd->add_option("--storage", st->storage, "Fact vectors as f32 or f16")->capture_default_str();
    cmd->add_option("--encode-facts", st->options.encodeFacts, "Facts encoded for the throughput (0 = skip)")
        ->capture_default_str();
    cmd->add_option("--threads", st->threads, "Intra-op threads (as the global --threads)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_flag("!--no-bm25", st->options.lexical, "Skip BM25 over as many synthetic facts");
    cmd->callback([&ctx, st] {
        if (st->threads > 0) setIntraOpThreads(st->threads);
        if (st->storage != "f32" && st->storage != "f16")
            throw InvalidArgument("bench retrieval: unknown --storage \"" + st->storage + "\" (f32, f16)");
        st->options.halfPrecision = st->storage == "f16";
        const bench::RetrievalBenchResult r = bench::runRetrievalBench(st->options);
        nlohmann::json j;
        j["benchmark"] = "retrieval";
        j["facts"] = r.facts;
        j["dim"] = r.dim;
        j["top_k"] = r.topK;
        j["storage"] = r.storage;
        j["queries"] = r.queries;
        j["threads"] = r.threads;
        j["query_ms_p50"] = r.queryMsP50;
        j["query_ms_p95"] = r.queryMsP95;
        j["index_bytes"] = r.indexBytes;
        j["scan_GBs"] = r.scanGBs;
        j["encoder"] = r.encoder;
        j["encoded_facts"] = r.encodedFacts;
        j["encode_facts_per_s"] = r.encodeFactsPerS;
        if (r.lexical)
            j["bm25"] = {{"what", "BM25 over as many synthetic Russian facts: character 4-grams and Snowball-stemmed words, "
                                  "query stemmed, scored and top-k'd each time"},
                         {"ngram_weight", r.bm25.ngramWeight}, {"word_weight", r.bm25.wordWeight},
                         {"index_build_s", r.bm25.buildS}, {"query_ms_p50", r.bm25.queryMsP50},
                         {"query_ms_p95", r.bm25.queryMsP95}, {"query_cpu_ms_p50", r.bm25.queryCpuMsP50},
                         {"query_cpu_ms_p95", r.bm25.queryCpuMsP95}};
        printJson(ctx.out, j, 2);
    });
}

void registerBenchInfluence(CLI::App* bench, Context& ctx) {
    auto* cmd = bench->add_subcommand("influence", "Fact influence (k+2 teacher-forced prompts) against one plain forward pass");
    struct State {
        bench::InfluenceBenchOptions options;
        int threads = 0;
    };
    auto st = std::make_shared<State>();
    cmd->add_option("--config", st->options.config, "gpt2, gpt2-medium, ... (random weights)")->capture_default_str();
    cmd->add_option("--facts", st->options.facts, "Facts in the prompt (k)")->capture_default_str();
    cmd->add_option("--fact-tokens", st->options.factTokens, "Tokens per [Gk] fact segment")->capture_default_str();
    cmd->add_option("--dialogue-tokens", st->options.dialogueTokens, "History tokens after the facts")->capture_default_str();
    cmd->add_option("--reply-tokens", st->options.replyTokens, "Reply tokens held fixed")->capture_default_str();
    cmd->add_option("--repeats", st->options.repeats, "Timed runs (median)")->capture_default_str();
    cmd->add_option("--threads", st->threads, "Intra-op threads (as the global --threads)")->check(CLI::NonNegativeNumber);
    cmd->callback([&ctx, st] {
        if (st->threads > 0) setIntraOpThreads(st->threads);
        const bench::InfluenceBenchResult r = bench::runInfluenceBench(st->options);
        nlohmann::json j;
        j["benchmark"] = "influence";
        j["config"] = r.config;
        j["facts"] = r.facts;
        j["prompt_tokens"] = r.promptTokens;
        j["reply_tokens"] = r.replyTokens;
        j["threads"] = r.threads;
        j["influence_ms"] = r.influenceMs;
        j["influence_page_faults"] = r.influencePageFaults;
        j["forward_page_faults"] = r.forwardPageFaults;
        j["forward_ms"] = r.forwardMs;
        j["ratio"] = r.ratio;
        j["brute_force_ms"] = r.bruteForceMs;
        j["max_abs_diff_vs_brute_force"] = r.maxAbsDiff;
        printJson(ctx.out, j, 2);
    });
}

}  // namespace

void registerBench(CLI::App& app, Context& ctx) {
    auto* bench = app.add_subcommand("bench", "Benchmarks: decode speed, retrieval latency, fact influence (JSON)");
    bench->require_subcommand(1);
    registerBenchDecode(bench, ctx);
    registerBenchRetrieval(bench, ctx);
    registerBenchInfluence(bench, ctx);
    registerBenchKernels(bench, ctx);  // command_bench_kernels.cpp
}

}  // namespace persona::cli
