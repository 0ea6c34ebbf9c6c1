// The one exception hierarchy of core/. A library never exits: it throws one of these, and the
// caller (CLI, GUI worker) turns the message into words for the user.
#pragma once

#include <stdexcept>
#include <string>

namespace persona {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& what) : std::runtime_error(what) {}
};

// A file could not be read or written (missing, permissions, short read).
class IoError : public Error {
public:
    using Error::Error;
};

// A model folder or checkpoint is invalid: bad config, bad tensor file, missing/unexpected tensor.
class ModelLoadError : public Error {
public:
    using Error::Error;
};

// Tokenizer files are invalid, or text cannot be tokenized/decoded.
class TokenizerError : public Error {
public:
    using Error::Error;
};

// The persona store (SQLite) refused an operation or is corrupt.
class StoreError : public Error {
public:
    using Error::Error;
};

// An imported file is invalid; the message names the file, line and field.
class ImportError : public Error {
public:
    using Error::Error;
};

// An argument is out of its valid range (e.g. top-p of 2.0).
class InvalidArgument : public Error {
public:
    using Error::Error;
};

// The caller asked to stop (cancel flag set); not a failure.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

}  // namespace persona
