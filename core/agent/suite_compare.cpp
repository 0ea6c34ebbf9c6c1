#include "persona/agent/suite_runner.h"

#include <cmath>
#include <cstdio>
#include <set>

namespace persona {

std::string toString(SuiteComparisonRow::Change change) {
    switch (change) {
        case SuiteComparisonRow::Change::Same: return "same";
        case SuiteComparisonRow::Change::Regression: return "regression";
        case SuiteComparisonRow::Change::Improvement: return "improvement";
        case SuiteComparisonRow::Change::Added: return "added";
        case SuiteComparisonRow::Change::Removed: return "removed";
    }
    return "same";
}

namespace {

std::string signedNats(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%+.2f", v);
    return buf;
}

void append(std::string& why, const std::string& part) { why += (why.empty() ? "" : ", ") + part; }

// Classifies one question present in both runs.
void classify(SuiteComparisonRow& row, double relianceDrop) {
    const auto& a = *row.before;
    const auto& b = *row.after;
    bool worse = false, better = false;
    std::string worseWhy, betterWhy;
    if (a.hit && b.hit && *a.hit != *b.hit) {
        (*a.hit ? worse : better) = true;
        append(*a.hit ? worseWhy : betterWhy, *a.hit ? "hit -> miss" : "miss -> hit");
    }
    if (a.reliance && b.reliance) {
        const double delta = *b.reliance - *a.reliance;
        if (delta < -relianceDrop) worse = true, append(worseWhy, "reliance " + signedNats(delta));
        else if (delta > relianceDrop) better = true, append(betterWhy, "reliance " + signedNats(delta));
    }
    if (worse) {
        row.change = SuiteComparisonRow::Change::Regression;
        row.why = worseWhy;
    } else if (better) {
        row.change = SuiteComparisonRow::Change::Improvement;
        row.why = betterWhy;
    }
}

}  // namespace

SuiteComparison compareSuiteRuns(const store::SuiteRun& before, const store::SuiteRun& after, double relianceDrop) {
    SuiteComparison out;
    std::set<std::string> seen;
    auto findBefore = [&](const std::string& q) -> const store::SuiteResult* {
        for (const auto& r : before.results)
            if (r.question == q) return &r;
        return nullptr;
    };
    for (const auto& r : after.results) {
        if (!seen.insert(r.question).second) continue;  // a repeated question counts once
        SuiteComparisonRow row;
        row.question = r.question;
        row.after = r;
        if (const auto* b = findBefore(r.question)) {
            row.before = *b;
            classify(row, relianceDrop);
        } else {
            row.change = SuiteComparisonRow::Change::Added;
        }
        out.regressions += row.change == SuiteComparisonRow::Change::Regression;
        out.improvements += row.change == SuiteComparisonRow::Change::Improvement;
        out.rows.push_back(std::move(row));
    }
    for (const auto& r : before.results) {
        if (!seen.insert(r.question).second) continue;
        SuiteComparisonRow row;
        row.question = r.question;
        row.before = r;
        row.change = SuiteComparisonRow::Change::Removed;
        out.rows.push_back(std::move(row));
    }
    return out;
}

}  // namespace persona
