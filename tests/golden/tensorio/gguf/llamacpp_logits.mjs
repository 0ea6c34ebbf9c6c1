// Runs a GGUF model in llama.cpp (node-llama-cpp's CPU prebuilt, tests/node) over a list of token
// ids and prints the raw logits it computes at every position: {"logits": [[...V], ...]}, or
// {"error": "..."} when llama.cpp refuses the file. Used by tests/core/quant/gguf_convert_test.cpp.
//   node llamacpp_logits.mjs NODE_MODULES_DIR MODEL.gguf 1,2,3
import path from "node:path";
import {pathToFileURL} from "node:url";

const [modules, model, idsCsv] = process.argv.slice(2);
const {getLlama, LlamaLogLevel} = await import(pathToFileURL(path.join(modules, "node-llama-cpp/dist/index.js")).href);
try {
    const llama = await getLlama({build: "never", gpu: false, logLevel: LlamaLogLevel.error});
    const m = await llama.loadModel({modelPath: model});
    const ids = idsCsv.split(",").map(Number);
    const ctx = await m.createContext({contextSize: Math.max(32, ids.length + 1), batchSize: 512, threads: 2});
    const seq = ctx.getSequence();
    const out = await seq.controlledEvaluate(ids.map((t) => [t, {generateNext: {logits: true}}]));
    const logits = out.map((o) => {
        const arr = [];
        for (const [tok, v] of o.next.logits) arr[tok] = v;
        return Array.from(arr, (v) => (v === undefined ? null : v));
    });
    console.log(JSON.stringify({logits, n_vocab: logits.length ? logits[0].length : 0}));
    await ctx.dispose();
    await m.dispose();
} catch (e) {
    console.log(JSON.stringify({error: String(e && e.message ? e.message : e)}));
}
