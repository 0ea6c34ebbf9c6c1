// The values a chat template computes with: Jinja's (and so Python's) types, with Python's
// printing, truth and comparison rules, and the JSON they come from and go to.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace persona::chat {

struct Value;
struct CallArgs;
class Interpreter;

using ValueList = std::vector<Value>;
// Insertion-ordered, as Python dicts are.
struct ValueDict {
    std::vector<std::pair<std::string, Value>> items;
    const Value* find(const std::string& key) const;
    void set(const std::string& key, Value value);
};
using Function = std::function<Value(Interpreter&, CallArgs&)>;

// Lists and dicts nest at most this deep; deeper is a std::length_error (see Interpreter).
inline constexpr int kMaxNesting = 100;

struct Value {
    enum class Kind { Undefined, None, Bool, Int, Float, String, List, Dict, Function };
    Kind kind = Kind::Undefined;
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0.0;
    std::string text;
    std::shared_ptr<ValueList> list;  // shared: Jinja lists and dicts are references
    std::shared_ptr<ValueDict> dict;
    std::shared_ptr<Function> function;
    bool isNamespace = false;  // namespace(): its attributes can be set
    int depth = 0;             // how deep lists and dicts nest in it (bounded: kMaxNesting)

    static Value none();
    static Value of(bool b);
    static Value of(std::int64_t i);
    static Value of(double d);
    static Value of(std::string s);
    static Value of(ValueList items);
    static Value of(ValueDict items);
    static Value of(Function f);

    bool isUndefined() const { return kind == Kind::Undefined; }
    bool isNone() const { return kind == Kind::None; }
    bool isString() const { return kind == Kind::String; }
    bool isNumber() const { return kind == Kind::Int || kind == Kind::Float; }
    bool isList() const { return kind == Kind::List; }
    bool isDict() const { return kind == Kind::Dict; }
    double number() const { return kind == Kind::Int ? static_cast<double>(integer) : kind == Kind::Bool ? boolean : real; }

    bool truthy() const;
    // What {{ value }} prints: Python's str() (None, True, ['a', 1], {'k': 'v'}); undefined is "".
    std::string str(int level = 0) const;
    // Python's repr(), for items inside lists and dicts.
    std::string repr(int level = 0) const;
    // A name for messages: "string", "list", "undefined"...
    const char* typeName() const;
};

struct CallArgs {
    std::vector<Value> positional;
    std::vector<std::pair<std::string, Value>> named;
    int line = 0;
    // The positional argument at index, else the named one, else fallback.
    Value get(std::size_t index, const char* name, Value fallback = Value()) const;
};

bool equal(const Value& a, const Value& b, int level = 0);
// Throws std::length_error past kMaxNesting (a namespace can be made to hold itself).
void checkLevel(int level);
// -1, 0, 1; throws std::invalid_argument for values that do not order (a list and a number).
int compare(const Value& a, const Value& b);

Value fromJson(const nlohmann::ordered_json& j);
// tojson as transformers and @huggingface/jinja write it: ", " and ": " (or "," with an indent),
// non-ASCII kept, undefined as null.
std::string toJson(const Value& v, int indent, int depth = 0);

}  // namespace persona::chat
