// The filters, tests, methods and global functions chat templates use, with Python's and Jinja's
// meaning. Nothing here reaches a file, the clock or the environment.
#include "chat/jinja_interpreter.h"

#include <algorithm>
#include <cctype>

namespace persona::chat {

namespace {

// Python's str.isspace() for the characters that occur in chat text.
std::size_t spaceAt(const std::string& s, std::size_t i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F)) return 1;
    static const char* const wide[] = {"\xC2\x85", "\xC2\xA0", "\xE1\x9A\x80", "\xE2\x80\xA8", "\xE2\x80\xA9",
                                       "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80"};
    for (const char* w : wide)
        if (s.compare(i, std::char_traits<char>::length(w), w) == 0) return std::char_traits<char>::length(w);
    if (s.compare(i, 2, "\xE2\x80") == 0 && i + 2 < s.size() &&
        static_cast<unsigned char>(s[i + 2]) >= 0x80 && static_cast<unsigned char>(s[i + 2]) <= 0x8A)
        return 3;  // U+2000..U+200A
    return 0;
}

std::string strip(const std::string& s, const Value& chars, bool left, bool right) {
    std::size_t b = 0, e = s.size();
    if (chars.isString()) {
        if (left) while (b < e && chars.text.find(s[b]) != std::string::npos) ++b;
        if (right) while (e > b && chars.text.find(s[e - 1]) != std::string::npos) --e;
        return s.substr(b, e - b);
    }
    if (left)
        while (b < e) {
            const std::size_t n = spaceAt(s, b);
            if (!n) break;
            b += n;
        }
    if (right)
        while (e > b) {
            std::size_t start = e - 1;
            while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
            if (spaceAt(s, start) != e - start) break;
            e = start;
        }
    return s.substr(b, e - b);
}

// Cyrillic and Latin-1 letters change case too: Russian is first-class here.
std::string changeCase(const std::string& s, bool upper) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out += static_cast<char>(upper ? std::toupper(c) : std::tolower(c));
            continue;
        }
        if (i + 1 < s.size() && (c == 0xD0 || c == 0xD1)) {
            unsigned cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
            if (upper) {
                if (cp >= 0x430 && cp <= 0x44F) cp -= 0x20;
                else if (cp >= 0x450 && cp <= 0x45F) cp -= 0x50;
            } else {
                if (cp >= 0x410 && cp <= 0x42F) cp += 0x20;
                else if (cp >= 0x400 && cp <= 0x40F) cp += 0x50;
            }
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
            ++i;
            continue;
        }
        out += static_cast<char>(c);
    }
    return out;
}

std::string replaceAll(const std::string& s, const std::string& from, const std::string& to, std::int64_t count,
                       Interpreter& in, int line) {
    if (from.empty()) return s;
    std::string out;
    std::size_t pos = 0, n = 0;
    for (std::size_t at; (count < 0 || static_cast<std::int64_t>(n) < count) && (at = s.find(from, pos)) != std::string::npos; ++n) {
        out.append(s, pos, at - pos);
        out += to;
        in.checkSize(out.size(), line);
        pos = at + from.size();
    }
    out.append(s, pos, std::string::npos);
    return out;
}

ValueList split(const std::string& s, const Value& sep, std::int64_t maxSplit) {
    ValueList parts;
    if (sep.isString() && !sep.text.empty()) {
        std::size_t pos = 0;
        for (std::size_t at; (maxSplit < 0 || static_cast<std::int64_t>(parts.size()) < maxSplit) &&
                             (at = s.find(sep.text, pos)) != std::string::npos;) {
            parts.push_back(Value::of(s.substr(pos, at - pos)));
            pos = at + sep.text.size();
        }
        parts.push_back(Value::of(s.substr(pos)));
        return parts;
    }
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && spaceAt(s, i)) i += spaceAt(s, i);
        if (i >= s.size()) break;
        if (maxSplit >= 0 && static_cast<std::int64_t>(parts.size()) >= maxSplit) {
            parts.push_back(Value::of(strip(s.substr(i), Value(), false, true)));
            break;
        }
        std::size_t j = i;
        while (j < s.size() && !spaceAt(s, j)) ++j;
        parts.push_back(Value::of(s.substr(i, j - i)));
        i = j;
    }
    return parts;
}

ValueList asList(const Value& v, Interpreter& in, int line) { return sequenceItems(in, v, line); }

