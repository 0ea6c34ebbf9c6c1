#include "tensorio/restricted_unpickler.h"

#include "persona/error.h"
#include "tensorio/byte_order.h"
#include "tensorio/pickle_opcodes.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <set>
#include <unordered_map>

namespace persona::tensorio {

namespace {

// The globals a state dict may name; everything else is refused at GLOBAL time.
enum class Callable {
    OrderedDict,
    RebuildTensor,     // torch._utils._rebuild_tensor(storage, offset, size, stride)
    RebuildTensorV2,   // ... (storage, offset, size, stride, requires_grad, hooks[, metadata])
    RebuildParameter,  // (data, requires_grad, hooks)
    RebuildParameterWithState,  // (data, requires_grad, hooks, state)
    Storage,                    // torch.FloatStorage etc.: only as a type tag in a persistent id
};

struct AllowedGlobal {
    const char* module;
    const char* name;
    Callable callable;
    DType dtype;
};

constexpr AllowedGlobal kAllowedGlobals[] = {
    {"collections", "OrderedDict", Callable::OrderedDict, DType::F32},
    {"torch._utils", "_rebuild_tensor", Callable::RebuildTensor, DType::F32},
    {"torch._utils", "_rebuild_tensor_v2", Callable::RebuildTensorV2, DType::F32},
    {"torch._utils", "_rebuild_parameter", Callable::RebuildParameter, DType::F32},
    {"torch._utils", "_rebuild_parameter_with_state", Callable::RebuildParameterWithState,
     DType::F32},
    {"torch", "DoubleStorage", Callable::Storage, DType::F64},
    {"torch", "FloatStorage", Callable::Storage, DType::F32},
    {"torch", "HalfStorage", Callable::Storage, DType::F16},
    {"torch", "BFloat16Storage", Callable::Storage, DType::BF16},
    {"torch", "LongStorage", Callable::Storage, DType::I64},
    {"torch", "IntStorage", Callable::Storage, DType::I32},
    {"torch", "ShortStorage", Callable::Storage, DType::I16},
    {"torch", "CharStorage", Callable::Storage, DType::I8},
    {"torch", "ByteStorage", Callable::Storage, DType::U8},
    {"torch", "BoolStorage", Callable::Storage, DType::Bool},
};

struct Value {
    enum class Kind { None, Bool, Int, Float, String, Tuple, List, Dict, Global, Storage, Tensor };
    Kind kind = Kind::None;
    int64_t integer = 0;  // Bool, Int
    double real = 0;      // Float
    std::string text;     // String; "module.name" for Global
    const AllowedGlobal* global = nullptr;
    std::vector<Value*> items;                       // Tuple, List
    std::vector<std::pair<Value*, Value*>> entries;  // Dict (also OrderedDict)
    std::unique_ptr<PickledStorage> storage;         // Storage (kept out of line: most values
    std::unique_ptr<PickledTensor> tensor;           // are small) / Tensor (name unset)
};

// "an int", "a tensor", "None": the kind with its article, for messages.
std::string kindName(Value::Kind kind) {
    switch (kind) {
        case Value::Kind::None:
            return "None";
        case Value::Kind::Bool:
            return "a bool";
        case Value::Kind::Int:
            return "an int";
        case Value::Kind::Float:
            return "a float";
        case Value::Kind::String:
            return "a str";
        case Value::Kind::Tuple:
            return "a tuple";
        case Value::Kind::List:
            return "a list";
        case Value::Kind::Dict:
            return "a dict";
        case Value::Kind::Global:
            return "a global";
        case Value::Kind::Storage:
            return "a storage";
        case Value::Kind::Tensor:
            return "a tensor";
    }
    return "?";
}

class Machine {
public:
    Machine(const uint8_t* data, size_t size, const std::string& label, size_t budget)
        : m_data(data), m_size(size), m_label(label), m_budget(budget) {}

    Value* run();
    // The tensors of a state dict (the result of run()), copies charged to the budget.
    std::vector<PickledTensor> stateDict(const Value* root);

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw ModelLoadError(m_label + ": pickle offset " + std::to_string(m_opStart) + ": " +
                             what);
    }

