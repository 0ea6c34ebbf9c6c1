// Product identity shared by the CLI and the window.
#pragma once

#include <string>

namespace persona {

// "Persona Studio 0.1.0"
std::string productNameAndVersion();

}  // namespace persona