Value itemsOf(const Value& v, Interpreter& in, int line) {
    if (v.isUndefined()) return Value::of(ValueList());
    if (!v.isDict()) in.fail(line, std::string("items() needs a dict, found a ") + v.typeName());
    ValueList pairs;
    for (const auto& [k, val] : v.dict->items) pairs.push_back(Value::of(ValueList{Value::of(k), val}));
    return Value::of(std::move(pairs));
}

// The attribute "a.b" of an item (dicts by key), as selectattr and map(attribute=) read it.
Value attributeOf(const Value& item, const std::string& path) {
    Value current = item;
    std::size_t pos = 0;
    while (pos <= path.size()) {
        const std::size_t dot = path.find('.', pos);
        const std::string key = path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
        if (!current.isDict()) return Value();
        const Value* found = current.dict->find(key);
        if (!found) return Value();
        current = *found;
        if (dot == std::string::npos) break;
        pos = dot + 1;
    }
    return current;
}

// select/reject/selectattr/rejectattr: args from `first` on are (test name, test args...).
Value selectItems(Interpreter& in, const Value& input, CallArgs& args, bool byAttribute, bool keep) {
    std::size_t first = 0;
    std::string attribute;
    if (byAttribute) {
        if (args.positional.empty() || !args.positional[0].isString())
            in.fail(args.line, "selectattr/rejectattr need an attribute name");
        attribute = args.positional[0].text;
        first = 1;
    }
    std::string test;
    CallArgs testArgs;
    testArgs.line = args.line;
    if (args.positional.size() > first) {
        if (!args.positional[first].isString()) in.fail(args.line, "the test must be named by a string");
        test = args.positional[first].text;
        testArgs.positional.assign(args.positional.begin() + static_cast<std::ptrdiff_t>(first) + 1, args.positional.end());
    }
    ValueList out;
    for (const Value& item : asList(input, in, args.line)) {
        in.step(args.line);
        const Value subject = byAttribute ? attributeOf(item, attribute) : item;
        const bool pass = test.empty() ? subject.truthy() : applyTest(in, test, subject, testArgs);
        if (pass == keep) out.push_back(item);
    }
    return Value::of(std::move(out));
}

std::int64_t intArg(Interpreter& in, const Value& v, int line, const char* what) {
    if (v.kind == Value::Kind::Int) return v.integer;
    if (v.kind == Value::Kind::Bool) return v.boolean;
    in.fail(line, std::string(what) + " must be an integer, found a " + v.typeName());
}

Value joinItems(Interpreter& in, const Value& input, const std::string& sep, const Value& attribute, int line) {
    std::string out;
    bool first = true;
    for (const Value& item : asList(input, in, line)) {
        if (!first) out += sep;
        out += attribute.isString() ? attributeOf(item, attribute.text).str() : item.str();
        in.checkSize(out.size(), line);
        first = false;
    }
    return Value::of(std::move(out));
}

std::string titleCase(const std::string& s) {
    std::string out = changeCase(s, false);
    bool start = true;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(out[i]);
        if (std::isalpha(c) && start) out[i] = static_cast<char>(std::toupper(c));
        start = !(std::isalnum(c) || c >= 0x80);
    }
    return out;
}

}  // namespace

ValueList sequenceItems(Interpreter& in, const Value& v, int line) {
    switch (v.kind) {
    case Value::Kind::List: return *v.list;
    case Value::Kind::Dict: {
        ValueList keys;
        for (const auto& kv : v.dict->items) keys.push_back(Value::of(kv.first));
        return keys;
    }
    case Value::Kind::String: {
        ValueList chars;
        for (std::size_t i = 0; i < v.text.size();) {
            std::size_t n = 1;
            while (i + n < v.text.size() && (static_cast<unsigned char>(v.text[i + n]) & 0xC0) == 0x80) ++n;
            chars.push_back(Value::of(v.text.substr(i, n)));
            i += n;
        }
        return chars;
    }
    case Value::Kind::Undefined: return {};
    default: in.fail(line, std::string("cannot loop over a ") + v.typeName());
    }
}

bool contains(const Value& container, const Value& item, int line) {
    (void)line;
    switch (container.kind) {
    case Value::Kind::String: return item.isString() && container.text.find(item.text) != std::string::npos;
    case Value::Kind::List:
        return std::any_of(container.list->begin(), container.list->end(), [&](const Value& v) { return equal(v, item); });
    case Value::Kind::Dict: return container.dict->find(item.str()) != nullptr && (item.isString() || item.isNumber());
    default: return false;
    }
}

