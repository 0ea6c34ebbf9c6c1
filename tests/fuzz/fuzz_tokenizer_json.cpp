// tokenizer.json from a downloaded model: the input is the file itself, loaded through
// loadTokenizer() (HfBpeTokenizer: bounded JSON, PCRE2 regexes under their limits), then a fixed
// text with Russian, digits, spaces and added-token text is encoded, decoded and streamed.
#include "fuzz_targets.h"

#include "persona/error.h"
#include "persona/text/tokenizer.h"

#include <filesystem>

namespace persona::fuzz {

void fuzzTokenizerJson(const uint8_t* data, size_t size) {
    static const std::string dir = [] {
        const std::string d = scratchDir() + "/tokenizer_json";
        std::filesystem::create_directories(d);
        return d;
    }();
    writeFile(dir + "/tokenizer.json", data, size);
    try {
        const auto tok = loadTokenizer(dir);
        const auto ids = tok->encode("Привет, мир!  12345 <|im_end|> don't\n\n😀 x");
        (void)tok->decode(ids, true);
        Utf8StreamAssembler assembler;
        for (int id : ids) (void)assembler.push(tok->tokenBytes(id));
        (void)assembler.flush();
        (void)tok->encodeForModel("a");
    } catch (const Error&) {
    }
}

}  // namespace persona::fuzz
