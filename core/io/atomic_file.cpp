#include "io/atomic_file.h"

#include "persona/error.h"

#include <cstdio>
#include <fstream>

namespace persona::io::detail {

void writeAtomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
    const std::string tmp = path + ".part";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw IoError("cannot write " + tmp);
        try {
            write(out);
        } catch (...) {
            out.close();
            std::remove(tmp.c_str());
            throw;
        }
        out.close();
        if (!out) {
            std::remove(tmp.c_str());
            throw IoError("cannot write " + tmp);
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw IoError("cannot rename " + tmp + " to " + path);
    }
}

}  // namespace persona::io::detail