Value applyFilter(Interpreter& in, const std::string& name, const Value& input, CallArgs& args) {
    const int line = args.line;
    if (name == "trim" || name == "strip") return Value::of(strip(input.str(), args.get(0, "chars"), true, true));
    if (name == "tojson") {
        const Value indent = args.get(0, "indent");
        std::string out = toJson(input, indent.kind == Value::Kind::Int ? static_cast<int>(indent.integer) : 0);
        in.checkSize(out.size(), line);
        return Value::of(std::move(out));
    }
    if (name == "length" || name == "count") {
        if (input.isString()) {
            std::int64_t n = 0;
            for (unsigned char c : input.text) n += (c & 0xC0) != 0x80;
            return Value::of(n);
        }
        if (input.isDict()) return Value::of(static_cast<std::int64_t>(input.dict->items.size()));
        return Value::of(static_cast<std::int64_t>(asList(input, in, line).size()));
    }
    if (name == "upper") return Value::of(changeCase(input.str(), true));
    if (name == "lower") return Value::of(changeCase(input.str(), false));
    if (name == "capitalize") {
        const std::string s = changeCase(input.str(), false);
        std::size_t first = s.empty() ? 0 : 1;  // the first character, whole
        while (first < s.size() && (static_cast<unsigned char>(s[first]) & 0xC0) == 0x80) ++first;
        return Value::of(changeCase(s.substr(0, first), true) + s.substr(first));
    }
    if (name == "title") return Value::of(titleCase(input.str()));
    if (name == "default" || name == "d") {
        const bool boolean = args.get(1, "boolean").truthy();
        if (input.isUndefined() || (boolean && !input.truthy())) return args.get(0, "default_value", Value::of(std::string()));
        return input;
    }
    if (name == "join") return joinItems(in, input, args.get(0, "d", Value::of(std::string())).str(), args.get(1, "attribute"), line);
    if (name == "first" || name == "last") {
        const ValueList items = asList(input, in, line);
        if (items.empty()) return Value();
        return name == "first" ? items.front() : items.back();
    }
    if (name == "list") return Value::of(asList(input, in, line));
    if (name == "items") return itemsOf(input, in, line);
    if (name == "selectattr" || name == "rejectattr") return selectItems(in, input, args, true, name == "selectattr");
    if (name == "select" || name == "reject") return selectItems(in, input, args, false, name == "select");
    if (name == "map") {
        const Value attribute = args.get(99, "attribute");
        ValueList out;
        for (const Value& item : asList(input, in, line)) {
            if (attribute.isString()) {
                out.push_back(attributeOf(item, attribute.text));
            } else if (!args.positional.empty() && args.positional[0].isString()) {
                CallArgs rest;
                rest.line = line;
                rest.positional.assign(args.positional.begin() + 1, args.positional.end());
                out.push_back(applyFilter(in, args.positional[0].text, item, rest));
            } else {
                in.fail(line, "map needs a filter name or attribute=");
            }
        }
        return Value::of(std::move(out));
    }
    if (name == "string") return Value::of(input.str());
    if (name == "safe" || name == "e" || name == "escape" || name == "forceescape") {
        if (name == "safe") return input;
        std::string out;
        for (char c : input.str()) {
            switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&#34;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
            }
        }
        return Value::of(std::move(out));
    }
    if (name == "int") {
        if (input.isNumber() || input.kind == Value::Kind::Bool) return Value::of(static_cast<std::int64_t>(input.number()));
        try {
            return Value::of(static_cast<std::int64_t>(std::stoll(strip(input.str(), Value(), true, true))));
        } catch (const std::exception&) {
            return args.get(0, "default", Value::of(std::int64_t{0}));
        }
    }
    if (name == "float") {
        if (input.isNumber() || input.kind == Value::Kind::Bool) return Value::of(input.number());
        try {
            return Value::of(std::stod(input.str()));
        } catch (const std::exception&) {
            return args.get(0, "default", Value::of(0.0));
        }
    }
    if (name == "abs") {
        if (input.kind == Value::Kind::Int) return Value::of(input.integer < 0 ? -input.integer : input.integer);
        if (input.isNumber()) return Value::of(std::abs(input.number()));
        in.fail(line, "abs needs a number");
    }
    if (name == "replace") {
        const Value count = args.get(2, "count");
        return Value::of(replaceAll(input.str(), args.get(0, "old").str(), args.get(1, "new").str(),
                                    count.kind == Value::Kind::Int ? count.integer : -1, in, line));
    }
    if (name == "reverse") {
        if (input.isString()) {
            ValueList chars = asList(input, in, line);
            std::string out;
            for (auto it = chars.rbegin(); it != chars.rend(); ++it) out += it->text;
            return Value::of(std::move(out));
        }
        ValueList items = asList(input, in, line);
        std::reverse(items.begin(), items.end());
        return Value::of(std::move(items));
    }
    if (name == "unique") {
        ValueList out;
        for (const Value& item : asList(input, in, line))
            if (std::none_of(out.begin(), out.end(), [&](const Value& o) { return equal(o, item); })) out.push_back(item);
        return Value::of(std::move(out));
    }
    if (name == "indent") {
        const std::int64_t width = args.get(0, "width", Value::of(std::int64_t{4})).integer;
        const bool firstLine = args.get(1, "first").truthy();
        const std::string pad(static_cast<std::size_t>(std::clamp<std::int64_t>(width, 0, 1000)), ' ');
        std::string out = firstLine ? pad : "";
        for (char c : input.str()) {
            out += c;
            if (c == '\n') out += pad;
        }
        in.checkSize(out.size(), line);
        return Value::of(std::move(out));
    }
    in.fail(line, "unknown filter '" + name + "'");
}

