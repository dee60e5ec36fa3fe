#include "analysis/filter.hpp"

#include <algorithm>

#include "util/errors.hpp"

namespace gapfinder {

namespace {

std::string trim(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::string text_of(const Filter& f) {
    std::string out = f.grouping + "=";
    for (size_t i = 0; i < f.categories.size(); ++i) out += (i ? "," : "") + f.categories[i];
    return out;
}

// The categories of a grouping as a message lists them: id (label), and for a
// characteristic its top-level groups first.
std::string valid_categories(const Grouping& g) {
    std::string out;
    for (const auto& c : g.categories) out += (out.empty() ? "" : ", ") + c.id + " (" + c.label + ")";
    return out;
}

}  // namespace

Filter parse_filter(const std::string& text) {
    const size_t eq = text.find('=');
    Filter f;
    if (eq != std::string::npos) f.grouping = trim(text.substr(0, eq));
    if (eq != std::string::npos) {
        size_t pos = eq + 1;
        while (pos <= text.size()) {
            size_t comma = text.find(',', pos);
            if (comma == std::string::npos) comma = text.size();
            if (std::string c = trim(text.substr(pos, comma - pos)); !c.empty()) f.categories.push_back(c);
            pos = comma + 1;
        }
    }
    if (f.grouping.empty() || f.categories.empty())
        throw InputError("--filter \"" + text + "\": write DIMENSION=CATEGORY[,CATEGORY...], e.g. --filter pay_band=senior_management");
    return f;
}

std::vector<Filter> resolve_filters(const SurveyDefinition& survey, const std::vector<Filter>& filters) {
    std::vector<Filter> out;
    for (const Filter& raw : filters) {
        const Grouping* g = survey.find_grouping(raw.grouping);
        if (!g) {
            std::string known;
            for (const auto& x : survey.groupings) known += (known.empty() ? "" : ", ") + x.id;
            throw InputError("--filter " + text_of(raw) + ": survey " + survey.id + " records no characteristic or dimension \"" +
                             raw.grouping + "\"; it records: " + known);
        }
        Filter f;
        f.grouping = g->id;
        for (const auto& name : raw.categories) {
            std::string id;
            for (const auto& c : g->categories)
                if (c.id == name) id = c.id;
            if (id.empty()) {
                const int code = g->match(name);
                if (code > 0 && code != kUndisclosed) id = g->categories[static_cast<size_t>(code - 1)].id;
            }
            if (id.empty())
                throw InputError("--filter " + text_of(raw) + ": \"" + name + "\" is not a category of " + g->id +
                                 "; its categories: " + valid_categories(*g));
            if (std::find(f.categories.begin(), f.categories.end(), id) == f.categories.end()) f.categories.push_back(id);
        }
        out.push_back(std::move(f));
    }
    return out;
}

Dataset filter_respondents(const SurveyDefinition& survey, const Dataset& data, const std::vector<Filter>& filters) {
    std::vector<char> keep(data.rows(), 1);
    for (const Filter& f : filters) {
        const Grouping* g = survey.find_grouping(f.grouping);
        if (!g) throw InputError("--filter: unknown grouping \"" + f.grouping + "\"");
        const auto& codes = data.groupings[static_cast<size_t>(g - survey.groupings.data())];
        // A code is in when its category, or the group it rolls up to, is named.
        std::vector<char> in(256, 0);
        for (size_t c = 0; c < g->categories.size() && c + 1 < kUndisclosed; ++c)
            for (const auto& id : f.categories)
                if (g->categories[c].id == id || g->categories[c].group == id) in[c + 1] = 1;
        for (size_t r = 0; r < data.rows(); ++r) keep[r] = keep[r] && in[codes[r]];
    }
    Dataset out;
    const size_t kept = static_cast<size_t>(std::count(keep.begin(), keep.end(), 1));
    out.ids.reserve(kept, kept * 12);
    out.answers.resize(data.answers.size());
    out.groupings.resize(data.groupings.size());
    for (auto& a : out.answers) a.reserve(kept);
    for (auto& g : out.groupings) g.reserve(kept);
    for (size_t r = 0; r < data.rows(); ++r) {
        if (!keep[r]) continue;
        out.ids.push_back(data.ids[r]);
        for (size_t q = 0; q < data.answers.size(); ++q) out.answers[q].push_back(data.answers[q][r]);
        for (size_t g = 0; g < data.groupings.size(); ++g) out.groupings[g].push_back(data.groupings[g][r]);
        if (data.weighted()) out.weights.push_back(data.weights[r]);
        if (!data.strata.codes.empty()) out.strata.push_back(data.strata.labels[data.strata.codes[r]]);
        if (!data.clusters.codes.empty()) out.clusters.push_back(data.clusters.labels[data.clusters.codes[r]]);
        if (!data.record_keys.empty()) out.record_keys.push_back(data.record_keys[r]);
    }
    return out;
}

std::string describe_filters(const std::vector<Filter>& filters) {
    std::string out;
    for (const Filter& f : filters) {
        out += (out.empty() ? "" : "; ") + f.grouping + " = ";
        for (size_t i = 0; i < f.categories.size(); ++i) out += (i ? ", " : "") + f.categories[i];
    }
    return out;
}

}  // namespace gapfinder
