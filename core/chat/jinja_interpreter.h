// Runs a parsed template: scopes as Jinja has them (a for body and a macro call get their own,
// if does not), the loop variable, macros as callable values, and the limits of
// ChatTemplateLimits checked as it goes.
#pragma once

#include "chat/jinja_ast.h"
#include "persona/chat/chat_template.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace persona::chat {

class Interpreter {
public:
    explicit Interpreter(const ChatTemplateLimits& limits) : m_limits(limits) {}

    std::string run(const Body& body, const ValueDict& variables);

    // For the built-in filters and functions.
    [[noreturn]] void fail(int line, const std::string& what) const { throw ChatTemplateError(line, what); }
    void step(int line);
    // A string of this size may be made (the output limit bounds every string).
    void checkSize(std::size_t bytes, int line) const;
    Value call(const Value& callee, CallArgs& args, int line);

private:
    enum class Flow { Normal, Break, Continue };
    using Scope = std::unordered_map<std::string, Value>;

    Flow exec(const Body& body, std::string& out);
    Flow execStmt(const Stmt& s, std::string& out);
    Flow execFor(const Stmt& s, std::string& out);
    void execSet(const Stmt& s, Value value);
    Value makeMacro(const Stmt& s);
    void append(std::string& out, const std::string& text, int line);

    Value eval(const Expr& e);
    Value evalBinary(const Expr& e);
    Value evalArithmetic(const std::string& op, const Value& a, const Value& b, int line);
    Value evalCall(const Expr& e);
    Value evalIndex(const Value& object, const Value& key, int line);
    Value evalSlice(const Expr& e);
    CallArgs evalArgs(const Expr& e);
    Value lookup(const std::string& name) const;

    const ChatTemplateLimits& m_limits;
    std::vector<Scope> m_scopes;  // [0]: the variables and globals
    std::size_t m_steps = 0;
    int m_callDepth = 0;
};

// The filters, tests and methods (jinja_builtins.cpp).
Value applyFilter(Interpreter& in, const std::string& name, const Value& input, CallArgs& args);
bool applyTest(Interpreter& in, const std::string& name, const Value& input, CallArgs& args);
// Methods of strings, dicts and lists ("x".startswith(...), d.items()); false when there is none.
bool callMethod(Interpreter& in, const Value& object, const std::string& name, CallArgs& args, Value& result);
// raise_exception, range, namespace.
void addGlobals(ValueDict& globals);
// The items of a list, the keys of a dict, the characters of a string (UTF-8); none for
// undefined; else an error (as for loops and the list filter see them).
ValueList sequenceItems(Interpreter& in, const Value& v, int line);
// Whether the value is in the container (Python's "in").
bool contains(const Value& container, const Value& item, int line);

}  // namespace persona::chat
