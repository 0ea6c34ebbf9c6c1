// The stack machine behind the restricted unpickler (tensorio/restricted_unpickler.h): the values
// a state-dict pickle may build, and the machine that runs its opcodes with every allocation
// charged to a byte budget. Internal to tensorio: pickle_machine.cpp holds the globals, calls and
// the state-dict extraction, pickle_machine_ops.cpp the opcodes.
#pragma once

#include "persona/error.h"
#include "tensorio/byte_order.h"
#include "tensorio/restricted_unpickler.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace persona::tensorio::pickle {

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
std::string kindName(Value::Kind kind);

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
    // One opcode; each family in its own function (pickle_machine_ops.cpp), which returns false
    // for an opcode not of its family.
    void step(uint8_t op);
    bool stepStack(uint8_t op);    // MARK, POP, DUP, memo, tuples, lists, dicts
    bool stepScalar(uint8_t op);   // None, bools, ints, floats, strings
    bool stepObject(uint8_t op);   // globals, persistent ids, REDUCE, BUILD, SETITEM(S), APPEND(S), STOP

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

}  // namespace persona::tensorio::pickle
