// A recursive-descent parser with Jinja's precedence:
//   ternary < or < and < not < comparisons/in/is < + - < ~ < * / // % < ** < unary < postfix|filter
#include "chat/jinja_ast.h"
#include "chat/jinja_lexer.h"
#include "persona/chat/chat_template.h"

namespace persona::chat {

namespace {

// Expressions and blocks nested deeper than this are refused (the parser recurses once a level).
constexpr int kMaxParseDepth = 200;

class Parser {
public:
    explicit Parser(std::vector<Token> tokens) : m_tokens(std::move(tokens)) {}

    Body parseAll() {
        Body body = parseBody({});
        if (peek().kind != Token::Kind::End) fail("unexpected {% " + m_endTag + " %}");
        return body;
    }

private:
    struct DepthGuard {
        Parser& p;
        explicit DepthGuard(Parser& parser) : p(parser) {
            if (++p.m_depth > kMaxParseDepth)
                throw ChatTemplateError(p.peek().line, "the template nests deeper than " + std::to_string(kMaxParseDepth) + " levels");
        }
        ~DepthGuard() { --p.m_depth; }
    };

    const Token& peek(std::size_t ahead = 0) const {
        const std::size_t i = std::min(m_pos + ahead, m_tokens.size() - 1);
        return m_tokens[i];
    }
    const Token& next() {
        const Token& t = peek();
        if (m_pos < m_tokens.size() - 1) ++m_pos;
        return t;
    }
    bool isOp(const char* op, std::size_t ahead = 0) const {
        return peek(ahead).kind == Token::Kind::Op && peek(ahead).text == op;
    }
    bool isName(const char* name, std::size_t ahead = 0) const {
        return peek(ahead).kind == Token::Kind::Name && peek(ahead).text == name;
    }
    [[noreturn]] void fail(const std::string& what) const { throw ChatTemplateError(peek().line, what); }
    void expectOp(const char* op) {
        if (!isOp(op)) fail(std::string("expected '") + op + "', found " + describe(peek()));
        next();
    }
    std::string expectName() {
        if (peek().kind != Token::Kind::Name) fail("expected a name, found " + describe(peek()));
        return next().text;
    }
    void expectBlockClose() {
        if (peek().kind != Token::Kind::BlockClose) fail("expected %}, found " + describe(peek()));
        next();
    }
    static std::string describe(const Token& t) {
        switch (t.kind) {
        case Token::Kind::End: return "the end of the template";
        case Token::Kind::BlockClose: return "%}";
        case Token::Kind::OutputClose: return "}}";
        case Token::Kind::String: return "a string";
        default: return "'" + t.text + "'";
        }
    }

    // Statements up to one of the end tags (left unconsumed after "{%"; its name in m_endTag).
    Body parseBody(const std::vector<std::string>& ends) {
        DepthGuard guard(*this);
        Body body;
        for (;;) {
            const Token& t = peek();
            if (t.kind == Token::Kind::End) {
                if (!ends.empty()) fail("the template ends before {% " + ends.front() + " %}");
                return body;
            }
            if (t.kind == Token::Kind::Text) {
                auto s = std::make_unique<Stmt>(Stmt::Kind::Text, t.line);
                s->text = next().text;
                body.push_back(std::move(s));
            } else if (t.kind == Token::Kind::OutputOpen) {
                auto s = std::make_unique<Stmt>(Stmt::Kind::Output, next().line);
                s->expr = parseExpr();
                if (peek().kind != Token::Kind::OutputClose) fail("expected }}, found " + describe(peek()));
                next();
                body.push_back(std::move(s));
            } else if (t.kind == Token::Kind::BlockOpen) {
                const std::string keyword = peek(1).kind == Token::Kind::Name ? peek(1).text : "";
                for (const std::string& end : ends)
                    if (keyword == end) {
                        next();
                        m_endTag = keyword;
                        return body;
                    }
                next();
                body.push_back(parseStatement());
            } else {
                fail("unexpected " + describe(t));
            }
        }
    }

    StmtPtr parseStatement() {
        const int line = peek().line;
        const std::string keyword = expectName();
        if (keyword == "if") return parseIf(line);
        if (keyword == "for") return parseFor(line);
        if (keyword == "set") return parseSet(line);
        if (keyword == "macro") return parseMacro(line);
        if (keyword == "break" || keyword == "continue") {
            expectBlockClose();
            return std::make_unique<Stmt>(keyword == "break" ? Stmt::Kind::Break : Stmt::Kind::Continue, line);
        }
        throw ChatTemplateError(line, "unknown tag {% " + keyword + " %}");
    }

