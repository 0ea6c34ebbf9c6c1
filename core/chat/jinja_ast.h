// The parsed template: expressions and statements, each with its template line.
#pragma once

#include "chat/jinja_value.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace persona::chat {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
    enum class Kind { Literal, Name, List, Tuple, Dict, Attr, Index, Slice, Call, Filter, Test, Unary, Binary, Ternary };
    Kind kind;
    int line = 0;
    Value literal;                // Literal
    std::string name;             // Name; Attr: the attribute; Filter/Test: its name; Unary/Binary: the operator
    std::vector<ExprPtr> items;   // List/Tuple items; Dict: key, value, key, value...; Call/Filter/Test: positional args; Slice: start, stop, step (null when absent)
    std::vector<std::pair<std::string, ExprPtr>> named;  // keyword arguments
    ExprPtr a, b, c;              // Attr/Index/Slice/Call/Filter/Test: a is the object; Index: b the key; Binary: a op b; Unary: a; Ternary: a if b else c
    bool negated = false;         // Test: "is not"

    Expr(Kind k, int l) : kind(k), line(l) {}
};

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

struct Stmt {
    enum class Kind { Text, Output, If, For, Set, SetBlock, Macro, Break, Continue };
    Kind kind;
    int line = 0;
    std::string text;                                  // Text; Macro: its name
    ExprPtr expr;                                      // Output; For: the iterable; Set: the value; For: filter in cond
    ExprPtr cond;                                      // For: the "if" filter
    std::vector<std::pair<ExprPtr, Body>> branches;    // If: condition, body (if, elif...)
    Body body, elseBody;                               // For, SetBlock, Macro: body; If/For: else
    std::vector<std::string> targets;                  // For/Set: names; Set of "ns.attr": {"ns", "attr"} with attribute=true
    bool attribute = false;
    std::vector<std::pair<std::string, ExprPtr>> params;  // Macro: name and default (null: none)

    Stmt(Kind k, int l) : kind(k), line(l) {}
};

// Throws ChatTemplateError naming the line.
Body parseTemplate(const std::string& source);

}  // namespace persona::chat