    [[noreturn]] void failBudget() const {
        fail("refused: its objects need more than " + std::to_string(m_budget) +
             " bytes of memory, the budget for a pickle of " + std::to_string(m_size) +
             " bytes (" + std::to_string(RestrictedUnpickler::kBudgetPerByte) +
             " per byte plus " + std::to_string(RestrictedUnpickler::kBudgetFloor) +
             ", plus the checkpoint's storage bytes); a state dict never needs that much: the "
             "file is damaged or built to exhaust memory");
    }
    // Every allocation that grows with what the pickle asks for goes through here first.
    void charge(size_t bytes) {
        if (bytes > m_budget - m_spent)
            failBudget();
        m_spent += bytes;
    }
    void chargeItems(size_t count, size_t itemBytes) {
        if (count > (m_budget - m_spent) / itemBytes)  // before count * itemBytes can overflow
            failBudget();
        m_spent += count * itemBytes;
    }

    const uint8_t* take(size_t n) {
        if (n > m_size - m_pos)
            fail(std::string("truncated: ") + m_opName + " needs " + std::to_string(n) +
                 " more bytes, " + std::to_string(m_size - m_pos) + " left");
        const uint8_t* p = m_data + m_pos;
        m_pos += n;
        return p;
    }
    uint64_t takeLe(size_t n) { return readLe(take(n), n); }
    std::string takeLine() {
        const void* nl = std::memchr(m_data + m_pos, '\n', m_size - m_pos);
        if (nl == nullptr)
            fail(std::string("truncated: ") + m_opName + " argument has no end of line");
        const size_t length = static_cast<const uint8_t*>(nl) - (m_data + m_pos);
        std::string line(reinterpret_cast<const char*>(m_data + m_pos), length);
        m_pos += length + 1;
        return line;
    }
    std::string takeString(uint64_t length) {
        if (length > m_size - m_pos)
            fail(std::string("truncated: ") + m_opName + " of " + std::to_string(length) +
                 " bytes, " + std::to_string(m_size - m_pos) + " left");
        const uint8_t* p = take(static_cast<size_t>(length));
        return std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(length));
    }

    Value* make(Value::Kind kind) {
        if (m_arena.size() >= RestrictedUnpickler::kMaxObjects)
            fail("more than " + std::to_string(RestrictedUnpickler::kMaxObjects) + " objects");
        charge(sizeof(Value) + 2 * sizeof(void*));  // with the arena slot and heap overhead
        m_arena.push_back(std::make_unique<Value>());
        m_arena.back()->kind = kind;
        return m_arena.back().get();
    }
    Value* makeInt(int64_t v) {
        Value* value = make(Value::Kind::Int);
        value->integer = v;
        return value;
    }
    Value* makeString(std::string s) {
        charge(s.size());
        Value* value = make(Value::Kind::String);
        value->text = std::move(s);
        return value;
    }

    size_t fence() const { return m_marks.empty() ? 0 : m_marks.back(); }
    void push(Value* v) {
        if (m_stack.size() >= RestrictedUnpickler::kMaxStack)
            fail("stack deeper than " + std::to_string(RestrictedUnpickler::kMaxStack));
        m_stack.push_back(v);
    }
    Value* pop() {
        if (m_stack.size() <= fence())
            fail(std::string("stack underflow at ") + m_opName);
        Value* v = m_stack.back();
        m_stack.pop_back();
        return v;
    }
    Value* top() {
        if (m_stack.size() <= fence())
            fail(std::string("stack underflow at ") + m_opName);
        return m_stack.back();
    }
    // The values pushed since the last MARK, which is removed.
    std::vector<Value*> popMark() {
        if (m_marks.empty())
            fail(std::string("no MARK before ") + m_opName);
        const size_t mark = m_marks.back();
        m_marks.pop_back();
        std::vector<Value*> items(m_stack.begin() + static_cast<std::ptrdiff_t>(mark),
                                  m_stack.end());
        m_stack.resize(mark);
        return items;
    }
    void memoPut(uint64_t index) {
        if (m_memo.size() >= RestrictedUnpickler::kMaxObjects)
            fail("memo larger than " + std::to_string(RestrictedUnpickler::kMaxObjects));
        Value* value = top();  // shared by every later GET: never copied
        auto [it, inserted] = m_memo.emplace(index, value);
        if (inserted)
            charge(4 * sizeof(void*));  // a hash node
        else
            it->second = value;
    }
    Value* memoGet(uint64_t index) {
        auto it = m_memo.find(index);
        if (it == m_memo.end())
            fail("memo entry " + std::to_string(index) + " was never stored");
        return it->second;
    }