    void expectEnd(const char* name) {
        next();  // the end tag's name
        expectBlockClose();
        (void)name;
    }

    StmtPtr parseIf(int line) {
        auto s = std::make_unique<Stmt>(Stmt::Kind::If, line);
        ExprPtr cond = parseExpr();
        expectBlockClose();
        for (;;) {
            Body body = parseBody({"elif", "else", "endif"});
            s->branches.emplace_back(std::move(cond), std::move(body));
            const std::string tag = m_endTag;
            next();
            if (tag == "elif") {
                cond = parseExpr();
                expectBlockClose();
                continue;
            }
            expectBlockClose();
            if (tag == "else") {
                s->elseBody = parseBody({"endif"});
                expectEnd("endif");
            }
            return s;
        }
    }

    StmtPtr parseFor(int line) {
        auto s = std::make_unique<Stmt>(Stmt::Kind::For, line);
        s->targets.push_back(expectName());
        while (isOp(",")) {
            next();
            s->targets.push_back(expectName());
        }
        if (!isName("in")) fail("expected 'in' in a for tag");
        next();
        s->expr = parseTernary(false);
        if (isName("if")) {
            next();
            s->cond = parseTernary(true);
        }
        if (isName("recursive")) fail("recursive for loops are not supported");
        expectBlockClose();
        s->body = parseBody({"else", "endfor"});
        if (m_endTag == "else") {
            expectEnd("else");
            s->elseBody = parseBody({"endfor"});
        }
        expectEnd("endfor");
        return s;
    }

    StmtPtr parseSet(int line) {
        auto s = std::make_unique<Stmt>(Stmt::Kind::Set, line);
        s->targets.push_back(expectName());
        if (isOp(".")) {
            next();
            s->targets.push_back(expectName());
            s->attribute = true;
        } else {
            while (isOp(",")) {
                next();
                s->targets.push_back(expectName());
            }
        }
        if (peek().kind == Token::Kind::BlockClose && !s->attribute && s->targets.size() == 1) {
            next();
            s->kind = Stmt::Kind::SetBlock;
            s->body = parseBody({"endset"});
            expectEnd("endset");
            return s;
        }
        expectOp("=");
        s->expr = parseTupleOrExpr();
        expectBlockClose();
        return s;
    }

    StmtPtr parseMacro(int line) {
        auto s = std::make_unique<Stmt>(Stmt::Kind::Macro, line);
        s->text = expectName();
        expectOp("(");
        while (!isOp(")")) {
            std::string param = expectName();
            ExprPtr fallback;
            if (isOp("=")) {
                next();
                fallback = parseExpr();
            }
            s->params.emplace_back(std::move(param), std::move(fallback));
            if (!isOp(",")) break;
            next();
        }
        expectOp(")");
        expectBlockClose();
        s->body = parseBody({"endmacro"});
        expectEnd("endmacro");
        return s;
    }

    // ---- expressions --------------------------------------------------------------------------

    ExprPtr make(Expr::Kind kind, int line) { return std::make_unique<Expr>(kind, line); }

    ExprPtr parseTupleOrExpr() {
        const int line = peek().line;
        ExprPtr first = parseExpr();
        if (!isOp(",")) return first;
        auto tuple = make(Expr::Kind::Tuple, line);
        tuple->items.push_back(std::move(first));
        while (isOp(",")) {
            next();
            tuple->items.push_back(parseExpr());
        }
        return tuple;
    }

    ExprPtr parseExpr() { return parseTernary(true); }

    ExprPtr parseTernary(bool allowCondition) {
        DepthGuard guard(*this);
        ExprPtr value = parseOr();
        if (!allowCondition || !isName("if")) return value;
        const int line = next().line;
        auto t = make(Expr::Kind::Ternary, line);
        t->a = std::move(value);
        t->b = parseOr();
        if (isName("else")) {
            next();
            t->c = parseTernary(true);
        }
        return t;
    }

    ExprPtr binary(const std::string& op, ExprPtr left, ExprPtr right, int line) {
        auto e = make(Expr::Kind::Binary, line);
        e->name = op;
        e->a = std::move(left);
        e->b = std::move(right);
        return e;
    }

