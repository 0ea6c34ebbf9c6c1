// The restricted unpickler's entry point and its byte budget; the machine that runs the pickle
// is tensorio/pickle_machine.h.
#include "tensorio/restricted_unpickler.h"

#include "tensorio/pickle_machine.h"

namespace persona::tensorio {

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
    pickle::Machine machine(m_data, m_size, m_label, m_budget);
    return machine.stateDict(machine.run());
}

}  // namespace persona::tensorio
