// The engine feature by feature (golden texts from @huggingface/jinja, see make_chat_golden.js),
// and hostile templates: each refused in bounded time and memory with a message naming the line.
#include "chat_golden.h"
#include "persona/chat/chat_template.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace {

using json = nlohmann::ordered_json;

json golden() { return persona::test::chatGolden(); }

TEST(JinjaFeatures, EachFeatureTemplateEqualsTheReference) {
    const json doc = golden();
    const json& vars = doc.at("feature_variables");
    int compared = 0;
    for (const json& c : doc.at("features")) {
        const std::string tpl = c.at("template");
        if (c.contains("error")) continue;  // the reference cannot run it
        ++compared;
        try {
            EXPECT_EQ(persona::ChatTemplate(tpl).render(vars), c.at("text").get<std::string>()) << tpl;
        } catch (const std::exception& e) {
            ADD_FAILURE() << tpl << ": " << e.what();
        }
    }
    EXPECT_GE(compared, 25);
}

std::string renderError(const std::string& tpl, const json& vars = json::object(),
                        persona::ChatTemplateLimits limits = {}) {
    try {
        persona::ChatTemplate(tpl, limits).render(vars);
    } catch (const persona::ChatTemplateError& e) {
        return e.what();
    }
    return "(rendered)";
}

struct HostileCase {
    const char* name;
    std::string tpl;
    const char* expected;  // part of the message
};

class HostileTemplateTest : public ::testing::TestWithParam<HostileCase> {};

TEST_P(HostileTemplateTest, IsRefusedWithTheLine) {
    const std::string what = renderError(GetParam().tpl);
    EXPECT_NE(what.find(GetParam().expected), std::string::npos) << what;
    EXPECT_NE(what.find("chat template"), std::string::npos) << what;
}

INSTANTIATE_TEST_SUITE_P(
    Templates, HostileTemplateTest,
    ::testing::Values(
        HostileCase{"HugeLoop", "{% for i in range(1000000000) %}x{% endfor %}", "steps"},
        HostileCase{"NestedLoops", "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", "steps"},
        HostileCase{"EndlessRecursion", "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "line 1: macro f calls macros more than 64 deep"},
        HostileCase{"OutputBomb", "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}", "longer than"},
        HostileCase{"StringRepeatBomb", "{{ 'x' * 100000000000 }}", "longer than"},
        HostileCase{"DeepNesting", "{% set ns = namespace(x=1) %}{% for i in range(1000) %}{% set ns.x = [ns.x] %}{% endfor %}", "nest deeper"},
        HostileCase{"SelfContainingNamespace", "{% set ns = namespace() %}{% set ns.me = [ns] %}{{ ns.me | tojson }}", "nest deeper"},
        HostileCase{"DeepParens", "{{ " + std::string(10000, '(') + "1" + std::string(10000, ')') + " }}", "nests deeper than"},
        HostileCase{"DeepBlocks", [] { std::string s; for (int i = 0; i < 5000; ++i) s += "{% if true %}"; return s; }(), "nests deeper than"},
        HostileCase{"UnclosedTag", "line one\n{{ oops", "line 2: a tag {{ is never closed"},
        HostileCase{"UnknownTag", "\n\n{% include 'x' %}", "line 3: unknown tag {% include %}"},
        HostileCase{"UnknownFilter", "{{ 'a' | shell }}", "unknown filter 'shell'"},
        HostileCase{"RaiseException", "a\n{{ raise_exception('Роли должны чередоваться') }}", "line 2: the template refused the conversation: Роли должны чередоваться"},
        HostileCase{"UndefinedFunction", "{{ open('/etc/passwd') }}", "'open' is undefined"}),
    [](const auto& info) { return std::string(info.param.name); });

// What a sandbox-escape attempt gets is nothing: no file, no environment, no Python objects.
TEST(JinjaSandbox, NoFileEnvironmentOrObjectAccess) {
    EXPECT_EQ(persona::ChatTemplate("[{{ env }}{{ self.__init__.__globals__ }}{{ ''.__class__ }}{{ cycler }}{{ lipsum }}]").render(json::object()),
              "[]");
    // strftime_now is not given: templates fall back to their own dates.
    EXPECT_EQ(persona::ChatTemplate("{{ 'has' if strftime_now is defined else 'none' }}").render(json::object()), "none");
}

TEST(JinjaLimits, StepsAndOutputAreTheCallersToSet) {
    persona::ChatTemplateLimits small;
    small.maxSteps = 100;
    EXPECT_NE(renderError("{% for i in range(50) %}{{ i }}{% endfor %}", json::object(), small).find("more than 100 steps"),
              std::string::npos);
    small = {};
    small.maxOutputBytes = 10;
    EXPECT_NE(renderError("{{ 'abcdefghijkl' }}", json::object(), small).find("longer than 10 bytes"), std::string::npos);
    small = {};
    small.maxTemplateBytes = 4;
    try {
        persona::ChatTemplate("{{ x }}", small);
        FAIL();
    } catch (const persona::ChatTemplateError& e) {
        EXPECT_NE(std::string(e.what()).find("more than 4"), std::string::npos) << e.what();
    }
}

}  // namespace