    Value* tuple(std::vector<Value*> items) {
        chargeItems(items.size(), sizeof(Value*));
        Value* v = make(Value::Kind::Tuple);
        v->items = std::move(items);
        return v;
    }
    void setItems(Value* dict, const std::vector<Value*>& kv) {
        if (dict->kind != Value::Kind::Dict)
            fail(std::string(m_opName) + " on " + kindName(dict->kind) + ", expected a dict");
        if (kv.size() % 2 != 0)
            fail(std::string(m_opName) + " with an odd number of items");
        chargeItems(kv.size() / 2, sizeof(std::pair<Value*, Value*>));
        for (size_t i = 0; i < kv.size(); i += 2)
            dict->entries.emplace_back(kv[i], kv[i + 1]);
    }
    void appendItems(Value* list, const std::vector<Value*>& items) {
        if (list->kind != Value::Kind::List)
            fail(std::string(m_opName) + " on " + kindName(list->kind) + ", expected a list");
        chargeItems(items.size(), sizeof(Value*));
        list->items.insert(list->items.end(), items.begin(), items.end());
    }

    Value* resolveGlobal(const std::string& module, const std::string& name);
    Value* persistentLoad(Value* pid);
    Value* reduce(Value* callable, Value* args);
    Value* rebuildTensor(const std::vector<Value*>& args, const std::string& function);
    void step(uint8_t op);

    const uint8_t* m_data;
    size_t m_size;
    const std::string& m_label;
    size_t m_budget;
    size_t m_spent = 0;
    size_t m_pos = 0;
    size_t m_opStart = 0;
    const char* m_opName = "";
    std::vector<std::unique_ptr<Value>> m_arena;
    std::vector<Value*> m_stack;
    std::vector<size_t> m_marks;
    std::unordered_map<uint64_t, Value*> m_memo;
    Value* m_result = nullptr;
};

Value* Machine::resolveGlobal(const std::string& module, const std::string& name) {
    for (const AllowedGlobal& g : kAllowedGlobals) {
        if (module == g.module && name == g.name) {
            Value* v = make(Value::Kind::Global);
            v->global = &g;
            v->text = module + "." + name;
            return v;
        }
    }
    fail("forbidden global '" + module + "." + name +
         "': a state dict may only name collections.OrderedDict, torch._utils._rebuild_tensor*, "
         "torch._utils._rebuild_parameter* and the torch.*Storage types (the contract of "
         "torch.load(weights_only=True)); nothing from a checkpoint is executed");
}

Value* Machine::persistentLoad(Value* pid) {
    // ('storage', torch.FloatStorage, key, location, numel)
    const auto& f = pid->items;
    if (pid->kind != Value::Kind::Tuple || f.size() != 5 || f[0]->kind != Value::Kind::String ||
        f[0]->text != "storage")
        fail("unsupported persistent id (" + kindName(pid->kind) +
             "), expected ('storage', type, key, location, numel)");
    if (f[1]->kind != Value::Kind::Global || f[1]->global->callable != Callable::Storage)
        fail("persistent id names " + kindName(f[1]->kind) +
             " where a torch.*Storage type belongs");
    if (f[2]->kind != Value::Kind::String || f[4]->kind != Value::Kind::Int || f[4]->integer < 0)
        fail("persistent id has a malformed key or element count");
    Value* v = make(Value::Kind::Storage);
    charge(sizeof(PickledStorage) + f[2]->text.size());
    v->storage = std::make_unique<PickledStorage>();
    v->storage->dtype = f[1]->global->dtype;
    v->storage->key = f[2]->text;
    v->storage->numel = static_cast<uint64_t>(f[4]->integer);
    return v;
}

