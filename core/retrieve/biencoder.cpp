#include "persona/retrieve/biencoder.h"

#include "model/hf_config.h"
#include "model/weights_io.h"
#include "persona/error.h"
#include "persona/model/bert_model.h"
#include "persona/model/model_folder.h"
#include "retrieve/biencoder_impl.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace persona {

std::string toString(Pooling p) {
    switch (p) {
        case Pooling::Cls: return "cls";
        case Pooling::Mean: return "mean";
        case Pooling::Pooler: return "pooler";
        case Pooling::Max: return "max";
        case Pooling::LastToken: return "lasttoken";
    }
    return "?";
}

std::string toString(Similarity s) { return s == Similarity::Dot ? "dot" : "cosine"; }

Pooling parsePooling(const std::string& s) {
    if (s == "cls") return Pooling::Cls;
    if (s == "mean") return Pooling::Mean;
    if (s == "pooler") return Pooling::Pooler;
    if (s == "max") return Pooling::Max;
    if (s == "lasttoken") return Pooling::LastToken;
    throw InvalidArgument("unknown pooling \"" + s + "\" (cls, mean, pooler, max, lasttoken)");
}

Similarity parseSimilarity(const std::string& s) {
    if (s == "dot") return Similarity::Dot;
    if (s == "cosine") return Similarity::Cosine;
    throw InvalidArgument("unknown similarity \"" + s + "\" (dot, cosine)");
}

namespace detail {

EncodedBatch encodeBatch(const Tokenizer& tokenizer, const std::vector<std::string>& texts, int maxTokens,
                         bool keepEnd, const torch::Device& device, int keepHead) {
    std::vector<std::vector<int>> rows;
    size_t longest = 1;
    for (const auto& text : texts) {
        auto ids = tokenizer.encodeForModel(text);
        if (maxTokens > 2 && ids.size() > static_cast<size_t>(maxTokens)) {
            std::vector<int> cut;
            size_t keep = static_cast<size_t>(maxTokens) - 2;
            cut.push_back(ids.front());
            if (keepEnd) {
                const size_t head = std::min(static_cast<size_t>(std::max(keepHead, 0)), keep / 2);
                cut.insert(cut.end(), ids.begin() + 1, ids.begin() + 1 + static_cast<std::ptrdiff_t>(head));
                keep -= head;
                cut.insert(cut.end(), ids.end() - 1 - static_cast<std::ptrdiff_t>(keep), ids.end() - 1);
            } else
                cut.insert(cut.end(), ids.begin() + 1, ids.begin() + 1 + static_cast<std::ptrdiff_t>(keep));
            cut.push_back(ids.back());
            ids = std::move(cut);
        }
        longest = std::max(longest, ids.size());
        rows.push_back(std::move(ids));
    }
    const int64_t pad = tokenizer.padId().value_or(0);
    auto ids = torch::full({static_cast<int64_t>(rows.size()), static_cast<int64_t>(longest)}, pad, torch::kLong);
    auto mask = torch::zeros_like(ids);
    auto idsA = ids.accessor<int64_t, 2>();
    auto maskA = mask.accessor<int64_t, 2>();
    for (size_t b = 0; b < rows.size(); ++b)
        for (size_t t = 0; t < rows[b].size(); ++t) {
            idsA[b][t] = rows[b][t];
            maskA[b][t] = 1;
        }
    return {ids.to(device), mask.to(device)};
}

torch::Tensor pool(BertModel::Impl& encoder, const torch::Tensor& hidden, const torch::Tensor& mask, Pooling pooling) {
    switch (pooling) {
        case Pooling::Cls: return hidden.select(1, 0);  // (B, H)
        case Pooling::Pooler:
            if (!encoder.net->hasPooler())
                throw ModelLoadError("the retriever asks for pooler pooling, but its encoder has no pooler");
            return encoder.net->pooler(hidden);  // (B, H)
        case Pooling::Max: {
            // sentence-transformers: padding set to -1e9 before the max.
            auto pad = (mask == 0).unsqueeze(-1);                              // (B, T, 1)
            return std::get<0>(hidden.masked_fill(pad, -1e9).max(1));         // (B, H)
        }
        case Pooling::LastToken: {
            auto last = (mask.sum(1) - 1).clamp_min(0);                        // (B)
            auto index = last.view({-1, 1, 1}).expand({hidden.size(0), 1, hidden.size(2)});  // (B, 1, H)
            return hidden.gather(1, index).squeeze(1);                         // (B, H)
        }
        case Pooling::Mean: break;
    }
    auto m = mask.unsqueeze(-1).to(hidden.scalar_type());              // (B, T, 1)
    return (hidden * m).sum(1) / m.sum(1).clamp_min(1.0);              // (B, H)
}

torch::Tensor similarityMatrix(const torch::Tensor& context, const torch::Tensor& facts, const BiEncoderOptions& options) {
    if (options.similarity == Similarity::Dot) return torch::matmul(context, facts.t());  // (B, N)
    auto c = torch::nn::functional::normalize(context, torch::nn::functional::NormalizeFuncOptions().dim(-1));
    auto f = torch::nn::functional::normalize(facts, torch::nn::functional::NormalizeFuncOptions().dim(-1));
    return torch::matmul(c, f.t()) * options.cosineScale;                                 // (B, N)
}

}  // namespace detail

