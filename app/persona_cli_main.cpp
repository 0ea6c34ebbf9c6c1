#include "cli.h"
#include "persona/engine/runtime.h"

#include <csignal>
#include <iostream>

int main(int argc, char** argv) {
    // Past the file-size limit (ulimit -f, RLIMIT_FSIZE) the kernel sends SIGXFSZ, whose default
    // action kills the process mid-write. Ignored, the write fails with EFBIG instead: SQLite
    // rolls the transaction back and the command reports a clear error, like on a full disk.
    std::signal(SIGXFSZ, SIG_IGN);
    persona::keepFreedTensorMemory();
    return persona::cli::run(std::vector<std::string>(argv, argv + argc), std::cout, std::cerr);
}