    ExprPtr parseOr() {
        ExprPtr left = parseAnd();
        while (isName("or")) {
            const int line = next().line;
            left = binary("or", std::move(left), parseAnd(), line);
        }
        return left;
    }
    ExprPtr parseAnd() {
        ExprPtr left = parseNot();
        while (isName("and")) {
            const int line = next().line;
            left = binary("and", std::move(left), parseNot(), line);
        }
        return left;
    }
    ExprPtr parseNot() {
        if (!isName("not")) return parseCompare();
        DepthGuard guard(*this);
        auto e = make(Expr::Kind::Unary, next().line);
        e->name = "not";
        e->a = parseNot();
        return e;
    }
    ExprPtr parseCompare() {
        ExprPtr left = parseMath1();
        for (;;) {
            const int line = peek().line;
            std::string op;
            if (peek().kind == Token::Kind::Op &&
                (peek().text == "==" || peek().text == "!=" || peek().text == "<" || peek().text == ">" ||
                 peek().text == "<=" || peek().text == ">=")) {
                op = next().text;
            } else if (isName("in")) {
                next();
                op = "in";
            } else if (isName("not") && isName("in", 1)) {
                next();
                next();
                op = "not in";
            } else {
                return left;
            }
            left = binary(op, std::move(left), parseMath1(), line);
        }
    }
    ExprPtr parseMath1() {
        ExprPtr left = parseConcat();
        while (isOp("+") || isOp("-")) {
            const Token& t = next();
            left = binary(t.text, std::move(left), parseConcat(), t.line);
        }
        return left;
    }
    ExprPtr parseConcat() {
        ExprPtr left = parseMath2();
        while (isOp("~")) {
            const int line = next().line;
            left = binary("~", std::move(left), parseMath2(), line);
        }
        return left;
    }
    ExprPtr parseMath2() {
        ExprPtr left = parsePow();
        while (isOp("*") || isOp("/") || isOp("//") || isOp("%")) {
            const Token& t = next();
            left = binary(t.text, std::move(left), parsePow(), t.line);
        }
        return left;
    }
    ExprPtr parsePow() {
        ExprPtr left = parseUnary();
        while (isOp("**")) {
            const int line = next().line;
            left = binary("**", std::move(left), parseUnary(), line);
        }
        return left;
    }
    ExprPtr parseUnary() {
        if (isOp("-") || isOp("+")) {
            DepthGuard guard(*this);
            const Token& t = next();
            auto e = make(Expr::Kind::Unary, t.line);
            e->name = t.text;
            e->a = parseUnary();
            return parseFilters(std::move(e));
        }
        return parseFilters(parsePostfix(parsePrimary()));
    }

    void parseArgs(Expr& call) {
        expectOp("(");
        while (!isOp(")")) {
            if (peek().kind == Token::Kind::Name && isOp("=", 1)) {
                std::string key = next().text;
                next();
                call.named.emplace_back(std::move(key), parseExpr());
            } else {
                call.items.push_back(parseExpr());
            }
            if (!isOp(",")) break;
            next();
        }
        expectOp(")");
    }

    ExprPtr parseFilters(ExprPtr value) {
        for (;;) {
            if (isOp("|")) {
                const int line = next().line;
                auto f = make(Expr::Kind::Filter, line);
                f->name = expectName();
                f->a = std::move(value);
                if (isOp("(")) parseArgs(*f);
                value = parsePostfix(std::move(f));
            } else if (isName("is")) {
                const int line = next().line;
                auto t = make(Expr::Kind::Test, line);
                if (isName("not")) {
                    next();
                    t->negated = true;
                }
                t->name = expectName();
                t->a = std::move(value);
                if (isOp("(")) {
                    parseArgs(*t);
                } else if (peek().kind == Token::Kind::String || peek().kind == Token::Kind::Int ||
                           peek().kind == Token::Kind::Float || (peek().kind == Token::Kind::Name &&
                           !isName("and") && !isName("or") && !isName("else") && !isName("if") && !isName("in") && !isName("not") && !isName("is"))) {
                    t->items.push_back(parsePostfix(parsePrimary()));  // "is divisibleby 3", "is equalto x"
                }
                value = std::move(t);
            } else {
                return value;
            }
        }
    }