Value* Machine::rebuildTensor(const std::vector<Value*>& args, const std::string& function) {
    if (args.size() < 4 || args.size() > 7)
        fail(function + " with " + std::to_string(args.size()) + " arguments");
    if (args[0]->kind != Value::Kind::Storage)
        fail(function + ": argument 1 is " + kindName(args[0]->kind) + ", expected a storage");
    if (args[1]->kind != Value::Kind::Int || args[1]->integer < 0)
        fail(function + ": the storage offset is not a non-negative int");
    for (int which = 2; which <= 3; ++which) {
        const Value* dims = args[static_cast<size_t>(which)];
        if (dims->kind == Value::Kind::Tuple &&
            dims->items.size() > RestrictedUnpickler::kMaxDims)
            fail(function + ": the " + (which == 2 ? "size" : "stride") + " has " +
                 std::to_string(dims->items.size()) + " dimensions, more than " +
                 std::to_string(RestrictedUnpickler::kMaxDims));
    }
    // The size and stride tuples may be one memoized tuple shared by many calls; each tensor
    // gets its own copy, so each copy is charged.
    charge(sizeof(PickledTensor) + args[0]->storage->key.size() +
           2 * args[2]->items.size() * sizeof(int64_t));
    Value* v = make(Value::Kind::Tensor);
    v->tensor = std::make_unique<PickledTensor>();
    v->tensor->storage = *args[0]->storage;
    v->tensor->storageOffset = args[1]->integer;
    for (int which = 2; which <= 3; ++which) {
        const Value* dims = args[static_cast<size_t>(which)];
        if (dims->kind != Value::Kind::Tuple)
            fail(function + ": the " + (which == 2 ? "size" : "stride") + " is " +
                 kindName(dims->kind) + ", expected a tuple of ints");
        auto& out = which == 2 ? v->tensor->shape : v->tensor->strides;
        for (const Value* d : dims->items) {
            if (d->kind != Value::Kind::Int || d->integer < 0)
                fail(function + ": the " + (which == 2 ? "size" : "stride") +
                     " holds something other than a non-negative int");
            out.push_back(d->integer);
        }
    }
    if (v->tensor->shape.size() != v->tensor->strides.size())
        fail(function + ": size and stride differ in length");
    return v;
}

Value* Machine::reduce(Value* callable, Value* args) {
    if (callable->kind != Value::Kind::Global)
        fail("REDUCE calls " + kindName(callable->kind) + ", not an allowed global");
    if (args->kind != Value::Kind::Tuple)
        fail("REDUCE arguments are " + kindName(args->kind) + ", not a tuple");
    const std::string& function = callable->text;
    switch (callable->global->callable) {
        case Callable::OrderedDict:
            if (!args->items.empty())
                fail(function + " called with arguments");
            return make(Value::Kind::Dict);
        case Callable::RebuildTensor:
        case Callable::RebuildTensorV2:
            return rebuildTensor(args->items, function);
        case Callable::RebuildParameter:
        case Callable::RebuildParameterWithState:
            if (args->items.size() < 3 || args->items[0]->kind != Value::Kind::Tensor)
                fail(function + ": expected (tensor, requires_grad, hooks...)");
            return args->items[0];  // shared, not copied
        case Callable::Storage:
            break;
    }
    fail(function + " cannot be called");
}

