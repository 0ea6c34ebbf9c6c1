// persona-cli telegram as a child process of the test: started with its stdout and stderr in
// files, stopped with SIGTERM (a clean stop) or SIGKILL.
#pragma once

#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace persona::test {

class BotProcess {
public:
    BotProcess(const std::vector<std::string>& args, const std::string& outPath, const std::string& errPath) {
        m_pid = ::fork();
        if (m_pid == 0) {
            const int out = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            const int err = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            ::dup2(out, 1);
            ::dup2(err, 2);
            std::vector<char*> argv;
            for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
    }
    ~BotProcess() {
        if (running()) kill9();
    }
    pid_t pid() const { return m_pid; }
    bool running() const { return m_pid > 0 && !m_done; }

    void kill9() {
        ::kill(m_pid, SIGKILL);
        wait();
    }
    // SIGTERM, then the exit status (-1 when it had to be killed after `seconds`).
    int terminate(double seconds = 20) {
        ::kill(m_pid, SIGTERM);
        for (int i = 0; i < static_cast<int>(seconds * 50); ++i) {
            int status = 0;
            if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_done = true;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        kill9();
        return -1;
    }
    // Reaps a child that something else killed.
    void wait() {
        if (m_done) return;
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        m_done = true;
    }
    // Whether it is still alive (reaps it when it is not).
    bool alive() {
        if (m_done) return false;
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) m_done = true;
        return !m_done;
    }

private:
    pid_t m_pid = -1;
    bool m_done = false;
};

inline std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace persona::test
