#include "analysis/disclosure.hpp"

#include <sstream>

#include "analysis/filter.hpp"
#include "util/errors.hpp"

namespace gapfinder {

const char* const kNotForPublication =
    "NOT FOR PUBLICATION: made below this survey's disclosure floor (--below-disclosure-floor); it may identify people";

namespace {

std::string shown(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

[[noreturn]] void below(const SurveyDefinition& survey, const std::string& option, double value, double floor) {
    throw InputError("--" + option + " " + shown(value) + " is below the disclosure floor of survey " + survey.id + " (" +
                     shown(floor) + "; its definition's \"disclosure\" settings): a request may raise it, not lower it");
}

}  // namespace

void check_disclosure_floor(const SurveyDefinition& survey, const AnalysisSettings& s) {
    if (s.below_disclosure_floor) return;
    const DisclosureFloor& floor = survey.disclosure;
    if (s.suppress_below < floor.suppress_below) below(survey, "suppress-below", s.suppress_below, floor.suppress_below);
    if (s.min_base < floor.min_base) below(survey, "min-base", s.min_base, floor.min_base);
}

void check_filters(const SurveyDefinition& survey, const AnalysisSettings& s) {
    if (s.below_disclosure_floor) return;
    for (const Filter& f : s.filters)
        if (!survey.disclosure.allows_filter_by(f.grouping)) {
            std::string allowed;
            for (const auto& id : survey.disclosure.filter_by) allowed += (allowed.empty() ? "" : ", ") + id;
            throw InputError("--filter " + describe_filters({f}) + ": survey " + survey.id + " does not allow filtering on " +
                             f.grouping + " (its disclosure settings allow " + (allowed.empty() ? "no filter" : allowed) +
                             "); break down by it with --by instead");
        }
}

void check_filters_for_perturbed_counts(const AnalysisSettings& s) {
    if (!s.perturb) return;
    for (const Filter& f : s.filters)
        if (f.categories.size() != 1)
            throw InputError("--filter " + describe_filters({f}) +
                             ": with perturbed counts a filter names one category or one group, not several: filters to "
                             "overlapping sets of categories give tables whose differences average the perturbation away "
                             "(docs/method.md, \"Perturbation: the cell key method\"); ask for each category in turn");
}

void check_filtered_respondents(const SurveyDefinition& survey, const AnalysisSettings& s, uint64_t respondents_left) {
    if (s.below_disclosure_floor || s.filters.empty()) return;
    if (respondents_left < survey.disclosure.min_filtered_respondents)
        throw InputError("--filter " + describe_filters(s.filters) + ": leaves too few respondents to publish (survey " + survey.id +
                         " needs at least " + std::to_string(survey.disclosure.min_filtered_respondents) +
                         " after filtering); widen or drop the filter");
}

}  // namespace gapfinder