void Machine::step(uint8_t op) {
    switch (op) {
        case 0x80: {  // PROTO
            const uint64_t version = takeLe(1);
            if (version > 5)
                fail("pickle protocol " + std::to_string(version) + " is not supported");
            return;
        }
        case 0x95:
            takeLe(8);
            return;  // FRAME: a length hint only
        case '}':
            push(make(Value::Kind::Dict));
            return;
        case ']':
            push(make(Value::Kind::List));
            return;
        case ')':
            push(tuple({}));
            return;
        case '(':
            if (m_marks.size() >= RestrictedUnpickler::kMaxStack)
                fail("too many MARKs");
            m_marks.push_back(m_stack.size());
            return;
        case '0':
            pop();
            return;
        case '1':
            popMark();
            return;
        case '2':
            push(top());
            return;
        case 'N':
            push(make(Value::Kind::None));
            return;
        case 0x88:
        case 0x89: {
            Value* v = make(Value::Kind::Bool);
            v->integer = op == 0x88;
            push(v);
            return;
        }
        case 'J':
            push(makeInt(static_cast<int32_t>(takeLe(4))));
            return;
        case 'K':
            push(makeInt(static_cast<int64_t>(takeLe(1))));
            return;
        case 'M':
            push(makeInt(static_cast<int64_t>(takeLe(2))));
            return;
        case 0x8a:
        case 0x8b: {  // LONG1, LONG4: little-endian two's complement
            const uint64_t n = takeLe(op == 0x8a ? 1 : 4);
            if (n > 8)
                fail("integer of " + std::to_string(n) + " bytes does not fit in 64 bits");
            const uint8_t* p = take(static_cast<size_t>(n));
            uint64_t v = readLe(p, static_cast<size_t>(n));
            if (n > 0 && n < 8 && (p[n - 1] & 0x80))
                v |= ~uint64_t(0) << (8 * n);
            push(makeInt(static_cast<int64_t>(v)));
            return;
        }
        case 'G': {  // BINFLOAT: big-endian double
            const uint8_t* p = take(8);
            uint64_t bits = 0;
            for (int i = 0; i < 8; ++i)
                bits = (bits << 8) | p[i];
            Value* v = make(Value::Kind::Float);
            std::memcpy(&v->real, &bits, sizeof bits);
            push(v);
            return;
        }
        case 'X':  // BINUNICODE
        case 'B':  // BINBYTES
            push(makeString(takeString(takeLe(4))));
            return;
        case 'T':  // BINSTRING: a signed length
        {
            const auto length = static_cast<int32_t>(takeLe(4));
            if (length < 0)
                fail("negative string length");
            push(makeString(takeString(static_cast<uint64_t>(length))));
            return;
        }
        case 0x8c:  // SHORT_BINUNICODE
        case 'U':   // SHORT_BINSTRING
        case 'C':   // SHORT_BINBYTES
            push(makeString(takeString(takeLe(1))));
            return;
        case 0x8d:  // BINUNICODE8
        case 0x8e:  // BINBYTES8
            push(makeString(takeString(takeLe(8))));
            return;
        case 't':
            push(tuple(popMark()));
            return;
        case 0x85:
        case 0x86:
        case 0x87: {
            std::vector<Value*> items(static_cast<size_t>(op - 0x84));
            for (size_t i = items.size(); i-- > 0;)
                items[i] = pop();
            push(tuple(std::move(items)));
            return;
        }
        case 'l': {
            Value* list = make(Value::Kind::List);
            list->items = popMark();
            chargeItems(list->items.size(), sizeof(Value*));
            push(list);
            return;
        }
        case 'd': {
            Value* dict = make(Value::Kind::Dict);
            setItems(dict, popMark());
            push(dict);
            return;
        }
        case 'q':
            memoPut(takeLe(1));
            return;
        case 'r':
            memoPut(takeLe(4));
            return;
        case 0x94:
            memoPut(m_memo.size());
            return;
        case 'h':
            push(memoGet(takeLe(1)));
            return;
        case 'j':
            push(memoGet(takeLe(4)));
            return;
        case 'c': {
            const std::string module = takeLine();
            const std::string name = takeLine();
            push(resolveGlobal(module, name));
            return;
        }
        case 0x93: {  // STACK_GLOBAL
            Value* name = pop();
            Value* module = pop();
            if (name->kind != Value::Kind::String || module->kind != Value::Kind::String)
                fail("STACK_GLOBAL on non-strings");
            push(resolveGlobal(module->text, name->text));
            return;
        }
        case 'Q':
            push(persistentLoad(pop()));
            return;
        case 'R': {
            Value* args = pop();
            Value* callable = pop();
            push(reduce(callable, args));
            return;
        }
        case 'b': {  // BUILD: state on a dict (e.g. _metadata) or a tensor is ignored
            Value* state = pop();
            (void)state;
            Value* target = top();
            if (target->kind != Value::Kind::Dict && target->kind != Value::Kind::Tensor)
                fail("BUILD on " + kindName(target->kind));
            return;
        }
        case 's': {
            Value* value = pop();
            Value* key = pop();
            setItems(top(), {key, value});
            return;
        }
        case 'u': {
            std::vector<Value*> kv = popMark();
            setItems(top(), kv);
            return;
        }
        case 'a': {
            Value* item = pop();
            appendItems(top(), {item});
            return;
        }
        case 'e': {
            std::vector<Value*> items = popMark();
            appendItems(top(), items);
            return;
        }
        case '.':
            m_result = pop();
            return;
        default:
            break;
    }
    const char* name = pickleOpcodeName(op);
    fail(name != nullptr ? std::string("opcode ") + name + " (" + hexByte(op) +
                               ") is not allowed in a state dict"
                         : "unknown opcode " + hexByte(op) + " (not a pickle, or a damaged one)");
}

