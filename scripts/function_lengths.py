#!/usr/bin/env python3
"""Lists C++ functions longer than a limit (default 100 lines) under the given folders.

    scripts/function_lengths.py [--limit N] [--all] [DIR_OR_FILE ...]   (default: core ui cli)

How it counts: comments, string and character literals and preprocessor lines are blanked out
(line breaks kept); then every block at namespace or class level whose header (the text since the
last ';', '{' or '}') looks like a function signature -- it has a parameter list and is not a
namespace, class, struct, union, enum or an '= ...' initializer -- is a function, from the line
its signature starts on to the line of its closing brace, both included. Lambdas, local classes
and nested blocks count as part of the function they are in; a constructor's initializer list
is part of it too. Exits 1 when a function is over the limit, so it can run in CI.
"""
import argparse
import os
import re
import sys

SOURCE_EXT = (".cpp", ".cc", ".h", ".hpp")
SCOPE_RE = re.compile(r"\b(namespace|class|struct|union|enum)\b")
CONTROL_RE = re.compile(r"^\s*(if|for|while|switch|catch|do|else|return|try)\b")


def blank(text):
    """Comments, literals and preprocessor lines as spaces; line breaks stay."""
    out = []
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if line_start and c == "#":  # a preprocessor line (with its continuations)
            while i < n and not (text[i] == "\n" and text[i - 1] != "\\"):
                out.append("\n" if text[i] == "\n" else " ")
                i += 1
            continue
        if c == "/" and text.startswith("//", i):
            while i < n and text[i] != "\n":
                out.append(" ")
                i += 1
            continue
        if c == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.extend("\n" if ch == "\n" else " " for ch in text[i:end])
            i = end
            continue
        if c == "R" and text.startswith('R"', i):  # raw string R"delim( ... )delim"
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            if m:
                close = ")" + m.group(1) + '"'
                end = text.find(close, i + m.end())
                end = n if end < 0 else end + len(close)
                out.extend("\n" if ch == "\n" else " " for ch in text[i:end])
                i = end
                continue
        if c in "\"'":
            if c == "'" and i > 0 and (text[i - 1].isalnum()):  # a digit separator: 1'000
                out.append(" ")
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.extend(" " for _ in text[i : j + 1])
            i = j + 1
            continue
        out.append(c)
        line_start = c == "\n" or (line_start and c in " \t")
        i += 1
    return "".join(out)


def matching(text, i):
    """Index of the brace closing the one at i."""
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return len(text) - 1


def looks_like_function(header):
    h = header.strip()
    if not h or "(" not in h:
        return False
    if CONTROL_RE.match(h):
        return False
    before_paren = h[: h.index("(")]
    if SCOPE_RE.search(before_paren) or "=" in before_paren:
        return False
    if re.match(r"^\s*(extern)\b", h):
        return False
    return True


def body_start(text, i, end_of_header):
    """For a constructor with an initializer list, the brace that opens the body: skip braces of
    member initializers (`m_x{1}`), which follow an identifier or a '>'."""
    j = i
    while j < len(text):
        k = j - 1
        while k >= 0 and text[k] in " \t\n":
            k -= 1
        prev = text[k] if k >= 0 else ""
        if prev.isalnum() or prev in "_>":
            j = matching(text, j) + 1
            nxt = text.find("{", j)
            if nxt < 0:
                return None
            j = nxt
            continue
        return j
    return None


def functions(text):
    """(name, first line, last line) of every function in the blanked text."""
    found = []
    pos, header_start = 0, 0
    n = len(text)
    while pos < n:
        c = text[pos]
        if c in ";}":
            header_start = pos + 1
        elif c == "{":
            header = text[header_start:pos]
            if looks_like_function(header):
                start = pos
                if re.search(r"\)\s*(const\s*)?(noexcept\s*)?:[^:]", header):
                    start = body_start(text, pos, pos) or pos
                end = matching(text, start)
                first = text.count("\n", 0, header_start + len(header) - len(header.lstrip())) + 1
                last = text.count("\n", 0, end) + 1
                name = re.sub(r"\s+", " ", header[: header.index("(")].strip().split("\n")[-1])
                found.append((name.split(" ")[-1] or name, first, last))
                pos = end + 1
                header_start = pos
                continue
            header_start = pos + 1  # a namespace, class or initializer: look inside it
        pos += 1
    return found


def files_under(paths):
    for p in paths:
        if os.path.isfile(p):
            yield p
            continue
        for root, dirs, names in os.walk(p):
            dirs[:] = sorted(d for d in dirs if d not in ("build", ".git"))
            for name in sorted(names):
                if name.endswith(SOURCE_EXT):
                    yield os.path.join(root, name)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", default=["core", "ui", "cli"])
    ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--all", action="store_true", help="list every function, longest first")
    args = ap.parse_args()
    rows = []
    for path in files_under(args.paths):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = blank(f.read())
        for name, first, last in functions(text):
            rows.append((last - first + 1, path, first, name))
    rows.sort(key=lambda r: (-r[0], r[1], r[2]))
    over = [r for r in rows if r[0] > args.limit]
    for length, path, line, name in rows if args.all else over:
        print(f"{length:5d}  {path}:{line}  {name}")
    print(f"{len(rows)} functions counted; {len(over)} longer than {args.limit} lines", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
