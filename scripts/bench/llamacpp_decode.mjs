// llama.cpp's decode speed on a GGUF file, through node-llama-cpp's CPU prebuilt (tests/node),
// for the table beside `persona-cli bench decode --model FILE.gguf` (issue 26). Prints one JSON
// document. Prompt ids are 1..N (mod the vocabulary), decoding greedy; timings from the wall clock.
//   node scripts/bench/llamacpp_decode.mjs FILE.gguf [--prompt-tokens 128] [--new-tokens 128] [--threads 2]
import path from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const {getLlama, LlamaLogLevel} = await import(
    pathToFileURL(path.join(root, "tests/node/node_modules/node-llama-cpp/dist/index.js")).href);

const args = process.argv.slice(2);
const opt = (name, def) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : def;
};
const file = args[0];
const promptTokens = opt("--prompt-tokens", 128), newTokens = opt("--new-tokens", 128), threads = opt("--threads", 2);

const llama = await getLlama({build: "never", gpu: false, logLevel: LlamaLogLevel.error});
const model = await llama.loadModel({modelPath: file});
const ctx = await model.createContext({contextSize: promptTokens + newTokens + 8, batchSize: 512, threads});
const seq = ctx.getSequence();
const vocab = 200;  // ids below every real vocabulary size
const prompt = Array.from({length: promptTokens}, (_, i) => 1 + (i * 7) % vocab);

const t0 = performance.now();
let first = true, tFirst = 0, produced = 0;
for await (const token of seq.evaluate(prompt, {temperature: 0})) {
    if (first) { tFirst = performance.now(); first = false; }
    if (++produced >= newTokens) break;
}
const t1 = performance.now();
console.log(JSON.stringify({
    benchmark: "llamacpp_decode", model: file, threads, prompt_tokens: promptTokens, new_tokens: produced,
    prefill_tok_s: promptTokens / ((tFirst - t0) / 1000),
    decode_tok_s: (produced - 1) / ((t1 - tFirst) / 1000),
}, null, 2));
await ctx.dispose();
await model.dispose();