bool applyTest(Interpreter& in, const std::string& name, const Value& v, CallArgs& args) {
    const int line = args.line;
    using K = Value::Kind;
    if (name == "defined") return !v.isUndefined();
    if (name == "undefined") return v.isUndefined();
    if (name == "none") return v.isNone();
    if (name == "string") return v.isString();
    if (name == "number") return v.isNumber();
    if (name == "integer") return v.kind == K::Int;
    if (name == "float") return v.kind == K::Float;
    if (name == "boolean") return v.kind == K::Bool;
    if (name == "true") return v.kind == K::Bool && v.boolean;
    if (name == "false") return v.kind == K::Bool && !v.boolean;
    if (name == "mapping") return v.isDict();
    if (name == "iterable") return v.isList() || v.isDict() || v.isString();
    if (name == "sequence") return v.isList() || v.isDict() || v.isString();
    if (name == "callable") return v.kind == K::Function;
    if (name == "lower") return v.isString() && changeCase(v.text, false) == v.text;
    if (name == "upper") return v.isString() && changeCase(v.text, true) == v.text;
    if (name == "even" || name == "odd") return intArg(in, v, line, "the value") % 2 == (name == "odd" ? 1 : 0);
    if (name == "divisibleby") {
        const std::int64_t d = intArg(in, args.get(0, "num"), line, "divisibleby's argument");
        if (d == 0) in.fail(line, "division by zero");
        return intArg(in, v, line, "the value") % d == 0;
    }
    const Value other = args.get(0, "other");
    if (name == "equalto" || name == "eq" || name == "==" || name == "sameas") return equal(v, other);
    if (name == "ne" || name == "!=") return !equal(v, other);
    if (name == "in") return contains(other, v, line);
    if (name == "lt" || name == "gt" || name == "le" || name == "ge" || name == "lessthan" || name == "greaterthan") {
        int c = 0;
        try {
            c = compare(v, other);
        } catch (const std::invalid_argument& e) {
            in.fail(line, e.what());
        }
        if (name == "lt" || name == "lessthan") return c < 0;
        if (name == "gt" || name == "greaterthan") return c > 0;
        return name == "le" ? c <= 0 : c >= 0;
    }
    in.fail(line, "unknown test '" + name + "'");
}