namespace {

uint64_t fnv1a(const std::string& bytes, uint64_t h = 1469598103934665603ull) {
    for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
    return h;
}

// A fingerprint of an encoder folder: config.json, and the size, head and tail of its weights.
uint64_t fingerprint(const fs::path& dir, uint64_t h) {
    if (fs::exists(dir / "config.json")) h = fnv1a(detail::readTextFile((dir / "config.json").string()), h);
    for (const char* name : {"model.safetensors", "pytorch_model.bin", "model.safetensors.index.json"}) {
        const fs::path p = dir / name;
        if (!fs::exists(p)) continue;
        const auto size = fs::file_size(p);
        h = fnv1a(std::to_string(size), h);
        std::ifstream in(p, std::ios::binary);
        std::string chunk(std::min<uintmax_t>(size, 1 << 16), '\0');
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        h = fnv1a(chunk, h);
        in.seekg(static_cast<std::streamoff>(size - chunk.size()));
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        h = fnv1a(chunk, h);
    }
    return h;
}

std::string hex(uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

BiEncoderOptions readOptions(const detail::ConfigReader& r, const std::string& origin) {
    BiEncoderOptions o;
    try {
        o.pooling = parsePooling(r.stringOr("pooling", toString(o.pooling)));
        o.similarity = parseSimilarity(r.stringOr("similarity", toString(o.similarity)));
    } catch (const InvalidArgument& e) {
        throw ModelLoadError(origin + ": " + e.what());
    }
    o.cosineScale = r.doubleOr("cosine_scale", o.cosineScale);
    o.contextTurns = r.intOr("context_turns", o.contextTurns);
    o.maxContextTokens = r.intOr("max_context_tokens", o.maxContextTokens);
    o.maxFactTokens = r.intOr("max_fact_tokens", o.maxFactTokens);
    o.preferredMethod = r.stringOr("preferred_method", "");
    o.fusionWeight = r.doubleOr("fusion_weight", o.fusionWeight);
    o.lexicalFallback = r.boolOr("lexical_fallback", o.lexicalFallback);
    o.normalize = r.boolOr("normalize", o.normalize);
    o.contextPrompt = r.stringOr("context_prompt", o.contextPrompt);
    o.factPrompt = r.stringOr("fact_prompt", o.factPrompt);
    return o;
}

// The pooling mode of a sentence-transformers 1_Pooling/config.json: exactly one supported flag.
Pooling readPoolingConfig(const std::string& text, const std::string& origin) {
    detail::ConfigReader r(text, origin);
    static const std::pair<const char*, Pooling> kModes[] = {{"pooling_mode_cls_token", Pooling::Cls},
                                                             {"pooling_mode_mean_tokens", Pooling::Mean},
                                                             {"pooling_mode_max_tokens", Pooling::Max},
                                                             {"pooling_mode_lasttoken", Pooling::LastToken}};
    std::vector<Pooling> on;
    for (const auto& [key, mode] : kModes)
        if (r.boolOr(key, false)) on.push_back(mode);
    for (const char* key : {"pooling_mode_mean_sqrt_len_tokens", "pooling_mode_weightedmean_tokens"})
        if (r.boolOr(key, false)) throw ModelLoadError(origin + ": " + key + " is not supported (cls, mean, max, lasttoken)");
    if (on.size() != 1)
        throw ModelLoadError(origin + ": exactly one pooling mode must be set (cls, mean, max or lasttoken), found " +
                             std::to_string(on.size()));
    return on[0];
}

// modules.json's module types, in order; an unknown kind (Dense, ...) is an error.
bool readModules(const fs::path& file) {
    const std::string text = detail::readTextFile(file.string());
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_array()) throw ModelLoadError(file.string() + ": not a JSON array of modules");
    bool normalize = false;
    for (const auto& m : j) {
        const std::string type = m.is_object() && m.contains("type") && m["type"].is_string() ? m["type"].get<std::string>() : "";
        const std::string kind = type.substr(type.rfind('.') == std::string::npos ? 0 : type.rfind('.') + 1);
        if (kind == "Normalize") normalize = true;
        else if (kind != "Transformer" && kind != "Pooling")
            throw ModelLoadError(file.string() + ": module type \"" + type +
                                 "\" is not supported (Transformer, Pooling, Normalize)");
    }
    return normalize;
}

// The options of a sentence-transformers folder (one shared encoder at the root); returns the
// fingerprint with the files read folded in.
uint64_t readSentenceTransformers(const fs::path& dir, BiEncoderOptions& o, uint64_t h) {
    const fs::path modules = dir / "modules.json";
    o.normalize = readModules(modules);
    h = fnv1a(detail::readTextFile(modules.string()), h);
    const fs::path poolingConfig = dir / "1_Pooling" / "config.json";
    if (fs::exists(poolingConfig)) {
        const std::string text = detail::readTextFile(poolingConfig.string());
        o.pooling = readPoolingConfig(text, poolingConfig.string());
        h = fnv1a(text, h);
    }
    o.similarity = Similarity::Cosine;
    const fs::path stConfig = dir / "config_sentence_transformers.json";
    if (fs::exists(stConfig)) {
        const std::string text = detail::readTextFile(stConfig.string());
        detail::ConfigReader r(text, stConfig.string());
        const std::string fn = r.stringOr("similarity_fn_name", "cosine");
        if (fn == "dot") o.similarity = Similarity::Dot;
        else if (fn != "cosine")
            throw ModelLoadError(stConfig.string() + ": similarity_fn_name \"" + fn + "\" is not supported (cosine, dot)");
        if (r.has("prompts")) {
            const auto& p = r.json()["prompts"];
            if (!p.is_object()) throw ModelLoadError(stConfig.string() + ": \"prompts\" is not an object");
            auto prompt = [&](const char* key) {
                if (!p.contains(key)) return std::string();
                if (!p[key].is_string()) throw ModelLoadError(stConfig.string() + ": prompts." + key + " is not a string");
                return p[key].get<std::string>();
            };
            o.contextPrompt = prompt("query");
            o.factPrompt = p.contains("passage") ? prompt("passage") : prompt("document");
        }
        h = fnv1a(text, h);
    }
    return h;
}

}  // namespace

