// The restricted unpickler's machine (tensorio/pickle_machine.h): the globals a state dict may
// name, persistent ids, REDUCE of the allowed callables, running the opcodes and the state dict.
#include "tensorio/pickle_machine.h"

#include "tensorio/pickle_opcodes.h"

#include <set>

namespace persona::tensorio::pickle {

namespace {

// The globals a state dict may name; everything else is refused at GLOBAL time.
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

}  // namespace

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

}  // namespace persona::tensorio::pickle
