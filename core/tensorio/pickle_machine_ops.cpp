// The opcodes of the restricted unpickler's machine (tensorio/pickle_machine.h), by family.
// Anything not listed here is refused by name (pickle_opcodes.h): no INST, OBJ, NEWOBJ, EXT or
// anything else that could construct an arbitrary object.
#include "tensorio/pickle_machine.h"

#include "tensorio/pickle_opcodes.h"

namespace persona::tensorio::pickle {

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
        default:
            break;
    }
    if (stepStack(op) || stepScalar(op) || stepObject(op))
        return;
    const char* name = pickleOpcodeName(op);
    fail(name != nullptr ? std::string("opcode ") + name + " (" + hexByte(op) +
                               ") is not allowed in a state dict"
                         : "unknown opcode " + hexByte(op) + " (not a pickle, or a damaged one)");
}

bool Machine::stepStack(uint8_t op) {
    switch (op) {
        case '}':
            push(make(Value::Kind::Dict));
            return true;
        case ']':
            push(make(Value::Kind::List));
            return true;
        case ')':
            push(tuple({}));
            return true;
        case '(':
            if (m_marks.size() >= RestrictedUnpickler::kMaxStack)
                fail("too many MARKs");
            m_marks.push_back(m_stack.size());
            return true;
        case '0':
            pop();
            return true;
        case '1':
            popMark();
            return true;
        case '2':
            push(top());
            return true;
        case 't':
            push(tuple(popMark()));
            return true;
        case 0x85:
        case 0x86:
        case 0x87: {
            std::vector<Value*> items(static_cast<size_t>(op - 0x84));
            for (size_t i = items.size(); i-- > 0;)
                items[i] = pop();
            push(tuple(std::move(items)));
            return true;
        }
        case 'l': {
            Value* list = make(Value::Kind::List);
            list->items = popMark();
            chargeItems(list->items.size(), sizeof(Value*));
            push(list);
            return true;
        }
        case 'd': {
            Value* dict = make(Value::Kind::Dict);
            setItems(dict, popMark());
            push(dict);
            return true;
        }
        case 'q':
            memoPut(takeLe(1));
            return true;
        case 'r':
            memoPut(takeLe(4));
            return true;
        case 0x94:
            memoPut(m_memo.size());
            return true;
        case 'h':
            push(memoGet(takeLe(1)));
            return true;
        case 'j':
            push(memoGet(takeLe(4)));
            return true;
        default:
            return false;
    }
}

bool Machine::stepScalar(uint8_t op) {
    switch (op) {
        case 'N':
            push(make(Value::Kind::None));
            return true;
        case 0x88:
        case 0x89: {
            Value* v = make(Value::Kind::Bool);
            v->integer = op == 0x88;
            push(v);
            return true;
        }
        case 'J':
            push(makeInt(static_cast<int32_t>(takeLe(4))));
            return true;
        case 'K':
            push(makeInt(static_cast<int64_t>(takeLe(1))));
            return true;
        case 'M':
            push(makeInt(static_cast<int64_t>(takeLe(2))));
            return true;
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
            return true;
        }
        case 'G': {  // BINFLOAT: big-endian double
            const uint8_t* p = take(8);
            uint64_t bits = 0;
            for (int i = 0; i < 8; ++i)
                bits = (bits << 8) | p[i];
            Value* v = make(Value::Kind::Float);
            std::memcpy(&v->real, &bits, sizeof bits);
            push(v);
            return true;
        }
        case 'X':  // BINUNICODE
        case 'B':  // BINBYTES
            push(makeString(takeString(takeLe(4))));
            return true;
        case 'T':  // BINSTRING: a signed length
        {
            const auto length = static_cast<int32_t>(takeLe(4));
            if (length < 0)
                fail("negative string length");
            push(makeString(takeString(static_cast<uint64_t>(length))));
            return true;
        }
        case 0x8c:  // SHORT_BINUNICODE
        case 'U':   // SHORT_BINSTRING
        case 'C':   // SHORT_BINBYTES
            push(makeString(takeString(takeLe(1))));
            return true;
        case 0x8d:  // BINUNICODE8
        case 0x8e:  // BINBYTES8
            push(makeString(takeString(takeLe(8))));
            return true;
        default:
            return false;
    }
}

bool Machine::stepObject(uint8_t op) {
    switch (op) {
        case 'c': {
            const std::string module = takeLine();
            const std::string name = takeLine();
            push(resolveGlobal(module, name));
            return true;
        }
        case 0x93: {  // STACK_GLOBAL
            Value* name = pop();
            Value* module = pop();
            if (name->kind != Value::Kind::String || module->kind != Value::Kind::String)
                fail("STACK_GLOBAL on non-strings");
            push(resolveGlobal(module->text, name->text));
            return true;
        }
        case 'Q':
            push(persistentLoad(pop()));
            return true;
        case 'R': {
            Value* args = pop();
            Value* callable = pop();
            push(reduce(callable, args));
            return true;
        }
        case 'b': {  // BUILD: state on a dict (e.g. _metadata) or a tensor is ignored
            Value* state = pop();
            (void)state;
            Value* target = top();
            if (target->kind != Value::Kind::Dict && target->kind != Value::Kind::Tensor)
                fail("BUILD on " + kindName(target->kind));
            return true;
        }
        case 's': {
            Value* value = pop();
            Value* key = pop();
            setItems(top(), {key, value});
            return true;
        }
        case 'u': {
            std::vector<Value*> kv = popMark();
            setItems(top(), kv);
            return true;
        }
        case 'a': {
            Value* item = pop();
            appendItems(top(), {item});
            return true;
        }
        case 'e': {
            std::vector<Value*> items = popMark();
            appendItems(top(), items);
            return true;
        }
        case '.':
            m_result = pop();
            return true;

        default:
            return false;
    }
}

}  // namespace persona::tensorio::pickle