BiEncoder::BiEncoder(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
BiEncoder::BiEncoder(BiEncoder&&) noexcept = default;
BiEncoder& BiEncoder::operator=(BiEncoder&&) noexcept = default;
BiEncoder::~BiEncoder() = default;

BiEncoder BiEncoder::load(const std::string& dirIn, const ComputeOptions& compute) {
    const fs::path dir(dirIn);
    auto impl = std::make_unique<Impl>();
    fs::path contextDir = dir, candidateDir = dir;
    uint64_t h = fnv1a("persona-biencoder-v1");
    if (fs::exists(dir / "retriever.json")) {
        const std::string path = (dir / "retriever.json").string();
        const std::string text = detail::readTextFile(path);
        detail::ConfigReader r(text, path);
        impl->options = readOptions(r, path);
        contextDir = dir / r.stringOr("context_encoder", ".");
        candidateDir = dir / r.stringOr("candidate_encoder", r.stringOr("context_encoder", "."));
        h = fnv1a(text, h);
    } else if (fs::exists(dir / "modules.json")) {
        h = readSentenceTransformers(dir, impl->options, h);
    } else {
        throw ModelLoadError(dir.string() + ": not a retriever folder (no retriever.json or modules.json)");
    }
    h = fingerprint(contextDir, h);
    impl->context = std::make_shared<BertModel>(BertModel::load(contextDir.string(), compute));
    impl->tokenizer = std::shared_ptr<Tokenizer>(loadTokenizer(contextDir.string()));
    impl->tokenizerDir = contextDir.string();
    if (fs::equivalent(contextDir, candidateDir)) {
        impl->candidate = impl->context;
    } else {
        h = fingerprint(candidateDir, h);
        impl->candidate = std::make_shared<BertModel>(BertModel::load(candidateDir.string(), compute));
        if (impl->candidate->config().hiddenSize != impl->context->config().hiddenSize)
            throw ModelLoadError(dir.string() + ": the context and candidate encoders have different hidden sizes");
    }
    // Texts are cut to what the encoders' positions hold (a small encoder under the defaults would
    // otherwise fail on a long dialogue at run time, and in fine-tuning).
    impl->options.maxContextTokens = std::min(impl->options.maxContextTokens, impl->context->config().maxTokens());
    impl->options.maxFactTokens = std::min(impl->options.maxFactTokens, impl->candidate->config().maxTokens());
    impl->id = dir.filename().string() + ":" + hex(h);
    return BiEncoder(std::move(impl));
}

BiEncoder BiEncoder::fromModels(std::shared_ptr<BertModel> context, std::shared_ptr<BertModel> candidate,
                                std::shared_ptr<Tokenizer> tokenizer, const std::string& tokenizerDir,
                                BiEncoderOptions options, std::string id) {
    if (!context || !tokenizer) throw InvalidArgument("BiEncoder::fromModels: a context encoder and a tokenizer are required");
    auto impl = std::make_unique<Impl>();
    impl->context = std::move(context);
    impl->candidate = candidate ? std::move(candidate) : impl->context;
    impl->tokenizer = std::move(tokenizer);
    impl->options = options;
    impl->id = std::move(id);
    impl->tokenizerDir = tokenizerDir;
    return BiEncoder(std::move(impl));
}

const BiEncoderOptions& BiEncoder::options() const { return m_impl->options; }
const std::string& BiEncoder::modelId() const { return m_impl->id; }
int BiEncoder::dimension() const { return m_impl->context->config().hiddenSize; }
int64_t BiEncoder::encodedFactCount() const { return m_impl->encodedFacts.load(); }

namespace {

std::vector<std::vector<float>> encode(BertModel& model, const Tokenizer& tokenizer, const std::vector<std::string>& textsIn,
                                       int maxTokens, bool keepEnd, const BiEncoderOptions& options) {
    auto& enc = model.impl();
    c10::InferenceMode guard;
    const std::string& prompt = keepEnd ? options.contextPrompt : options.factPrompt;
    std::vector<std::string> texts;
    for (const auto& t : textsIn) texts.push_back(prompt + t);
    const int keepHead = prompt.empty() ? 0 : static_cast<int>(tokenizer.encode(prompt).size());
    auto batch = detail::encodeBatch(tokenizer, texts, maxTokens, keepEnd, enc.device, keepHead);
    auto hidden = enc.net->forward(batch.ids, batch.mask);                        // (B, T, H)
    auto pooled = detail::pool(enc, hidden, batch.mask, options.pooling);         // (B, H)
    if (options.normalize)
        pooled = torch::nn::functional::normalize(pooled, torch::nn::functional::NormalizeFuncOptions().dim(-1));
    pooled = pooled.to(torch::kCPU, torch::kFloat32).contiguous();
    std::vector<std::vector<float>> out(pooled.size(0));
    const float* p = pooled.data_ptr<float>();
    for (int64_t b = 0; b < pooled.size(0); ++b) out[b].assign(p + b * pooled.size(1), p + (b + 1) * pooled.size(1));
    return out;
}

}  // namespace

std::vector<float> BiEncoder::encodeContext(const std::string& contextText) const {
    return encode(*m_impl->context, *m_impl->tokenizer, {contextText}, m_impl->options.maxContextTokens,
                  /*keepEnd=*/true, m_impl->options)[0];
}

std::vector<std::vector<float>> BiEncoder::encodeFacts(const std::vector<std::string>& facts, int batchSize) const {
    std::vector<std::vector<float>> out;
    out.reserve(facts.size());
    batchSize = std::max(1, batchSize);
    for (size_t start = 0; start < facts.size(); start += batchSize) {
        const std::vector<std::string> chunk(facts.begin() + start,
                                             facts.begin() + std::min(facts.size(), start + batchSize));
        auto vectors = encode(*m_impl->candidate, *m_impl->tokenizer, chunk, m_impl->options.maxFactTokens,
                              /*keepEnd=*/false, m_impl->options);
        m_impl->encodedFacts += static_cast<int64_t>(chunk.size());
        for (auto& v : vectors) out.push_back(std::move(v));
    }
    return out;
}

double BiEncoder::similarity(const std::vector<float>& a, const std::vector<float>& b) const {
    if (a.size() != b.size())
        throw InvalidArgument("similarity of vectors of sizes " + std::to_string(a.size()) + " and " + std::to_string(b.size()));
    double dot = 0, na = 0, nb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        dot += double(a[i]) * b[i];
        na += double(a[i]) * a[i];
        nb += double(b[i]) * b[i];
    }
    if (m_impl->options.similarity == Similarity::Dot) return dot;
    const double denom = std::max(std::sqrt(na), 1e-12) * std::max(std::sqrt(nb), 1e-12);
    return dot / denom * m_impl->options.cosineScale;
}

