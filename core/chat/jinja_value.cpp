#include "chat/jinja_value.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <stdexcept>

namespace persona::chat {

const Value* ValueDict::find(const std::string& key) const {
    for (const auto& [k, v] : items)
        if (k == key) return &v;
    return nullptr;
}

void ValueDict::set(const std::string& key, Value value) {
    for (auto& [k, v] : items)
        if (k == key) {
            v = std::move(value);
            return;
        }
    items.emplace_back(key, std::move(value));
}

Value Value::none() {
    Value v;
    v.kind = Kind::None;
    return v;
}
Value Value::of(bool b) {
    Value v;
    v.kind = Kind::Bool;
    v.boolean = b;
    return v;
}
Value Value::of(std::int64_t i) {
    Value v;
    v.kind = Kind::Int;
    v.integer = i;
    return v;
}
Value Value::of(double d) {
    Value v;
    v.kind = Kind::Float;
    v.real = d;
    return v;
}
Value Value::of(std::string s) {
    Value v;
    v.kind = Kind::String;
    v.text = std::move(s);
    return v;
}
void checkLevel(int level) {
    if (level > kMaxNesting)
        throw std::length_error("lists and dicts nest deeper than " + std::to_string(kMaxNesting) + " levels");
}

Value Value::of(ValueList items) {
    Value v;
    for (const Value& item : items) v.depth = std::max(v.depth, item.depth + 1);
    checkLevel(v.depth);
    v.kind = Kind::List;
    v.list = std::make_shared<ValueList>(std::move(items));
    return v;
}
Value Value::of(ValueDict items) {
    Value v;
    for (const auto& item : items.items) v.depth = std::max(v.depth, item.second.depth + 1);
    checkLevel(v.depth);
    v.kind = Kind::Dict;
    v.dict = std::make_shared<ValueDict>(std::move(items));
    return v;
}
Value Value::of(Function f) {
    Value v;
    v.kind = Kind::Function;
    v.function = std::make_shared<Function>(std::move(f));
    return v;
}

bool Value::truthy() const {
    switch (kind) {
    case Kind::Undefined:
    case Kind::None: return false;
    case Kind::Bool: return boolean;
    case Kind::Int: return integer != 0;
    case Kind::Float: return real != 0.0;
    case Kind::String: return !text.empty();
    case Kind::List: return !list->empty();
    case Kind::Dict: return !dict->items.empty();
    case Kind::Function: return true;
    }
    return false;
}

namespace {

std::string pythonFloat(double d) {
    if (std::isnan(d)) return "nan";
    if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
    char buf[32];
    for (int precision = 1; precision <= 17; ++precision) {  // the shortest that reads back
        std::snprintf(buf, sizeof buf, "%.*g", precision, d);
        if (std::strtod(buf, nullptr) == d) break;
    }
    std::string s(buf);
    if (s.find_first_of(".en") == std::string::npos) s += ".0";
    return s;
}

std::string pythonRepr(const std::string& s) {
    const char quote = s.find('\'') != std::string::npos && s.find('"') == std::string::npos ? '"' : '\'';
    std::string out(1, quote);
    for (char c : s) {
        if (c == quote || c == '\\') out += '\\';
        if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c == '\r') out += "\\r";
        else out += c;
    }
    return out + quote;
}

void jsonString(std::string& out, const std::string& s) {
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
}

}  // namespace

std::string Value::str(int level) const {
    checkLevel(level);
    switch (kind) {
    case Kind::Undefined: return "";
    case Kind::None: return "None";
    case Kind::Bool: return boolean ? "True" : "False";
    case Kind::Int: return std::to_string(integer);
    case Kind::Float: return pythonFloat(real);
    case Kind::String: return text;
    case Kind::List: {
        std::string out = "[";
        for (std::size_t i = 0; i < list->size(); ++i) out += (i ? ", " : "") + (*list)[i].repr(level + 1);
        return out + "]";
    }
    case Kind::Dict: {
        std::string out = "{";
        bool first = true;
        for (const auto& [k, v] : dict->items) {
            out += (first ? "" : ", ") + pythonRepr(k) + ": " + v.repr(level + 1);
            first = false;
        }
        return out + "}";
    }
    case Kind::Function: return "<function>";
    }
    return "";
}

std::string Value::repr(int level) const { return kind == Kind::String ? pythonRepr(text) : str(level); }

