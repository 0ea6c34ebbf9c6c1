// writeSafetensors: the header as HuggingFace writes it (sorted keys, __metadata__, padded with
// spaces to a multiple of 8), then the data, widest dtype first, so that every tensor starts
// aligned to its element size. Written to a temporary file beside the target, fsync()ed, then
// renamed, so a crash never leaves a half-written checkpoint under the real name.
#include "persona/error.h"
#include "persona/tensorio/tensor_archive.h"
#include "tensorio/tensor_layout.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include <fcntl.h>
#include <unistd.h>

namespace persona {

namespace {

using nlohmann::json;

[[noreturn]] void throwIo(const std::string& path, const std::string& what, int err) {
    throw IoError(path + ": " + what + ": " + std::strerror(err));
}

void writeAll(int fd, const void* data, size_t size, const std::string& path) {
    const auto* p = static_cast<const uint8_t*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, std::min<size_t>(size, size_t(1) << 30));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throwIo(path, "cannot write", errno);
        }
        p += n;
        size -= static_cast<size_t>(n);
    }
}

std::string directoryOf(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// Position in the data section: HuggingFace's Dtype enum (BOOL, U8, I8, I16, F16, BF16, I32,
// F32, F64, I64, ...) in descending order.
int dataOrderRank(DType dtype) {
    switch (dtype) {
        case DType::I64:
            return 0;
        case DType::F64:
            return 1;
        case DType::F32:
            return 2;
        case DType::I32:
            return 3;
        case DType::BF16:
            return 4;
        case DType::F16:
            return 5;
        case DType::I16:
            return 6;
        case DType::I8:
            return 7;
        case DType::U8:
            return 8;
        case DType::Bool:
            return 9;
    }
    return 10;
}

void checkTensor(const TensorData& t, const std::string& path) {
    const std::string where = path + ": cannot write tensor '" + t.name + "': ";
    if (t.name.empty() || t.name == "__metadata__")
        throw InvalidArgument(path + ": cannot write a tensor named '" + t.name + "'");
    const auto numel = tensorio::checkedNumel(t.shape);
    const auto nbytes = numel ? tensorio::checkedMul(*numel, dtypeSize(t.dtype)) : std::nullopt;
    if (!nbytes)
        throw InvalidArgument(where + "invalid shape " + tensorio::shapeToString(t.shape));
    if (!t.strides.empty() && t.strides.size() != t.shape.size())
        throw InvalidArgument(where + "strides and shape differ in rank");
    if (!t.strides.empty() && !t.isContiguous())
        throw InvalidArgument(where + "not contiguous (make it contiguous first)");
    if (*nbytes != t.nbytes)
        throw InvalidArgument(where + "shape " + tensorio::shapeToString(t.shape) + " x " +
                              dtypeName(t.dtype) + " needs " + std::to_string(*nbytes) +
                              " bytes, nbytes is " + std::to_string(t.nbytes));
    if (t.nbytes > 0 && t.data == nullptr)
        throw InvalidArgument(where + "no data");
}

}  // namespace

void writeSafetensors(const std::string& path, const std::vector<TensorData>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    std::vector<const TensorData*> sorted;
    sorted.reserve(tensors.size());
    std::set<std::string> names;
    for (const TensorData& t : tensors) {
        checkTensor(t, path);
        if (!names.insert(t.name).second)
            throw InvalidArgument(path + ": tensor '" + t.name + "' given twice");
        sorted.push_back(&t);
    }
    // Data order as HuggingFace's writer: widest dtype first (its Dtype enum, descending), then
    // by name, so that every tensor starts aligned to its element size.
    std::sort(sorted.begin(), sorted.end(), [](const TensorData* a, const TensorData* b) {
        const int ra = dataOrderRank(a->dtype), rb = dataOrderRank(b->dtype);
        return ra != rb ? ra < rb : a->name < b->name;
    });

    json header = json::object();
    uint64_t offset = 0;
    for (const TensorData* t : sorted) {
        header[t->name] = {{"dtype", dtypeName(t->dtype)},
                           {"shape", t->shape},
                           {"data_offsets", {offset, offset + t->nbytes}}};
        offset += t->nbytes;
    }
    // HuggingFace's loader checks __metadata__["format"]; "pt" unless the caller says otherwise.
    json meta = json::object();
    for (const auto& [key, value] : metadata)
        meta[key] = value;
    if (!meta.contains("format"))
        meta["format"] = "pt";
    header["__metadata__"] = meta;

    std::string text = header.dump();  // std::map underneath: keys come out sorted
    text.append((8 - text.size() % 8) % 8, ' ');
    uint8_t lengthBytes[8];
    for (int i = 0; i < 8; ++i)
        lengthBytes[i] = static_cast<uint8_t>(uint64_t(text.size()) >> (8 * i));

    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throwIo(tmp, "cannot create", errno);
    bool closed = false;
    try {
        writeAll(fd, lengthBytes, sizeof lengthBytes, tmp);
        writeAll(fd, text.data(), text.size(), tmp);
        for (const TensorData* t : sorted)
            writeAll(fd, t->data, t->nbytes, tmp);
        if (::fsync(fd) != 0)
            throwIo(tmp, "cannot fsync", errno);
        closed = true;
        if (::close(fd) != 0)
            throwIo(tmp, "cannot close", errno);
    } catch (...) {
        if (!closed)
            ::close(fd);
        ::unlink(tmp.c_str());
        throw;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throwIo(path, "cannot rename " + tmp + " to it", err);
    }
    // Make the rename itself durable.
    const int dirFd = ::open(directoryOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
}

}  // namespace persona
