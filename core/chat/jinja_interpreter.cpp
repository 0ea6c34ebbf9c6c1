#include "chat/jinja_interpreter.h"

#include <cmath>
#include <stdexcept>

namespace persona::chat {

std::string Interpreter::run(const Body& body, const ValueDict& variables) {
    m_scopes.assign(1, Scope());
    ValueDict globals;
    addGlobals(globals);
    for (const auto& [k, v] : globals.items) m_scopes[0][k] = v;
    for (const auto& [k, v] : variables.items) m_scopes[0][k] = v;
    std::string out;
    try {
        if (exec(body, out) != Flow::Normal) fail(0, "break or continue outside a for loop");
    } catch (const std::length_error& e) {
        fail(0, e.what());
    }
    return out;
}

void Interpreter::step(int line) {
    if (++m_steps > m_limits.maxSteps)
        fail(line, "the template ran more than " + std::to_string(m_limits.maxSteps) +
                       " steps (an endless or huge loop?)");
}

void Interpreter::checkSize(std::size_t bytes, int line) const {
    if (bytes > m_limits.maxOutputBytes)
        fail(line, "the template made text longer than " + std::to_string(m_limits.maxOutputBytes) + " bytes");
}

void Interpreter::append(std::string& out, const std::string& text, int line) {
    checkSize(out.size() + text.size(), line);
    out += text;
}

Interpreter::Flow Interpreter::exec(const Body& body, std::string& out) {
    for (const StmtPtr& s : body) {
        const Flow flow = execStmt(*s, out);
        if (flow != Flow::Normal) return flow;
    }
    return Flow::Normal;
}

Interpreter::Flow Interpreter::execStmt(const Stmt& s, std::string& out) {
    step(s.line);
    try {
        switch (s.kind) {
        case Stmt::Kind::Text: append(out, s.text, s.line); break;
        case Stmt::Kind::Output: append(out, eval(*s.expr).str(), s.line); break;
        case Stmt::Kind::If:
            for (const auto& [cond, body] : s.branches)
                if (eval(*cond).truthy()) return exec(body, out);
            return exec(s.elseBody, out);
        case Stmt::Kind::For: return execFor(s, out);
        case Stmt::Kind::Set: execSet(s, eval(*s.expr)); break;
        case Stmt::Kind::SetBlock: {
            std::string captured;
            if (exec(s.body, captured) != Flow::Normal) fail(s.line, "break or continue inside {% set %}");
            execSet(s, Value::of(std::move(captured)));
            break;
        }
        case Stmt::Kind::Macro: m_scopes.back()[s.text] = makeMacro(s); break;
        case Stmt::Kind::Break: return Flow::Break;
        case Stmt::Kind::Continue: return Flow::Continue;
        }
    } catch (const std::length_error& e) {
        fail(s.line, e.what());
    }
    return Flow::Normal;
}

namespace {

Value loopObject(const ValueList& items, std::size_t i) {
    const auto n = static_cast<std::int64_t>(items.size());
    const auto k = static_cast<std::int64_t>(i);
    ValueDict loop;
    loop.items = {{"index", Value::of(k + 1)},        {"index0", Value::of(k)},
                  {"first", Value::of(k == 0)},        {"last", Value::of(k == n - 1)},
                  {"length", Value::of(n)},            {"revindex", Value::of(n - k)},
                  {"revindex0", Value::of(n - k - 1)},
                  {"previtem", k > 0 ? items[i - 1] : Value()},
                  {"nextitem", k + 1 < n ? items[i + 1] : Value()}};
    Value v;
    v.kind = Value::Kind::Dict;
    v.dict = std::make_shared<ValueDict>(std::move(loop));
    v.depth = 1;
    return v;
}

}  // namespace

Interpreter::Flow Interpreter::execFor(const Stmt& s, std::string& out) {
    const ValueList all = sequenceItems(*this, eval(*s.expr), s.line);
    const auto bind = [&](Scope& scope, const Value& item) {
        if (s.targets.size() == 1) {
            scope[s.targets[0]] = item;
            return;
        }
        if (!item.isList() || item.list->size() != s.targets.size())
            fail(s.line, "cannot unpack a " + std::string(item.typeName()) + " into " +
                             std::to_string(s.targets.size()) + " names");
        for (std::size_t k = 0; k < s.targets.size(); ++k) scope[s.targets[k]] = (*item.list)[k];
    };
    ValueList items;
    if (s.cond) {  // "for x in xs if cond": loop.* counts the items that pass
        for (const Value& item : all) {
            step(s.line);
            m_scopes.emplace_back();
            bind(m_scopes.back(), item);
            const bool keep = eval(*s.cond).truthy();
            m_scopes.pop_back();
            if (keep) items.push_back(item);
        }
    } else {
        items = all;
    }
    if (items.empty()) return exec(s.elseBody, out);
    for (std::size_t i = 0; i < items.size(); ++i) {
        step(s.line);
        m_scopes.emplace_back();
        bind(m_scopes.back(), items[i]);
        m_scopes.back()["loop"] = loopObject(items, i);
        Flow flow;
        try {
            flow = exec(s.body, out);
        } catch (...) {
            m_scopes.pop_back();
            throw;
        }
        m_scopes.pop_back();
        if (flow == Flow::Break) break;
    }
    return Flow::Normal;
}

void Interpreter::execSet(const Stmt& s, Value value) {
    if (s.attribute) {
        Value target = lookup(s.targets[0]);
        if (!target.isNamespace)
            fail(s.line, "cannot set an attribute of " + s.targets[0] + ", which is not a namespace()");
        checkLevel(value.depth + 1);
        target.dict->set(s.targets[1], std::move(value));
        return;
    }
    if (s.targets.size() == 1) {
        m_scopes.back()[s.targets[0]] = std::move(value);
        return;
    }
    if (!value.isList() || value.list->size() != s.targets.size())
        fail(s.line, "cannot unpack a " + std::string(value.typeName()) + " into " + std::to_string(s.targets.size()) + " names");
    for (std::size_t k = 0; k < s.targets.size(); ++k) m_scopes.back()[s.targets[k]] = (*value.list)[k];
}

// A macro is a function over its own scope: the template's variables, its parameters, nothing of
// the caller's loop variables (as in Jinja).
Value Interpreter::makeMacro(const Stmt& s) {
    const Stmt* macro = &s;
    return Value::of(Function([macro](Interpreter& in, CallArgs& args) -> Value {
        if (in.m_callDepth >= in.m_limits.maxRecursion)
            in.fail(args.line, "macro " + macro->text + " calls macros more than " +
                                   std::to_string(in.m_limits.maxRecursion) + " deep (endless recursion?)");
        if (args.positional.size() > macro->params.size())
            in.fail(args.line, "macro " + macro->text + " takes " + std::to_string(macro->params.size()) + " arguments");
        Scope scope;
        for (std::size_t i = 0; i < macro->params.size(); ++i) {
            const auto& [name, fallback] = macro->params[i];
            Value v = args.get(i, name.c_str());
            if (v.isUndefined() && fallback) v = in.eval(*fallback);
            scope[name] = v;
        }
        std::vector<Scope> saved;
        saved.swap(in.m_scopes);
        in.m_scopes.push_back(saved.front());
        in.m_scopes.push_back(std::move(scope));
        ++in.m_callDepth;
        std::string out;
        try {
            in.exec(macro->body, out);
        } catch (...) {
            --in.m_callDepth;
            in.m_scopes.swap(saved);
            throw;
        }
        --in.m_callDepth;
        in.m_scopes.swap(saved);
        return Value::of(std::move(out));
    }));
}

Value Interpreter::lookup(const std::string& name) const {
    for (auto it = m_scopes.rbegin(); it != m_scopes.rend(); ++it)
        if (auto found = it->find(name); found != it->end()) return found->second;
    return Value();
}

Value Interpreter::eval(const Expr& e) {
    step(e.line);
    switch (e.kind) {
    case Expr::Kind::Literal: return e.literal;
    case Expr::Kind::Name: return lookup(e.name);
    case Expr::Kind::List:
    case Expr::Kind::Tuple: {
        ValueList items;
        for (const ExprPtr& item : e.items) items.push_back(eval(*item));
        return Value::of(std::move(items));
    }
    case Expr::Kind::Dict: {
        ValueDict d;
        for (std::size_t i = 0; i + 1 < e.items.size(); i += 2) {
            const Value key = eval(*e.items[i]);
            if (!key.isString() && !key.isNumber()) fail(e.line, std::string("a dict key cannot be a ") + key.typeName());
            d.set(key.str(), eval(*e.items[i + 1]));
        }
        return Value::of(std::move(d));
    }
    case Expr::Kind::Attr: return evalIndex(eval(*e.a), Value::of(e.name), e.line);
    case Expr::Kind::Index: return evalIndex(eval(*e.a), eval(*e.b), e.line);
    case Expr::Kind::Slice: return evalSlice(e);
    case Expr::Kind::Call: return evalCall(e);
    case Expr::Kind::Filter: {
        const Value input = eval(*e.a);
        CallArgs args = evalArgs(e);
        return applyFilter(*this, e.name, input, args);
    }
    case Expr::Kind::Test: {
        const Value input = eval(*e.a);
        CallArgs args = evalArgs(e);
        return Value::of(applyTest(*this, e.name, input, args) != e.negated);
    }
    case Expr::Kind::Unary: {
        const Value v = eval(*e.a);
        if (e.name == "not") return Value::of(!v.truthy());
        if (v.kind == Value::Kind::Int) return Value::of(e.name == "-" ? -v.integer : v.integer);
        if (v.isNumber()) return Value::of(e.name == "-" ? -v.number() : v.number());
        fail(e.line, "unary " + e.name + " needs a number, found a " + v.typeName());
    }
    case Expr::Kind::Binary: return evalBinary(e);
    case Expr::Kind::Ternary:
        if (eval(*e.b).truthy()) return eval(*e.a);
        return e.c ? eval(*e.c) : Value();
    }
    return Value();
}

CallArgs Interpreter::evalArgs(const Expr& e) {
    CallArgs args;
    args.line = e.line;
    for (const ExprPtr& item : e.items) args.positional.push_back(item ? eval(*item) : Value());
    for (const auto& [name, value] : e.named) args.named.emplace_back(name, eval(*value));
    return args;
}

Value Interpreter::evalCall(const Expr& e) {
    if (e.a->kind == Expr::Kind::Attr) {  // a method: "text".strip(), d.items()
        const Value object = eval(*e.a->a);
        CallArgs args = evalArgs(e);
        Value result;
        if (callMethod(*this, object, e.a->name, args, result)) return result;
        return call(evalIndex(object, Value::of(e.a->name), e.line), args, e.line);
    }
    const Value callee = eval(*e.a);
    CallArgs args = evalArgs(e);
    if (callee.isUndefined() && e.a->kind == Expr::Kind::Name)
        fail(e.line, "'" + e.a->name + "' is undefined (no such function or macro)");
    return call(callee, args, e.line);
}

Value Interpreter::call(const Value& callee, CallArgs& args, int line) {
    if (callee.kind != Value::Kind::Function) fail(line, std::string("a ") + callee.typeName() + " cannot be called");
    args.line = line;
    return (*callee.function)(*this, args);
}

Value Interpreter::evalIndex(const Value& object, const Value& key, int line) {
    switch (object.kind) {
    case Value::Kind::Dict: {
        const Value* found = object.dict->find(key.str());
        return found ? *found : Value();
    }
    case Value::Kind::List:
    case Value::Kind::String: {
        if (key.kind != Value::Kind::Int) return Value();
        const auto n = static_cast<std::int64_t>(object.isList() ? object.list->size() : object.text.size());
        const std::int64_t i = key.integer < 0 ? key.integer + n : key.integer;
        if (i < 0 || i >= n) return Value();
        if (object.isList()) return (*object.list)[static_cast<std::size_t>(i)];
        return Value::of(object.text.substr(static_cast<std::size_t>(i), 1));
    }
    case Value::Kind::Undefined:
    case Value::Kind::None: return Value();
    default: (void)line; return Value();
    }
}

Value Interpreter::evalSlice(const Expr& e) {
    const Value object = eval(*e.a);
    std::int64_t bounds[3] = {0, 0, 1};
    bool given[3] = {false, false, false};
    for (int k = 0; k < 3; ++k) {
        if (!e.items[k]) continue;
        const Value v = eval(*e.items[k]);
        if (v.isNone()) continue;
        if (v.kind != Value::Kind::Int) fail(e.line, "slice bounds must be integers");
        bounds[k] = v.integer;
        given[k] = true;
    }
    const std::int64_t step = bounds[2];
    if (step == 0) fail(e.line, "slice step cannot be zero");
    const auto n = static_cast<std::int64_t>(object.isList() ? object.list->size() : object.text.size());
    if (!object.isList() && !object.isString()) fail(e.line, std::string("cannot slice a ") + object.typeName());
    // Python's slice.indices()
    const auto clamp = [&](std::int64_t v, bool isGiven, std::int64_t fallback) {
        if (!isGiven) return fallback;
        if (v < 0) v += n;
        if (step > 0) return std::min(std::max(v, std::int64_t{0}), n);
        return std::min(std::max(v, std::int64_t{-1}), n - 1);
    };
    const std::int64_t start = clamp(bounds[0], given[0], step > 0 ? 0 : n - 1);
    const std::int64_t stop = clamp(bounds[1], given[1], step > 0 ? n : -1);
    ValueList items;
    std::string text;
    for (std::int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
        if (object.isList()) items.push_back((*object.list)[static_cast<std::size_t>(i)]);
        else text += object.text[static_cast<std::size_t>(i)];
    }
    return object.isList() ? Value::of(std::move(items)) : Value::of(std::move(text));
}

Value Interpreter::evalBinary(const Expr& e) {
    const std::string& op = e.name;
    if (op == "and") {
        Value a = eval(*e.a);
        return a.truthy() ? eval(*e.b) : a;
    }
    if (op == "or") {
        Value a = eval(*e.a);
        return a.truthy() ? a : eval(*e.b);
    }
    const Value a = eval(*e.a), b = eval(*e.b);
    if (op == "==") return Value::of(equal(a, b));
    if (op == "!=") return Value::of(!equal(a, b));
    if (op == "in") return Value::of(contains(b, a, e.line));
    if (op == "not in") return Value::of(!contains(b, a, e.line));
    if (op == "<" || op == ">" || op == "<=" || op == ">=") {
        int c = 0;
        try {
            c = compare(a, b);
        } catch (const std::invalid_argument& ex) {
            fail(e.line, ex.what());
        }
        return Value::of(op == "<" ? c < 0 : op == ">" ? c > 0 : op == "<=" ? c <= 0 : c >= 0);
    }
    if (op == "~") {
        checkSize(a.str().size() + b.str().size(), e.line);
        return Value::of(a.str() + b.str());
    }
    return evalArithmetic(op, a, b, e.line);
}

Value Interpreter::evalArithmetic(const std::string& op, const Value& a, const Value& b, int line) {
    if (op == "+" && a.isString() && b.isString()) {
        checkSize(a.text.size() + b.text.size(), line);
        return Value::of(a.text + b.text);
    }
    if (op == "+" && a.isList() && b.isList()) {
        ValueList items = *a.list;
        items.insert(items.end(), b.list->begin(), b.list->end());
        return Value::of(std::move(items));
    }
    if (op == "*" && ((a.isString() && b.kind == Value::Kind::Int) || (b.isString() && a.kind == Value::Kind::Int))) {
        const Value& s = a.isString() ? a : b;
        const std::int64_t times = std::max<std::int64_t>(0, a.isString() ? b.integer : a.integer);
        checkSize(s.text.size() * static_cast<std::size_t>(std::min<std::int64_t>(times, 1LL << 40)), line);
        std::string out;
        for (std::int64_t i = 0; i < times; ++i) out += s.text;
        return Value::of(std::move(out));
    }
    const bool numeric = (a.isNumber() || a.kind == Value::Kind::Bool) && (b.isNumber() || b.kind == Value::Kind::Bool);
    if (!numeric) fail(line, "cannot apply " + op + " to a " + a.typeName() + " and a " + b.typeName());
    const bool ints = a.kind != Value::Kind::Float && b.kind != Value::Kind::Float;
    const double x = a.number(), y = b.number();
    const auto xi = static_cast<std::int64_t>(x), yi = static_cast<std::int64_t>(y);
    if (op == "+") return ints ? Value::of(xi + yi) : Value::of(x + y);
    if (op == "-") return ints ? Value::of(xi - yi) : Value::of(x - y);
    if (op == "*") return ints ? Value::of(xi * yi) : Value::of(x * y);
    if (op == "/") {
        if (y == 0) fail(line, "division by zero");
        return Value::of(x / y);
    }
    if (op == "//" || op == "%") {
        if (y == 0) fail(line, "division by zero");
        if (ints) {
            std::int64_t q = xi / yi, r = xi % yi;
            if (r != 0 && ((r < 0) != (yi < 0))) { --q; r += yi; }  // Python floors
            return Value::of(op == "//" ? q : r);
        }
        const double q = std::floor(x / y);
        return op == "//" ? Value::of(q) : Value::of(x - q * y);
    }
    if (op == "**") {
        if (ints && yi >= 0 && yi < 63) {
            const double p = std::pow(x, y);
            if (std::fabs(p) < 9.2e18) return Value::of(static_cast<std::int64_t>(p));
        }
        return Value::of(std::pow(x, y));
    }
    fail(line, "unknown operator " + op);
}

}  // namespace persona::chat
