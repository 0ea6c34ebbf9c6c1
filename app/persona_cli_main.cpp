#include "cli.h"

#include <iostream>

int main(int argc, char** argv) {
    return persona::cli::run(std::vector<std::string>(argv, argv + argc), std::cout, std::cerr);
}
