#include "persona/store/store_types.h"

#include "persona/error.h"

namespace persona::store {

std::string toString(Gender g) {
    switch (g) {
        case Gender::Male:
            return "male";
        case Gender::Female:
            return "female";
        case Gender::Unknown:
            break;
    }
    return "unknown";
}

std::string toString(FactOrigin o) {
    switch (o) {
        case FactOrigin::Typed:
            return "typed";
        case FactOrigin::Imported:
            return "imported";
        case FactOrigin::Proposed:
            return "proposed";
        case FactOrigin::Approved:
            break;
    }
    return "approved";
}

std::string toString(Role r) {
    return r == Role::User ? "user" : "persona";
}

std::string toString(FactChange::Kind k) {
    switch (k) {
        case FactChange::Kind::Added:
            return "added";
        case FactChange::Kind::Removed:
            return "removed";
        case FactChange::Kind::TextChanged:
            return "text_changed";
        case FactChange::Kind::Moved:
            return "moved";
        case FactChange::Kind::EnabledChanged:
            return "enabled_changed";
        case FactChange::Kind::OriginChanged:
            break;
    }
    return "origin_changed";
}

Gender parseGender(const std::string& s) {
    if (s == "male")
        return Gender::Male;
    if (s == "female")
        return Gender::Female;
    if (s == "unknown")
        return Gender::Unknown;
    throw InvalidArgument("gender must be \"male\", \"female\" or \"unknown\", not \"" + s + "\"");
}

FactOrigin parseFactOrigin(const std::string& s) {
    if (s == "typed")
        return FactOrigin::Typed;
    if (s == "imported")
        return FactOrigin::Imported;
    if (s == "proposed")
        return FactOrigin::Proposed;
    if (s == "approved")
        return FactOrigin::Approved;
    throw InvalidArgument(
        "fact origin must be \"typed\", \"imported\", \"proposed\" or \"approved\", not \"" + s +
        "\"");
}

Role parseRole(const std::string& s) {
    if (s == "user")
        return Role::User;
    if (s == "persona")
        return Role::Persona;
    throw InvalidArgument("role must be \"user\" or \"persona\", not \"" + s + "\"");
}

}  // namespace persona::store