namespace {

bool stringMethod(Interpreter& in, const std::string& s, const std::string& name, CallArgs& args, Value& result) {
    const int line = args.line;
    if (name == "startswith" || name == "endswith") {
        const Value arg = args.get(0, "prefix");
        ValueList options = arg.isList() ? *arg.list : ValueList{arg};
        bool hit = false;
        for (const Value& o : options) {
            const std::string& p = o.text;
            hit = hit || (name == "startswith" ? s.compare(0, p.size(), p) == 0
                                               : s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0);
        }
        result = Value::of(hit);
    } else if (name == "strip" || name == "lstrip" || name == "rstrip") {
        result = Value::of(strip(s, args.get(0, "chars"), name != "rstrip", name != "lstrip"));
    } else if (name == "split") {
        const Value maxSplit = args.get(1, "maxsplit");
        result = Value::of(split(s, args.get(0, "sep"), maxSplit.kind == Value::Kind::Int ? maxSplit.integer : -1));
    } else if (name == "replace") {
        const Value count = args.get(2, "count");
        result = Value::of(replaceAll(s, args.get(0, "old").str(), args.get(1, "new").str(),
                                      count.kind == Value::Kind::Int ? count.integer : -1, in, line));
    } else if (name == "upper" || name == "lower") {
        result = Value::of(changeCase(s, name == "upper"));
    } else if (name == "title") {
        result = Value::of(titleCase(s));
    } else if (name == "capitalize") {
        CallArgs none;
        none.line = line;
        result = applyFilter(in, "capitalize", Value::of(s), none);
    } else if (name == "find") {
        const std::size_t at = s.find(args.get(0, "sub").str());
        result = Value::of(at == std::string::npos ? std::int64_t{-1} : static_cast<std::int64_t>(at));
    } else if (name == "count") {
        const std::string sub = args.get(0, "sub").str();
        std::int64_t n = 0;
        if (!sub.empty())
            for (std::size_t at = s.find(sub); at != std::string::npos; at = s.find(sub, at + sub.size())) ++n;
        result = Value::of(n);
    } else if (name == "join") {
        result = joinItems(in, args.get(0, "iterable"), s, Value(), line);
    } else if (name == "isdigit" || name == "isalpha" || name == "isspace") {
        bool all = !s.empty();
        for (unsigned char c : s)
            all = all && (name == "isdigit" ? std::isdigit(c) : name == "isalpha" ? std::isalpha(c) : std::isspace(c));
        result = Value::of(all);
    } else {
        return false;
    }
    return true;
}

}  // namespace

bool callMethod(Interpreter& in, const Value& object, const std::string& name, CallArgs& args, Value& result) {
    if (object.isString()) return stringMethod(in, object.text, name, args, result);
    if (object.isDict() && !object.isNamespace) {
        if (name == "items") {
            result = itemsOf(object, in, args.line);
        } else if (name == "keys" || name == "values") {
            ValueList out;
            for (const auto& [k, v] : object.dict->items) out.push_back(name == "keys" ? Value::of(k) : v);
            result = Value::of(std::move(out));
        } else if (name == "get") {
            const Value* found = object.dict->find(args.get(0, "key").str());
            result = found ? *found : args.get(1, "default", Value::none());
        } else {
            return false;
        }
        return true;
    }
    if (object.isList() && name == "append") {
        checkLevel(args.get(0, "item").depth + 1);
        in.checkSize(object.list->size() + 1, args.line);
        object.list->push_back(args.get(0, "item"));
        result = Value::none();
        return true;
    }
    return false;
}

void addGlobals(ValueDict& globals) {
    globals.set("raise_exception", Value::of(Function([](Interpreter& in, CallArgs& args) -> Value {
                    in.fail(args.line, "the template refused the conversation: " + args.get(0, "message").str());
                })));
    globals.set("range", Value::of(Function([](Interpreter& in, CallArgs& args) -> Value {
                    std::int64_t start = 0, stop = 0, step = 1;
                    const auto n = args.positional.size();
                    if (n == 1) stop = intArg(in, args.positional[0], args.line, "range()'s argument");
                    else if (n == 2 || n == 3) {
                        start = intArg(in, args.positional[0], args.line, "range()'s start");
                        stop = intArg(in, args.positional[1], args.line, "range()'s stop");
                        if (n == 3) step = intArg(in, args.positional[2], args.line, "range()'s step");
                    } else in.fail(args.line, "range() takes 1 to 3 arguments");
                    if (step == 0) in.fail(args.line, "range() step cannot be zero");
                    ValueList out;
                    for (std::int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
                        in.step(args.line);
                        out.push_back(Value::of(i));
                    }
                    return Value::of(std::move(out));
                })));
    globals.set("namespace", Value::of(Function([](Interpreter&, CallArgs& args) -> Value {
                    ValueDict d;
                    for (const auto& [k, v] : args.named) d.set(k, v);
                    Value ns = Value::of(std::move(d));
                    ns.isNamespace = true;
                    return ns;
                })));
}

}  // namespace persona::chat
