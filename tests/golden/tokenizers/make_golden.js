#!/usr/bin/env node
// GENERATED-DATA SCRIPT: this script made gpt2.json and rugpt3.json next to it. Do not edit the
// JSON files by hand; change this script and run it again.
//
// Expected token ids for the GPT-2 byte-level BPE tokenizer (core/text/bpe_tokenizer.cpp), taken
// from an independent implementation: the npm package gpt-3-encoder 1.1.4 (MIT, AIDungeon), a
// JavaScript port of OpenAI's encoder.py. It is needed only to regenerate the files; the tests
// read the committed JSON.
//
//   mkdir -p /tmp/gpt3enc && cd /tmp/gpt3enc && npm install gpt-3-encoder@1.1.4
//   node tests/golden/tokenizers/make_golden.js /tmp/gpt3enc/node_modules/gpt-3-encoder
//
// gpt2.json: ids from the package's own encode(), which uses its bundled encoder.json and
// vocab.bpe; the script checks that they are byte-identical to tests/fixtures/text/gpt2/.
//
// rugpt3.json: gpt-3-encoder has no way to load other files, so the script reads the source of
// its Encoder.js, replaces exactly the two expressions
//     path.join(__dirname, './encoder.json')   ->  "<repo>/tests/fixtures/text/rugpt3/vocab.json"
//     path.join(__dirname, './vocab.bpe')      ->  "<repo>/tests/fixtures/text/rugpt3/merges.txt"
// (checking that each occurs once) and evaluates the result as a CommonJS module with
// new Function('require', 'module', 'exports', '__dirname', source). Nothing else in the algorithm
// (regex, byte table, bpe(), encode()) is touched, so the ids still come from code that is not ours.
//
// Where gpt-3-encoder is known to differ from HuggingFace's GPT2Tokenizer (the reference the
// engine must agree with), the case is listed under "excluded" with the reason, never dropped
// silently:
//   - JavaScript's \s matches U+FEFF but not U+0085; Python's regex module (HuggingFace) does the
//     opposite (both follow their own definition of white space).
//   - gpt-3-encoder does not know special tokens: HuggingFace never splits "<|endoftext|>" or the
//     rugpt3 added tokens, gpt-3-encoder runs BPE over them.
//   - bpe_ranks is a plain object keyed by String([a, b]) = a + "," + b, so two different pairs
//     can share a key when the tokens contain commas; a piece with three or more commas is
//     excluded as at risk.
//   - an id that comes out undefined (a token missing from the vocabulary) marks a broken case.
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const pkgDir = process.argv[2];
if (!pkgDir) {
    console.error('usage: node make_golden.js <path to node_modules/gpt-3-encoder>');
    process.exit(2);
}
const repo = path.resolve(__dirname, '..', '..', '..');
const fixtures = path.join(repo, 'tests', 'fixtures', 'text');
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf-8'));
if (pkg.version !== '1.1.4') throw new Error('expected gpt-3-encoder 1.1.4, found ' + pkg.version);

const sha256 = file => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
for (const [theirs, ours] of [['encoder.json', 'vocab.json'], ['vocab.bpe', 'merges.txt']]) {
    if (sha256(path.join(pkgDir, theirs)) !== sha256(path.join(fixtures, 'gpt2', ours)))
        throw new Error(`${theirs} of gpt-3-encoder differs from tests/fixtures/text/gpt2/${ours}`);
}

function loadEncoder(vocabFile, mergesFile) {
    const file = path.join(pkgDir, 'Encoder.js');
    let source = fs.readFileSync(file, 'utf-8');
    if (vocabFile) {
        const swaps = [[`path.join(__dirname, './encoder.json')`, JSON.stringify(vocabFile)],
                       [`path.join(__dirname, './vocab.bpe')`, JSON.stringify(mergesFile)]];
        for (const [from, to] of swaps) {
            if (source.split(from).length !== 2) throw new Error(`expected one "${from}" in Encoder.js`);
            source = source.replace(from, to);
        }
    }
    const module = {exports: {}};
    new Function('require', 'module', 'exports', '__dirname', source)(require, module, module.exports, pkgDir);
    return module.exports;
}

