#include "model/weights_io.h"

#include "persona/error.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace persona::detail {

torch::ScalarType toTorch(DType dtype) {
    switch (dtype) {
        case DType::F64: return torch::kFloat64;
        case DType::F32: return torch::kFloat32;
        case DType::F16: return torch::kFloat16;
        case DType::BF16: return torch::kBFloat16;
        case DType::I64: return torch::kInt64;
        case DType::I32: return torch::kInt32;
        case DType::I16: return torch::kInt16;
        case DType::I8: return torch::kInt8;
        case DType::U8: return torch::kUInt8;
        case DType::Bool: return torch::kBool;
    }
    throw ModelLoadError("unknown tensor dtype");
}

DType fromTorch(torch::ScalarType type) {
    switch (type) {
        case torch::kFloat64: return DType::F64;
        case torch::kFloat32: return DType::F32;
        case torch::kFloat16: return DType::F16;
        case torch::kBFloat16: return DType::BF16;
        case torch::kInt64: return DType::I64;
        case torch::kInt32: return DType::I32;
        case torch::kInt16: return DType::I16;
        case torch::kInt8: return DType::I8;
        case torch::kUInt8: return DType::U8;
        case torch::kBool: return DType::Bool;
        default: throw InvalidArgument(std::string("tensor type ") + c10::toString(type) +
                                       " cannot be written to safetensors");
    }
}

torch::Device toTorch(DeviceKind device) {
    return device == DeviceKind::Cuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
}

torch::ScalarType toTorch(WeightDType dtype) {
    switch (dtype) {
        case WeightDType::F16: return torch::kFloat16;
        case WeightDType::BF16: return torch::kBFloat16;
        case WeightDType::F32: break;
    }
    return torch::kFloat32;
}

namespace {

std::string shapeString(c10::IntArrayRef shape) {
    std::ostringstream s;
    s << "[";
    for (size_t i = 0; i < shape.size(); ++i) s << (i ? ", " : "") << shape[i];
    s << "]";
    return s.str();
}

bool isFloat(DType d) { return d == DType::F64 || d == DType::F32 || d == DType::F16 || d == DType::BF16; }

}  // namespace

void loadWeights(torch::nn::Module& module, const TensorArchive& archive, const WeightMapping& mapping,
                 const std::string& origin) {
    std::map<std::string, torch::Tensor> targets;
    for (const auto& p : module.named_parameters(/*recurse=*/true)) targets[p.key()] = p.value();
    for (const auto& b : module.named_buffers(/*recurse=*/true)) targets[b.key()] = b.value();

    std::vector<std::string> problems;
    std::set<std::string> loaded;
    torch::NoGradGuard noGrad;
    for (const TensorData& t : archive.tensors()) {
        std::string key = t.name;
        for (const auto& prefix : mapping.prefixes) {
            if (key.rfind(prefix, 0) == 0) {
                key = key.substr(prefix.size());
                break;
            }
        }
        auto it = targets.find(key);
        if (it == targets.end()) {
            if (mapping.ignore && mapping.ignore(key)) continue;
            problems.push_back(archive.fileOf(t.name) + ": unexpected tensor \"" + t.name + "\"");
            continue;
        }
        if (loaded.count(key)) {
            problems.push_back(archive.fileOf(t.name) + ": tensor \"" + key + "\" appears twice (as \"" +
                               t.name + "\" too)");
            continue;
        }
        torch::Tensor& target = it->second;
        if (target.sizes() != c10::IntArrayRef(t.shape)) {
            problems.push_back(archive.fileOf(t.name) + ": tensor \"" + t.name + "\" has shape " +
                               shapeString(t.shape) + ", expected " + shapeString(target.sizes()));
            continue;
        }
        if (target.is_floating_point() && !isFloat(t.dtype)) {
            problems.push_back(archive.fileOf(t.name) + ": tensor \"" + t.name + "\" holds " +
                               dtypeName(t.dtype) + ", expected a floating-point type");
            continue;
        }
        // A view of the mapped file (no copy); copy_ converts dtype, device and layout.
        auto source = torch::from_blob(const_cast<void*>(t.data), t.shape, t.strides,
                                       torch::TensorOptions().dtype(toTorch(t.dtype)));
        target.copy_(source);
        loaded.insert(key);
    }
    for (const auto& [key, tensor] : targets) {
        if (!loaded.count(key))
            problems.push_back(origin + ": missing tensor \"" + key + "\" (shape " +
                               shapeString(tensor.sizes()) + ")");
    }
    if (!problems.empty()) {
        std::string message = "cannot load weights from " + origin + ":";
        const size_t shown = std::min<size_t>(problems.size(), 12);
        for (size_t i = 0; i < shown; ++i) message += "\n  " + problems[i];
        if (problems.size() > shown)
            message += "\n  ... and " + std::to_string(problems.size() - shown) + " more";
        throw ModelLoadError(message);
    }
}

void saveWeights(const torch::nn::Module& module, const std::string& path, const std::string& prefix,
                 torch::ScalarType storage) {
    std::vector<torch::Tensor> keepAlive;
    std::vector<TensorData> tensors;
    for (const auto& p : module.named_parameters(/*recurse=*/true)) {
        auto t = p.value().detach().to(torch::kCPU, storage).contiguous();
        keepAlive.push_back(t);
        TensorData d;
        d.name = prefix + p.key();
        d.dtype = fromTorch(t.scalar_type());
        d.shape = t.sizes().vec();
        d.strides = t.strides().vec();
        d.data = t.data_ptr();
        d.nbytes = static_cast<size_t>(t.numel()) * t.element_size();
        tensors.push_back(std::move(d));
    }
    writeSafetensors(path, tensors, {{"format", "pt"}});
}

void placeModule(torch::nn::Module& module, const ComputeOptions& options, torch::Device& device,
                 torch::ScalarType& dtype) {
    checkAvailable(options);
    device = toTorch(options.device);
    dtype = toTorch(options.dtype);
    module.to(device, dtype);
    module.eval();
}

std::vector<std::vector<float>> toRows(const torch::Tensor& t) {
    auto c = t.to(torch::kCPU, torch::kFloat32).contiguous();  // (T, C)
    std::vector<std::vector<float>> rows(c.size(0));
    const float* p = c.data_ptr<float>();
    for (int64_t i = 0; i < c.size(0); ++i) rows[i].assign(p + i * c.size(1), p + (i + 1) * c.size(1));
    return rows;
}

std::string readTextFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError("cannot open " + path);
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad()) throw IoError("cannot read " + path);
    return s.str();
}

void writeTextFile(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw IoError("cannot write " + tmp);
        out << text;
        if (!out.flush()) throw IoError("cannot write " + tmp);
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw IoError("cannot rename " + tmp + " to " + path + ": " + ec.message());
}

}  // namespace persona::detail
