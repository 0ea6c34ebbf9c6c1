// The table of bad checkpoints (tests/golden/tensorio/bad/, sharded_bad/): each is refused with a
// ModelLoadError that names the file and says what is wrong; none crashes.
#include "persona/error.h"
#include "persona/tensorio/tensor_archive.h"
#include "tensorio_test_util.h"

#include <gtest/gtest.h>

namespace persona {
namespace {

struct BadCase {
    const char* file;     // under tests/golden/tensorio/
    const char* message;  // a part of the expected error text
};

void PrintTo(const BadCase& c, std::ostream* os) {
    *os << c.file;
}

class BadCheckpoint : public testing::TestWithParam<BadCase> {};

TEST_P(BadCheckpoint, IsRefusedWithTheRightMessage) {
    const BadCase& c = GetParam();
    const std::string path = test::goldenPath(c.file);
    try {
        TensorArchive archive = TensorArchive::open(path);
        FAIL() << c.file << " opened with " << archive.tensors().size() << " tensors";
    } catch (const ModelLoadError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(c.message), std::string::npos) << what;
        // Messages name the file (for shards: the index or the shard).
        EXPECT_NE(what.find(std::string(PERSONA_GOLDEN_DIR)), std::string::npos) << what;
    }
}

const BadCase kSafetensors[] = {
    {"bad/truncated.safetensors", "truncated: 3 bytes"},
    {"bad/header_past_eof.safetensors", "header length 1000 reaches past the end of the 72-byte"},
    {"bad/header_huge.safetensors", "header length 9223372036854775808 reaches past the end"},
    {"bad/range_outside.safetensors",
     "tensor 'a': data_offsets [0, 16] reach past the end of the 8-byte data section"},
    {"bad/overlap.safetensors", "tensor 'b': data_offsets [4, 12] overlap tensor 'a' at [0, 8]"},
    {"bad/unknown_dtype.safetensors", "tensor 'a': unknown dtype 'F8_E4M3'"},
    {"bad/shape_mismatch.safetensors",
     "tensor 'a': shape [3] x F32 needs 12 bytes, data_offsets span 8"},
    {"bad/gap.safetensors",
     "tensor 'b': data_offsets [8, 12] leave the bytes [4, 8) of the data section unused"},
    {"bad/trailing_bytes.safetensors",
     "the tensors end at byte 8 of the data section, which has 16 (trailing bytes)"},
    {"bad/bad_json.safetensors", "header is not valid JSON"},
    {"bad/not_object.safetensors", "does not start with '{'"},
    {"bad/negative_dim.safetensors", "tensor 'a': shape[0] is a negative integer (-2)"},
    {"bad/float_dim.safetensors", "tensor 'a': shape[0] is a number (2.0)"},
    {"bad/duplicate_name.safetensors", "the header names 'a' twice"},
    {"bad/metadata_not_string.safetensors", "__metadata__ entry 'n' is a JSON number"},
    {"bad/missing_offsets.safetensors", "tensor 'a': missing field 'data_offsets'"},
    {"bad/offsets_reversed.safetensors", "tensor 'a': data_offsets [8, 0] end before begin"},
    {"bad/shape_overflow.safetensors", "overflows a 64-bit byte count"},
    {"bad/dtype_not_string.safetensors", "tensor 'a': dtype is a JSON number"},
};
INSTANTIATE_TEST_SUITE_P(Safetensors, BadCheckpoint, testing::ValuesIn(kSafetensors));

const BadCase kTorchZip[] = {
    {"bad/truncated.bin", "no end-of-central-directory record"},
    {"bad/legacy.bin", "legacy (pre-1.6, non-zip) torch.save format is refused"},
    {"bad/os_system.bin", "forbidden global 'os.system'"},
    {"bad/reduce_evil.bin", "forbidden global 'posix.system'"},
    {"bad/builtins_eval.bin", "forbidden global 'builtins.eval'"},
    {"bad/inst_opcode.bin", "opcode INST (0x69) is not allowed"},
    {"bad/compressed.bin", "is compressed (method 8, deflate)"},
    {"bad/big_endian.bin", "byteorder is 'big', only 'little' is supported"},
    {"bad/missing_record.bin", "its storage record 'archive/data/0' is missing"},
    {"bad/short_record.bin", "needs more bytes than record 'archive/data/0' holds (4)"},
    {"bad/no_data_pkl.bin", "no <archive>/data.pkl record"},
    {"bad/not_state_dict.bin", "the pickle holds a list, expected a state dict"},
    {"bad/not_a_tensor.bin", "state dict entry 'epoch' is an int, expected a tensor"},
    {"bad/view_out_of_bounds.bin",
     "tensor 'w': shape [3, 4] with strides [4, 1] from offset 0 reaches past the storage's 4 "
     "elements"},
};
INSTANTIATE_TEST_SUITE_P(TorchZip, BadCheckpoint, testing::ValuesIn(kTorchZip));

const BadCase kSharded[] = {
    {"sharded_bad/empty/model.safetensors.index.json", "the weight_map is empty"},
    {"sharded_bad/missing/model.safetensors.index.json",
     "the weight_map puts tensor 'i32' in model-00002-of-00002.safetensors, which does not hold "
     "it"},
    {"sharded_bad/twice/model.safetensors.index.json",
     "tensor 'bias' is in both model-00001-of-00002.safetensors and "
     "model-00002-of-00002.safetensors"},
    {"sharded_bad/unlisted/model.safetensors.index.json",
     "tensor 'u8' is not listed in the weight_map"},
    {"sharded_bad/traversal/model.safetensors.index.json",
     "tensor 'bool' maps to \"../model-00002-of-00002.safetensors\", expected a file name in the "
     "same folder"},
};
INSTANTIATE_TEST_SUITE_P(Sharded, BadCheckpoint, testing::ValuesIn(kSharded));

TEST(BadCheckpointFiles, MissingFileIsAnIoErrorNamingIt) {
    const std::string path = test::goldenPath("no-such-file.safetensors");
    try {
        TensorArchive::open(path);
        FAIL();
    } catch (const IoError& e) {
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
}

TEST(BadCheckpointFiles, EmptyFileIsRefused) {
    test::TempDir dir;
    test::writeBytes(dir.file("empty.safetensors"), {});
    EXPECT_THROW(TensorArchive::open(dir.file("empty.safetensors")), ModelLoadError);
    test::writeBytes(dir.file("empty.bin"), {});
    EXPECT_THROW(TensorArchive::open(dir.file("empty.bin")), ModelLoadError);
}

}  // namespace
}  // namespace persona