// ---- the strings -------------------------------------------------------------------------------
const handWritten = {
    english: [
        'Hello world', 'Hello, world!', 'The quick brown fox jumps over the lazy dog.',
        "I'm here, you're there, and they've gone; we'll see what he'd do.",
        "It's John's book, isn't it?", "DON'T SHOUT, I'LL HEAR YOU", 'What is your favourite colour?',
        'I live in Moscow and work as a teacher.', 'My name is Anna. I have two cats.',
        'Persona Studio picks facts with a bi-encoder and writes replies with GPT-2.',
        'antidisestablishmentarianism', 'supercalifragilisticexpialidocious', 'GPT2Tokenizer',
        'camelCaseIdentifier snake_case_identifier kebab-case-identifier',
        'e-mail: someone@example.com, web: https://example.com/path?a=1&b=2#frag',
        'C++17 and std::vector<int> v{1, 2, 3};', 'if (x != 0) { return y / x; }',
        'Mr. and Mrs. Smith arrived at 5 p.m. sharp.', 'a', 'I', 'A B C D E F G',
        'The year 1984 was not like "1984".', 'rock \'n\' roll', "o'clock", "'s", "'",
        'Once upon a time, there was a little girl who lived in a village near the forest.',
        'HELLO WORLD', 'hElLo WoRlD', 'naïve café résumé façade coöperate',
    ],
    russian: [
        'Привет, мир!', 'Я живу в Москве.', 'Меня зовут Анна, мне двадцать пять лет.',
        'У меня есть собака и две кошки.', 'Я работаю учителем в школе.',
        'Как дела? Что нового?', 'Съешь же ещё этих мягких французских булок, да выпей чаю.',
        'ЁЖИК В ТУМАНЕ', 'ёлка, Ёлка, ЁЛКА', 'Широкая электрификация южных губерний даст мощный толчок подъёму сельского хозяйства.',
        'Я люблю читать книги и гулять в парке по вечерам.', 'Мой любимый цвет — синий.',
        'Здравствуйте! Чем я могу вам помочь?', 'длинноесловобезпробеловдлинноесловобезпробелов',
        'достопримечательность', 'человеконенавистничество', 'й', 'Й', 'ъ', 'ь',
        'Я не знаю... Может быть, завтра?', '«Ёлки-палки», — сказал он.',
        'Мы с друзьями часто ездим на рыбалку летом.', 'Сколько тебе лет? Мне 30.',
    ],
    mixed: [
        'Привет, world!', 'Hello, мир!', 'Я использую Python и C++ каждый день.',
        'Версия 2.0 вышла 15 марта 2024 года (v2.0.1-rc3).', 'GPT-2 и BERT — это модели.',
        'Москва (Moscow) — столица России.', 'Cafe кафе café', 'ПриветHello', 'helloпривет',
        'Модель: ruGPT-3.5-13B, токенизатор: GPT2Tokenizer.', 'URL: https://itmo.ru/ru/ — сайт университета.',
        'Мой e-mail: anna.ivanova@mail.ru', 'Number 7 / число семь / 七',
        "Don't worry, всё будет хорошо!", 'Ключ "name": "Анна", "age": 25',
        'Греческий: αβγδ, армянский: աբգ, грузинский: ანი', 'Hindi: नमस्ते दुनिया', 'Arabic: مرحبا بالعالم',
        'Korean: 안녕하세요', 'Japanese: こんにちは世界', 'Chinese: 你好，世界！', 'Hebrew: שלום עולם',
    ],
    digits: [
        '0', '7', '42', '1234567890', '3.14159265358979', '-273.15', '1,000,000', '1 000 000',
        '2026-11-28T05:14:20Z', '+7 (999) 123-45-67', '12:30', '50%', '$100.00', '€5', '1e-10',
        '0x7FFFFFFF', '١٢٣', '½ ¾ ²', 'Ⅻ', '１２３', '007', '99 bottles of beer',
    ],
    punctuation: [
        '!!!', '???', '?!?!', '...', '…', '—', '– - —', '«»', '“”', '„“', '((()))', '[[]]', '{}',
        '<>', '<<<>>>', '""', "''", "''s", '#$%^&*', '@@@', '~~~', '___', '***', '---', '+++', '===',
        '//', '\\\\', '|', '.,;:', '!?.', '):', ':-)', ';-)', ':)))', '¡Hola!', '¿Qué?', '§ ¶ † ‡',
        'a,,b', ',,,,', 'x,y,z,,w', '«Привет!» — «Пока!»',
    ],
    whitespace: [
        ' ', '  ', '   ', '\t', '\n', '\n\n', '\r\n', ' \n ', 'a b', 'a  b', 'a   b', 'a\tb',
        'a\n\nb', 'a \n b', ' leading', '  two leading', 'trailing ', 'trailing   ', '\ttab start',
        'line one\nline two\nline three', 'word\u00a0nbsp', 'ideographic\u3000space', 'en\u2002space',
        'line\u2028separator', 'a \t \n b', '   \n\n\n   x', 'x \u00a0 y', 'слово  слово',
        'Привет\n\nКак дела?', ' пробел в начале', 'zero\u200bwidth', 'bom\ufeffhere', 'nel\u0085here',
    ],
    emoji: [
        '😀', '😀😀😀', 'Hi 👋', 'Привет 😊!', '👍🏽', '👨‍👩‍👧', '🇷🇺', '🇬🇧🇺🇸', '❤️', '❤', '✨ sparkle ✨',
        'I ❤ NY', '🙂🙃', 'Ура!!! 🎉🎉', '🐱‍👤', 'emoji😀attached', '😀 😀', '🤖: Я бот.', '☕️ and 🍰',
        '#️⃣ 1️⃣ 2️⃣', '©®™',
    ],
    special: [
        'text <|endoftext|> more', '[P1u] Привет [P2u] Здравствуй', '<s>Привет</s>',
    ],
};