    ExprPtr parsePostfix(ExprPtr value) {
        for (;;) {
            const int line = peek().line;
            if (isOp(".")) {
                next();
                auto e = make(Expr::Kind::Attr, line);
                if (peek().kind == Token::Kind::Int) e->name = next().text;
                else e->name = expectName();
                e->a = std::move(value);
                value = std::move(e);
            } else if (isOp("[")) {
                next();
                value = parseSubscript(std::move(value), line);
            } else if (isOp("(")) {
                auto e = make(Expr::Kind::Call, line);
                e->a = std::move(value);
                parseArgs(*e);
                value = std::move(e);
            } else {
                return value;
            }
        }
    }

    ExprPtr parseSubscript(ExprPtr value, int line) {
        DepthGuard guard(*this);
        ExprPtr parts[3];
        int part = 0;
        bool slice = false;
        while (!isOp("]")) {
            if (isOp(":")) {
                next();
                slice = true;
                if (++part > 2) fail("a slice has at most two ':'");
                continue;
            }
            if (parts[part]) fail("expected ':' or ']' in a subscript");
            parts[part] = parseExpr();
        }
        expectOp("]");
        if (!slice) {
            if (!parts[0]) fail("an empty subscript []");
            auto e = make(Expr::Kind::Index, line);
            e->a = std::move(value);
            e->b = std::move(parts[0]);
            return e;
        }
        auto e = make(Expr::Kind::Slice, line);
        e->a = std::move(value);
        for (auto& p : parts) e->items.push_back(std::move(p));
        return e;
    }

    ExprPtr parsePrimary() {
        DepthGuard guard(*this);
        const Token& t = peek();
        auto literal = [&](Value v) {
            auto e = make(Expr::Kind::Literal, t.line);
            e->literal = std::move(v);
            next();
            return e;
        };
        switch (t.kind) {
        case Token::Kind::String: {
            std::string s = t.text;
            auto e = literal(Value());
            while (peek().kind == Token::Kind::String) s += next().text;  // "a" "b" is "ab"
            e->literal = Value::of(std::move(s));
            return e;
        }
        case Token::Kind::Int:
            try {
                return literal(Value::of(static_cast<std::int64_t>(std::stoll(t.text))));
            } catch (const std::exception&) {
                fail("the number " + t.text + " is too large");
            }
        case Token::Kind::Float: return literal(Value::of(std::stod(t.text)));
        case Token::Kind::Name: {
            if (t.text == "true" || t.text == "True") return literal(Value::of(true));
            if (t.text == "false" || t.text == "False") return literal(Value::of(false));
            if (t.text == "none" || t.text == "None") return literal(Value::none());
            auto e = make(Expr::Kind::Name, t.line);
            e->name = next().text;
            return e;
        }
        case Token::Kind::Op:
            if (t.text == "(") return parseParen();
            if (t.text == "[") return parseSequence(Expr::Kind::List, "]");
            if (t.text == "{") return parseDict();
            break;
        default: break;
        }
        fail("unexpected " + describe(t));
    }

    ExprPtr parseParen() {
        const int line = next().line;
        if (isOp(")")) {
            next();
            return make(Expr::Kind::Tuple, line);
        }
        ExprPtr first = parseExpr();
        if (isOp(")")) {
            next();
            return first;
        }
        auto tuple = make(Expr::Kind::Tuple, line);
        tuple->items.push_back(std::move(first));
        while (isOp(",")) {
            next();
            if (isOp(")")) break;
            tuple->items.push_back(parseExpr());
        }
        expectOp(")");
        return tuple;
    }

    ExprPtr parseSequence(Expr::Kind kind, const char* close) {
        auto e = make(kind, next().line);
        while (!isOp(close)) {
            e->items.push_back(parseExpr());
            if (!isOp(",")) break;
            next();
        }
        expectOp(close);
        return e;
    }

    ExprPtr parseDict() {
        auto e = make(Expr::Kind::Dict, next().line);
        while (!isOp("}")) {
            e->items.push_back(parseExpr());
            expectOp(":");
            e->items.push_back(parseExpr());
            if (!isOp(",")) break;
            next();
        }
        expectOp("}");
        return e;
    }

    std::vector<Token> m_tokens;
    std::size_t m_pos = 0;
    int m_depth = 0;
    std::string m_endTag;
};

}  // namespace

Body parseTemplate(const std::string& source) { return Parser(tokenize(source)).parseAll(); }

}  // namespace persona::chat