Value* Machine::run() {
    while (m_result == nullptr) {
        m_opStart = m_pos;
        if (m_pos >= m_size)
            fail("truncated: the pickle ends without STOP");
        const uint8_t op = m_data[m_pos++];
        const char* name = pickleOpcodeName(op);
        m_opName = name != nullptr ? name : "?";
        step(op);
    }
    return m_result;
}

std::vector<PickledTensor> Machine::stateDict(const Value* root) {
    m_opStart = m_size;  // messages from here on are about the result, at the pickle's end
    if (root->kind != Value::Kind::Dict)
        throw ModelLoadError(m_label + ": the pickle holds " + kindName(root->kind) +
                             ", expected a state dict (a dict of name -> tensor)");
    std::vector<PickledTensor> out;
    chargeItems(root->entries.size(), sizeof(PickledTensor));
    out.reserve(root->entries.size());
    std::set<std::string> seen;
    for (const auto& [key, value] : root->entries) {
        if (key->kind != Value::Kind::String)
            throw ModelLoadError(m_label + ": a state dict key is " + kindName(key->kind) +
                                 ", expected a str");
        if (value->kind != Value::Kind::Tensor)
            throw ModelLoadError(m_label + ": state dict entry '" + key->text + "' is " +
                                 kindName(value->kind) + ", expected a tensor");
        const PickledTensor& t = *value->tensor;
        charge(2 * key->text.size() + 4 * sizeof(void*) + t.storage.key.size() +
               (t.shape.size() + t.strides.size()) * sizeof(int64_t));  // the copy, the set
        if (!seen.insert(key->text).second)
            throw ModelLoadError(m_label + ": state dict key '" + key->text + "' appears twice");
        out.push_back(t);
        out.back().name = key->text;
    }
    return out;
}

}  // namespace

size_t RestrictedUnpickler::defaultBudget(size_t pickleBytes) {
    const size_t perByte = pickleBytes > (SIZE_MAX - kBudgetFloor) / kBudgetPerByte
                               ? SIZE_MAX - kBudgetFloor
                               : pickleBytes * kBudgetPerByte;
    return kBudgetFloor + perByte;
}

RestrictedUnpickler::RestrictedUnpickler(const uint8_t* data, size_t size, std::string label,
                                         size_t budgetBytes)
    : m_data(data),
      m_size(size),
      m_label(std::move(label)),
      m_budget(budgetBytes != 0 ? budgetBytes : defaultBudget(size)) {}

std::vector<PickledTensor> RestrictedUnpickler::loadStateDict() {
    Machine machine(m_data, m_size, m_label, m_budget);
    return machine.stateDict(machine.run());
}

}  // namespace persona::tensorio