const char* Value::typeName() const {
    switch (kind) {
    case Kind::Undefined: return "undefined";
    case Kind::None: return "none";
    case Kind::Bool: return "boolean";
    case Kind::Int: return "integer";
    case Kind::Float: return "float";
    case Kind::String: return "string";
    case Kind::List: return "list";
    case Kind::Dict: return isNamespace ? "namespace" : "dict";
    case Kind::Function: return "function";
    }
    return "value";
}

Value CallArgs::get(std::size_t index, const char* name, Value fallback) const {
    if (index < positional.size()) return positional[index];
    for (const auto& [k, v] : named)
        if (k == name) return v;
    return fallback;
}

bool equal(const Value& a, const Value& b, int level) {
    checkLevel(level);
    using K = Value::Kind;
    if ((a.isNumber() || a.kind == K::Bool) && (b.isNumber() || b.kind == K::Bool))
        return a.number() == b.number();
    if (a.kind != b.kind) return false;
    switch (a.kind) {
    case K::Undefined:
    case K::None: return true;
    case K::String: return a.text == b.text;
    case K::List:
        if (a.list->size() != b.list->size()) return false;
        for (std::size_t i = 0; i < a.list->size(); ++i)
            if (!equal((*a.list)[i], (*b.list)[i], level + 1)) return false;
        return true;
    case K::Dict:
        if (a.dict->items.size() != b.dict->items.size()) return false;
        for (const auto& [k, v] : a.dict->items) {
            const Value* other = b.dict->find(k);
            if (!other || !equal(v, *other, level + 1)) return false;
        }
        return true;
    case K::Function: return a.function == b.function;
    default: return false;
    }
}

int compare(const Value& a, const Value& b) {
    if ((a.isNumber() || a.kind == Value::Kind::Bool) && (b.isNumber() || b.kind == Value::Kind::Bool)) {
        const double x = a.number(), y = b.number();
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a.isString() && b.isString()) return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
    throw std::invalid_argument(std::string("cannot order a ") + a.typeName() + " and a " + b.typeName());
}

Value fromJson(const nlohmann::ordered_json& j) {
    switch (j.type()) {
    case nlohmann::ordered_json::value_t::null: return Value::none();
    case nlohmann::ordered_json::value_t::boolean: return Value::of(j.get<bool>());
    case nlohmann::ordered_json::value_t::number_integer:
    case nlohmann::ordered_json::value_t::number_unsigned: return Value::of(j.get<std::int64_t>());
    case nlohmann::ordered_json::value_t::number_float: return Value::of(j.get<double>());
    case nlohmann::ordered_json::value_t::string: return Value::of(j.get<std::string>());
    case nlohmann::ordered_json::value_t::array: {
        ValueList items;
        for (const auto& item : j) items.push_back(fromJson(item));
        return Value::of(std::move(items));
    }
    case nlohmann::ordered_json::value_t::object: {
        ValueDict d;
        for (const auto& [k, v] : j.items()) d.items.emplace_back(k, fromJson(v));
        return Value::of(std::move(d));
    }
    default: return Value();
    }
}

std::string toJson(const Value& v, int indent, int depth) {
    checkLevel(depth);
    const std::string itemSep = indent > 0 ? "," : ", ";
    const std::string pad = indent > 0 ? "\n" + std::string(static_cast<std::size_t>(indent * depth), ' ') : "";
    const std::string childPad = indent > 0 ? pad + std::string(static_cast<std::size_t>(indent), ' ') : "";
    std::string out;
    switch (v.kind) {
    case Value::Kind::Undefined:
    case Value::Kind::None:
    case Value::Kind::Function: return "null";
    case Value::Kind::Bool: return v.boolean ? "true" : "false";
    case Value::Kind::Int: return std::to_string(v.integer);
    case Value::Kind::Float: return nlohmann::json(v.real).dump();
    case Value::Kind::String: jsonString(out, v.text); return out;
    case Value::Kind::List:
        if (v.list->empty()) return "[]";
        out = "[";
        for (std::size_t i = 0; i < v.list->size(); ++i)
            out += (i ? itemSep : "") + childPad + toJson((*v.list)[i], indent, depth + 1);
        return out + pad + "]";
    case Value::Kind::Dict:
        if (v.dict->items.empty()) return "{}";
        out = "{";
        for (std::size_t i = 0; i < v.dict->items.size(); ++i) {
            out += (i ? itemSep : "") + childPad;
            jsonString(out, v.dict->items[i].first);
            out += ": " + toJson(v.dict->items[i].second, indent, depth + 1);
        }
        return out + pad + "}";
    }
    return "null";
}

}  // namespace persona::chat