// Russian text from the fixture the tests already carry (ITMO teaching material, MIT).
function corpusLines() {
    const lines = fs.readFileSync(path.join(fixtures, 'itmo_knowledge_head.txt'), 'utf-8').split('\n');
    return lines.filter(l => l.length > 20 && l.length < 260).slice(0, 40);
}

// Random strings from a fixed pool, with a fixed seed (mulberry32), so runs are reproducible.
function randomStrings(count) {
    let seed = 20261128;
    const rand = () => {
        seed = (seed + 0x6D2B79F5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pool = Array.from('abcxyzABCXYZабвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁЖЩЯ0123456789' +
                            '     \t\n.,!?-—:;\'"«»()[]…%$€@#&*/+=_') .concat(['😀', '👍🏽', '❤️', '🇷🇺', 'é', 'ß', '中', 'の']);
    const out = [];
    for (let i = 0; i < count; ++i) {
        const len = 1 + Math.floor(rand() * 40);
        let s = '';
        for (let j = 0; j < len; ++j) s += pool[Math.floor(rand() * pool.length)];
        out.push(s);
    }
    return out;
}

const strings = [];
for (const [category, list] of Object.entries(handWritten))
    for (const text of list) strings.push({category, text});
for (const text of corpusLines()) strings.push({category: 'russian-corpus', text});
for (const text of randomStrings(60)) strings.push({category: 'random', text});

// ---- known differences from HuggingFace -------------------------------------------------------
const pat = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

function exclusionReason(text, ids, specialTokens) {
    if (/\ufeff/.test(text)) return 'contains U+FEFF: JavaScript \\s matches it, Python regex (HuggingFace) does not';
    if (/\u0085/.test(text)) return 'contains U+0085: Python regex \\s (HuggingFace) matches it, JavaScript \\s does not';
    for (const token of specialTokens)
        if (text.includes(token)) return `contains the special token ${token}, which HuggingFace never splits and gpt-3-encoder does not know`;
    for (const piece of text.match(pat) || [])
        if ((piece.match(/,/g) || []).length >= 3)
            return `piece ${JSON.stringify(piece)} has three or more commas: gpt-3-encoder keys merge ranks by String([a, b]), which can collide`;
    if (ids.some(id => id === undefined || id === null)) return 'gpt-3-encoder produced an undefined id';
    return null;
}

function build(name, encoder, specialTokens, source) {
    const cases = [];
    const excluded = [];
    for (const {category, text} of strings) {
        const ids = encoder.encode(text);
        const reason = exclusionReason(text, ids, specialTokens);
        if (reason) excluded.push({category, text, reason});
        else cases.push({category, text, ids});
    }
    const doc = {
        generated_by: 'tests/golden/tokenizers/make_golden.js (do not edit by hand)',
        generator: 'npm gpt-3-encoder@' + pkg.version + ' (MIT, AIDungeon): ' + source,
        vocabulary: 'tests/fixtures/text/' + name,
        cases,
        excluded,
    };
    const out = path.join(__dirname, name + '.json');
    fs.writeFileSync(out, JSON.stringify(doc, null, 1) + '\n');
    console.log(`${out}: ${cases.length} cases, ${excluded.length} excluded`);
}

build('gpt2', require(path.resolve(pkgDir)), ['<|endoftext|>'],
      'its own encode() with its bundled encoder.json/vocab.bpe');
build('rugpt3',
      loadEncoder(path.join(fixtures, 'rugpt3', 'vocab.json'), path.join(fixtures, 'rugpt3', 'merges.txt')),
      ['<pad>', '<|endoftext|>', '<s>', '</s>', '<mask>'],
      'its Encoder.js with the two vocabulary paths replaced by the rugpt3 files');
