// The restricted unpickler on hand-made pickles: what it accepts, and a table of what it refuses
// with which message.
#include "tensorio/restricted_unpickler.h"
#include "persona/error.h"
#include "persona/tensorio/tensor_archive.h"
#include "tensorio_test_util.h"

#include <gtest/gtest.h>

namespace persona::tensorio {
namespace {

// "..."_b keeps embedded NUL bytes.
std::string operator""_b(const char* s, size_t n) {
    return std::string(s, n);
}

std::vector<PickledTensor> unpickle(const std::string& bytes) {
    // A heap copy of exactly the pickle's size, so that an over-read is an ASan error.
    std::vector<uint8_t> buffer(bytes.begin(), bytes.end());
    RestrictedUnpickler u(buffer.data(), buffer.size(), "test.pkl");
    return u.loadStateDict();
}

// ('storage', torch.FloatStorage, '0', 'cpu', 6) then _rebuild_tensor_v2(storage, 1, (2, 2),
// (3, 1), False, OrderedDict()) under key 'w', with the memo used for the dict.
const std::string kOneTensor =
    "\x80\x02"
    "ccollections\nOrderedDict\nq\x00)Rq\x01"
    "X\x01\x00\x00\x00w"
    "ctorch._utils\n_rebuild_tensor_v2\n"
    "((X\x07\x00\x00\x00storage"
    "ctorch\nFloatStorage\n"
    "X\x01\x00\x00\x00"
    "0"
    "X\x03\x00\x00\x00"
    "cpu"
    "K\x06tQ"
    "K\x01"
    "K\x02K\x02\x86"
    "K\x03K\x01\x86"
    "\x89"
    "h\x00)R"
    "tR"
    "s}b."_b;  // BUILD with a state on the OrderedDict is ignored

TEST(RestrictedUnpickler, ReadsAHandMadeStateDict) {
    const auto tensors = unpickle(kOneTensor);
    ASSERT_EQ(tensors.size(), 1u);
    const PickledTensor& t = tensors[0];
    EXPECT_EQ(t.name, "w");
    EXPECT_EQ(t.storage.dtype, DType::F32);
    EXPECT_EQ(t.storage.key, "0");
    EXPECT_EQ(t.storage.numel, 6u);
    EXPECT_EQ(t.storageOffset, 1);
    EXPECT_EQ(t.shape, (std::vector<int64_t>{2, 2}));
    EXPECT_EQ(t.strides, (std::vector<int64_t>{3, 1}));
}

TEST(RestrictedUnpickler, EmptyStateDict) {
    EXPECT_TRUE(unpickle("\x80\x02}q\x00."_b).empty());
    EXPECT_TRUE(unpickle("(d.").empty());  // protocol 0 style DICT from a MARK
}

TEST(RestrictedUnpickler, ProtocolFourMatchesProtocolTwo) {
    const TensorArchive p2 = TensorArchive::open(test::goldenPath("good.bin"));
    const TensorArchive p4 = TensorArchive::open(test::goldenPath("good_protocol4.bin"));
    ASSERT_EQ(p2.names(), p4.names());
    for (const TensorData& t : p2.tensors()) {
        const TensorData* u = p4.find(t.name);
        ASSERT_NE(u, nullptr);
        EXPECT_EQ(u->shape, t.shape) << t.name;
        EXPECT_EQ(u->strides, t.strides) << t.name;
        EXPECT_EQ(test::gatherBytes(*u), test::gatherBytes(t)) << t.name;
    }
}

struct RefusedPickle {
    const char* label;
    std::string bytes;
    const char* message;
};

void PrintTo(const RefusedPickle& c, std::ostream* os) {
    *os << c.label;
}

class Refused : public testing::TestWithParam<RefusedPickle> {};

TEST_P(Refused, WithTheRightMessage) {
    const RefusedPickle& c = GetParam();
    try {
        unpickle(c.bytes);
        FAIL() << c.label << " was accepted";
    } catch (const ModelLoadError& e) {
        EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).rfind("test.pkl: ", 0), 0u) << e.what();
    }
}