std::vector<double> BiEncoder::scores(const std::vector<float>& context, const std::vector<std::vector<float>>& facts) const {
    std::vector<double> out;
    out.reserve(facts.size());
    for (const auto& f : facts) out.push_back(similarity(context, f));
    return out;
}

void BiEncoder::save(const std::string& dirIn) const {
    const fs::path dir(dirIn);
    fs::create_directories(dir);
    nlohmann::json j;
    j["context_encoder"] = "context";
    j["candidate_encoder"] = m_impl->shared() ? "context" : "candidate";
    j["pooling"] = toString(m_impl->options.pooling);
    j["similarity"] = toString(m_impl->options.similarity);
    j["cosine_scale"] = m_impl->options.cosineScale;
    j["context_turns"] = m_impl->options.contextTurns;
    j["max_context_tokens"] = m_impl->options.maxContextTokens;
    j["max_fact_tokens"] = m_impl->options.maxFactTokens;
    if (!m_impl->options.preferredMethod.empty()) j["preferred_method"] = m_impl->options.preferredMethod;
    if (m_impl->options.fusionWeight >= 0) j["fusion_weight"] = m_impl->options.fusionWeight;
    if (m_impl->options.lexicalFallback) j["lexical_fallback"] = true;
    if (m_impl->options.normalize) j["normalize"] = true;
    if (!m_impl->options.contextPrompt.empty()) j["context_prompt"] = m_impl->options.contextPrompt;
    if (!m_impl->options.factPrompt.empty()) j["fact_prompt"] = m_impl->options.factPrompt;
    std::vector<fs::path> encoders{dir / "context"};
    m_impl->context->save(encoders[0].string());
    if (!m_impl->shared()) {
        encoders.push_back(dir / "candidate");
        m_impl->candidate->save(encoders[1].string());
    }
    for (const auto& target : encoders)
        if (!m_impl->tokenizerDir.empty()) copyTokenizerFiles(m_impl->tokenizerDir, target.string());
    detail::writeTextFile((dir / "retriever.json").string(), j.dump(2) + "\n");
}

}  // namespace persona
