#include "persona/about.h"
#include "persona/version.h"

namespace persona {

std::string productNameAndVersion() { return std::string("Persona Studio ") + kVersion; }

}  // namespace persona
