// Writes a file through a temporary file beside it and a rename, so a failed export leaves no
// half-written file behind. Internal to core/io.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

namespace persona::io::detail {

// Calls write(stream) on `path`.part, then renames it to path. Throws IoError (and removes the
// temporary file) when it cannot be written or renamed; an exception of write() is rethrown.
void writeAtomically(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace persona::io::detail