const RefusedPickle kRefused[] = {
    {"empty", "", "truncated: the pickle ends without STOP"},
    {"no_stop", "\x80\x02}", "truncated: the pickle ends without STOP"},
    {"short_string",
     "X\xff\xff\x00\x00"
     "ab"_b,
     "truncated: BINUNICODE of 65535 bytes, 2 left"},
    {"short_binint", "J\x01\x02", "truncated: BININT needs 4 more bytes, 2 left"},
    {"global_without_newline", "cos\nsystem", "GLOBAL argument has no end of line"},
    {"os_system", "cos\nsystem\n(S'ls'\ntR.", "forbidden global 'os.system'"},
    {"subprocess", "csubprocess\nPopen\n.", "forbidden global 'subprocess.Popen'"},
    {"torch_load", "ctorch\nload\n.", "forbidden global 'torch.load'"},
    {"stack_global_eval",
     "\x8c\x08"
     "builtins\x8c\x04"
     "eval\x93.",
     "forbidden global 'builtins.eval'"},
    {"unknown_opcode", "\xff", "unknown opcode 0xff"},
    {"newobj", "\x80\x02}N\x81."_b, "opcode NEWOBJ (0x81) is not allowed"},
    {"persid_text", "P0\n.", "opcode PERSID (0x50) is not allowed"},
    {"ext1", "\x82\x01.", "opcode EXT1 (0x82) is not allowed"},
    {"protocol_6", "\x80\x06}.", "pickle protocol 6 is not supported"},
    {"stop_on_empty_stack", ".", "stack underflow at STOP"},
    {"setitem_underflow", "}K\x01s.", "stack underflow at SETITEM"},
    {"pop_below_mark", "N(0.", "stack underflow at POP"},
    {"setitems_without_mark", "}K\x01K\x02u.", "no MARK before SETITEMS"},
    {"setitems_odd", "}(K\x01u.", "SETITEMS with an odd number of items"},
    {"setitem_on_list", "]K\x01K\x02s.", "SETITEM on a list, expected a dict"},
    {"append_on_dict",
     "}K\x01"
     "a.",
     "APPEND on a dict, expected a list"},
    {"memo_missing", "h\x05.", "memo entry 5 was never stored"},
    {"long_too_big",
     "\x8a\x09"
     "123456789.",
     "integer of 9 bytes does not fit in 64 bits"},
    {"ordered_dict_args", "ccollections\nOrderedDict\nK\x01\x85R.",
     "collections.OrderedDict called with arguments"},
    {"storage_called", "ctorch\nFloatStorage\n)R.", "torch.FloatStorage cannot be called"},
    {"reduce_an_int", "K\x01)R.", "REDUCE calls an int, not an allowed global"},
    {"reduce_args_not_tuple", "ccollections\nOrderedDict\nNR.", "REDUCE arguments are None"},
    {"rebuild_without_storage", "ctorch._utils\n_rebuild_tensor_v2\n(K\x00K\x00)))tR."_b,
     "_rebuild_tensor_v2: argument 1 is an int, expected a storage"},
    {"persistent_id_string",
     "X\x03\x00\x00\x00"
     "abcQ."_b,
     "unsupported persistent id (a str)"},
    {"persistent_id_wrong_type",
     "(X\x07\x00\x00\x00storageccollections\nOrderedDict\nX\x01\x00\x00\x00"
     "0N"
     "K\x01tQ."_b,
     "persistent id names a global where a torch.*Storage type belongs"},
    {"build_on_list",
     "]K\x01"
     "b.",
     "BUILD on a list"},
    {"root_not_dict", "K\x01.", "the pickle holds an int, expected a state dict"},
    {"value_not_tensor",
     "}X\x01\x00\x00\x00"
     "aK\x01s."_b,
     "state dict entry 'a' is an int, expected a tensor"},
    {"key_not_str", "}K\x01K\x02s.", "a state dict key is an int, expected a str"},
    {"self_containing_list",
     "]q\x00h\x00"
     "a."_b,
     "the pickle holds a list"},
};
INSTANTIATE_TEST_SUITE_P(RestrictedUnpickler, Refused, testing::ValuesIn(kRefused));

TEST(RestrictedUnpickler, StackAndMarksAreBounded) {
    try {  // DUP pushes without making objects
        unpickle("N" + std::string(RestrictedUnpickler::kMaxStack, '2') + ".");
        FAIL();
    } catch (const ModelLoadError& e) {
        EXPECT_NE(std::string(e.what()).find("stack deeper than"), std::string::npos) << e.what();
    }
    try {  // with an unlimited memory budget, which would refuse this first
        const std::string lists(RestrictedUnpickler::kMaxObjects + 1, ']');
        RestrictedUnpickler(reinterpret_cast<const uint8_t*>(lists.data()), lists.size(),
                            "test.pkl", SIZE_MAX)
            .loadStateDict();
        FAIL();
    } catch (const ModelLoadError& e) {
        EXPECT_NE(std::string(e.what()).find("more than 1048576 objects"), std::string::npos)
            << e.what();
    }
    try {
        unpickle(std::string(RestrictedUnpickler::kMaxStack + 1, '(') + ".");
        FAIL();
    } catch (const ModelLoadError& e) {
        EXPECT_NE(std::string(e.what()).find("too many MARKs"), std::string::npos) << e.what();
    }
    // 100,000 nested lists: no recursion anywhere, so no stack overflow on the way out.
    std::string nested;
    for (int i = 0; i < 100000; ++i)
        nested += "]";
    for (int i = 0; i < 99999; ++i)
        nested += "a";
    EXPECT_THROW(unpickle(nested + "."), ModelLoadError);
}

}  // namespace
}  // namespace persona::tensorio
