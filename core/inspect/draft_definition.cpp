#include "inspect/draft_definition.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

#include "domain/bands.hpp"
#include "domain/catalogue.hpp"

namespace gapfinder {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// Headings that name a characteristic, most specific first ("gender identity" before
// "gender"). Matched as whole words in the normalised heading.
struct HeadingRule {
    const char* characteristic;
    std::vector<std::string> phrases;
};

const std::vector<HeadingRule>& heading_rules() {
    static const std::vector<HeadingRule> rules = {
        {"gender_reassignment", {"gender identity", "same as your sex registered", "same as the sex you were registered",
                                 "sex registered at birth", "trans"}},
        {"sexual_orientation", {"sexual orientation", "sexuality"}},
        {"race", {"ethnic group", "ethnic origin", "ethnicity", "ethnic", "race"}},
        {"religion_belief", {"religion", "religious", "faith", "belief"}},
        {"disability", {"disabled", "disability", "long-term health condition", "long term health condition"}},
        {"pregnancy_maternity", {"pregnant", "pregnancy", "maternity"}},
        {"marriage_civil_partnership", {"marital", "civil partnership", "married"}},
        {"caring", {"carer", "caring", "unpaid care", "look after, or give any help"}},
        {"socio_economic", {"occupation", "socio-economic", "ns-sec", "nssec", "most recent job", "current job"}},
        {"sex", {"sex", "gender"}},
        {"age", {"age", "age group", "age band", "how old"}},
    };
    return rules;
}

bool has_phrase(const std::string& text, const std::string& phrase) {
    for (size_t at = text.find(phrase); at != std::string::npos; at = text.find(phrase, at + 1)) {
        const bool start = at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1]));
        const size_t end = at + phrase.size();
        const bool stop = end == text.size() || !std::isalnum(static_cast<unsigned char>(text[end]));
        if (start && stop) return true;
    }
    return false;
}

const Characteristic* characteristic_from_heading(const std::string& heading) {
    const std::string h = normalise_label(heading);
    for (const auto& rule : heading_rules())
        for (const auto& phrase : rule.phrases)
            if (has_phrase(h, phrase)) return find_characteristic(rule.characteristic);
    return nullptr;
}

bool is_number(const std::string& s) {
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && end == s.data() + s.size();
}

// Labels that are answers but not opinions: outside the base of a question.
bool is_non_substantive(const std::string& label) {
    static const std::set<std::string> words = {"don't know", "dont know", "do not know", "not sure", "not applicable",
                                                "n/a", "na", "no opinion", "can't say", "cannot say"};
    const std::string n = normalise_label(label);
    return words.count(n) > 0 || n.rfind("have not used", 0) == 0 || n.rfind("not used", 0) == 0 || is_undisclosed_label(label);
}

// Answer scales councils use, best answer first; the first `positive` points are positive.
struct KnownScale {
    const char* name;
    std::vector<std::string> labels;
    size_t positive;
};

const std::vector<KnownScale>& known_scales() {
    static const std::vector<KnownScale> scales = {
        {"satisfaction5", {"Very satisfied", "Fairly satisfied", "Neither satisfied nor dissatisfied", "Fairly dissatisfied", "Very dissatisfied"}, 2},
        {"satisfied5", {"Very satisfied", "Satisfied", "Neither satisfied nor dissatisfied", "Dissatisfied", "Very dissatisfied"}, 2},
        {"agree5", {"Strongly agree", "Tend to agree", "Neither agree nor disagree", "Tend to disagree", "Strongly disagree"}, 2},
        {"agree5_plain", {"Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"}, 2},
        {"agree4", {"Definitely agree", "Tend to agree", "Tend to disagree", "Definitely disagree"}, 2},
        {"informed4", {"Very well informed", "Fairly well informed", "Not very well informed", "Not well informed at all"}, 2},
        {"frequency4", {"Always", "Most of the time", "Some of the time", "Never"}, 2},
        {"likely5", {"Very likely", "Fairly likely", "Neither likely nor unlikely", "Fairly unlikely", "Very unlikely"}, 2},
        {"yes_no", {"Yes", "No"}, 1},
    };
    return scales;
}

// The known scale of a column: one whose labels cover every substantive value, or one
// whose every label is present when at most three other values remain (a cohesion
// question's "Too few people in local area"); those are returned in `unknown`, to be
// treated as non-substantive and listed for checking.
const KnownScale* scale_of(const ColumnProfile& c, std::vector<std::string>& unknown) {
    std::vector<std::string> substantive;
    for (const auto& [value, count] : c.values)
        if (!is_non_substantive(value)) substantive.push_back(value);
    if (substantive.size() < 2) return nullptr;
    for (const auto& scale : known_scales()) {
        std::set<std::string> labels;
        for (const auto& l : scale.labels) labels.insert(normalise_label(l));
        std::vector<std::string> off_scale;
        std::set<std::string> seen;
        for (const auto& v : substantive) {
            if (labels.count(normalise_label(v))) seen.insert(normalise_label(v));
            else off_scale.push_back(v);
        }
        if (off_scale.empty() || (seen.size() == labels.size() && labels.size() >= 4 && off_scale.size() <= 3)) {
            unknown = off_scale;
            return &scale;
        }
    }
    return nullptr;
}

std::string slug(const std::string& text) {
    std::string out;
    for (char ch : normalise_label(text)) {
        if (std::isalnum(static_cast<unsigned char>(ch))) out += ch;
        else if (!out.empty() && out.back() != '_') out += '_';
        if (out.size() >= 40) break;
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out.empty() ? "value" : out;
}

void add_point(Array::Ptr points, int code, const std::string& label) {
    Object::Ptr point = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    point->set("code", code);
    point->set("label", label);
    points->add(point);
}

// A drafted scale: its points and positive codes, then the file's non-substantive
// answers ("Don't know") as points from first_extra_code on, outside the base.
Object::Ptr scale_object(Array::Ptr points, Array::Ptr positive, const std::vector<std::string>& extra,
                         int first_extra_code) {
    Array::Ptr non_substantive = new Array;
    int code = first_extra_code;
    for (const auto& e : extra) {
        add_point(points, code, e);
        non_substantive->add(code++);
    }
    Object::Ptr scale = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    scale->set("points", points);
    scale->set("positive", positive);
    if (non_substantive->size()) scale->set("non_substantive", non_substantive);
    return scale;
}

// Adds the question a column's heading drafts, on the named scale; returns its id.
std::string add_question(Array::Ptr questions, const std::string& heading, const std::string& scale) {
    const std::string id = "q" + std::to_string(questions->size() + 1) + "_" + slug(heading).substr(0, 24);
    Object::Ptr q = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    q->set("id", id);
    q->set("column", heading);
    q->set("text", heading);
    q->set("theme", "");
    q->set("scale", scale);
    questions->add(q);
    return id;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// Forms print options as "Group: option" ("Asian or Asian British: Indian") or with a
// gloss ("Christian (including Church of England, ...)"): try the label as written,
// then the option after the colon, then the label without its bracket.
int match_category(const Characteristic& ch, const std::string& value) {
    if (const int k = ch.match_label(value); k >= 0) return k;
    if (const size_t colon = value.find(": "); colon != std::string::npos)
        if (const int k = ch.match_label(value.substr(colon + 2)); k >= 0) return k;
    if (const size_t bracket = value.find(" ("); bracket != std::string::npos && bracket > 0)
        if (const int k = ch.match_label(value.substr(0, bracket)); k >= 0) return k;
    return -1;
}


// A number written as a whole number ("4", or "4.0" as SPSS and survey tools export it).
bool whole_number(const std::string& s, int& out) {
    std::string_view digits = s;
    if (digits.size() > 2 && digits.substr(digits.size() - 2) == ".0") digits.remove_suffix(2);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return ec == std::errc() && end == digits.data() + digits.size();
}

// A column of numbers and no labels that reads as a rating scale: 1-5, 1-7, 1-10 or 0-10,
// with at least three different answers and its top end reached far enough that the
// smaller scale would not do (so a 0/1 flag or a count of children is not a rating).
struct NumericScale {
    int low = 0, high = 0;
};
std::optional<NumericScale> numeric_scale(const ColumnProfile& c) {
    if (c.many_values) return std::nullopt;
    int low = INT32_MAX, high = INT32_MIN;
    size_t distinct = 0;
    for (const auto& [value, count] : c.values) {
        if (is_non_substantive(value)) continue;
        int v = 0;
        if (!whole_number(value, v)) return std::nullopt;
        low = std::min(low, v);
        high = std::max(high, v);
        ++distinct;
    }
    if (distinct < 3) return std::nullopt;
    if (low >= 1 && high <= 5) return high >= 4 ? std::optional<NumericScale>(NumericScale{1, 5}) : std::nullopt;
    if (low >= 1 && high <= 7) return NumericScale{1, 7};
    if (low >= 0 && high <= 10 && high >= 8) return NumericScale{low == 0 ? 0 : 1, 10};
    return std::nullopt;
}

// Free text ("Any other comments?", "Other (please specify)"): answers that are long, or
// nearly all different, or both under a heading that asks for words. No breakdown can use
// them, and as a dimension they would be a category per respondent.
bool free_text(const ColumnProfile& c) {
    if (c.numbers) return false;
    if (c.many_values || c.longest > 80) return true;
    uint64_t answered = 0, length = 0;
    for (const auto& [value, count] : c.values) answered += count, length += value.size() * count;
    if (answered < 3) return false;
    const double distinct = static_cast<double>(c.values.size()) / static_cast<double>(answered);
    const double mean_length = static_cast<double>(length) / static_cast<double>(answered);
    if (answered >= 5 && distinct >= 0.9 && mean_length > 20) return true;
    const std::string h = normalise_label(c.heading);
    static const char* const asks_for_words[] = {"comment", "comments", "please specify", "please tell us", "please explain",
                                                 "why", "explain", "describe", "suggestion", "suggestions", "anything else"};
    return distinct >= 0.5 && mean_length > 10 &&
           std::any_of(std::begin(asks_for_words), std::end(asks_for_words), [&](const char* p) { return has_phrase(h, p); });
}

bool blank_heading(const ColumnProfile& c) { return c.heading.find_first_not_of(" \t") == std::string::npos; }

// How well a column's values fit a characteristic, 0 to 1: the share of its distinct
// values that are the characteristic's labels, "prefer not to say", or (for age) numbers.
// A column of too many values to list fits only age (ages in years).
double fit(const Characteristic& ch, const ColumnProfile& c) {
    const bool age = ch.id == "age";
    if (c.many_values) return age && c.numbers ? 1.0 : 0.0;
    if (c.values.empty()) return 0.0;
    size_t fitting = 0;
    for (const auto& [value, count] : c.values)
        if (is_undisclosed_label(value) || (is_number(value) ? age : match_category(ch, value) >= 0) ||
            (ch.banded() && parse_band_label(value)))
            ++fitting;
    return static_cast<double>(fitting) / static_cast<double>(c.values.size());
}

// A file's own bands of a numeric characteristic (a council's 18-34 / 35-54 / 55-74 /
// 75+), as the definition's categories: when every disclosed value is a band, together
// they leave no gap and no overlap, and at least one is no catalogue wording (else the
// catalogue's categories serve, as they always have). Null otherwise. Every band is
// drafted, however few hold it: a range of ages names no one, and a band left out would
// stop the ingest.
Array::Ptr own_bands(const Characteristic& ch, const ColumnProfile& c, std::string& summary) {
    if (!ch.banded() || c.many_values) return nullptr;
    // band -> the file's labels for it, the most used first (the category's label)
    std::vector<std::pair<Band, std::vector<std::pair<uint64_t, std::string>>>> found;
    bool beyond_catalogue = false;
    for (const auto& [value, count] : c.values) {
        if (is_undisclosed_label(value)) continue;
        const std::optional<Band> b = parse_band_label(value);
        if (!b) return nullptr;
        // A wording the catalogue knows ("18-24" for 16 to 24) is the catalogue's band.
        if (ch.match_label(value) < 0) beyond_catalogue = true;
        auto same = std::find_if(found.begin(), found.end(),
                                 [&](const auto& f) { return f.first.from == b->from && f.first.to == b->to; });
        if (same == found.end()) found.push_back({*b, {{count, value}}});
        else same->second.push_back({count, value});
    }
    for (auto& f : found)
        std::stable_sort(f.second.begin(), f.second.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    if (!beyond_catalogue || found.size() < 2) return nullptr;
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first.from < b.first.from; });
    std::vector<Band> bands;
    for (const auto& f : found) bands.push_back(f.first);
    if (!check_bands(bands, "categories").empty()) return nullptr;
    Array::Ptr out = new Array;
    for (const auto& [band, labels] : found) {
        Object::Ptr cat = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        cat->set("id", ch.id + "_" + std::to_string(band.from) + "_" + (band.to == kOpenEnded ? "plus" : std::to_string(band.to)));
        cat->set("label", labels.front().second);
        cat->set("from", band.from);
        if (band.to != kOpenEnded) cat->set("to", band.to);
        if (labels.size() > 1) {
            Array::Ptr aliases = new Array;
            for (size_t i = 1; i < labels.size(); ++i) aliases->add(labels[i].second);
            cat->set("aliases", aliases);
        }
        out->add(cat);
        summary += (summary.empty() ? "" : ", ") + band.text();
    }
    return out;
}

// How plainly a heading names its characteristic: 0 when it is only the name ("Age",
// "What is your sex?"), 1 for a short question, 2 for a long one that may only mention it.
int plainness(const std::string& heading) {
    std::string h = normalise_label(heading);
    for (const char* lead : {"what is your ", "your "})
        if (h.rfind(lead, 0) == 0) h = h.substr(std::strlen(lead));
    while (!h.empty() && !std::isalnum(static_cast<unsigned char>(h.back()))) h.pop_back();
    for (const auto& rule : heading_rules())
        for (const auto& phrase : rule.phrases)
            if (h == phrase) return 0;
    const size_t words = static_cast<size_t>(std::count(h.begin(), h.end(), ' ')) + 1;
    return words <= 8 ? 1 : 2;
}

// For each characteristic that headings name, the one column that stands for it among the
// columns `usable` allows: values that fit first, then the plainest heading, then the first.
std::map<std::string, size_t> characteristic_columns(const std::vector<ColumnProfile>& columns,
                                                     const std::function<bool(size_t)>& usable) {
    std::map<std::string, std::tuple<bool, int, size_t>> best;  // id -> (misfit, plainness, column)
    for (size_t i = 0; i < columns.size(); ++i) {
        if (!usable(i)) continue;
        const Characteristic* ch = characteristic_from_heading(columns[i].heading);
        if (!ch) continue;
        const std::tuple<bool, int, size_t> rank{fit(*ch, columns[i]) < 0.5, plainness(columns[i].heading), i};
        const auto [it, inserted] = best.emplace(ch->id, rank);
        if (!inserted && rank < it->second) it->second = rank;
    }
    std::map<std::string, size_t> out;
    for (const auto& [id, rank] : best) out.emplace(id, std::get<2>(rank));
    for (size_t i = 0; i < columns.size(); ++i)  // every characteristic a heading names has an entry
        if (const Characteristic* ch = characteristic_from_heading(columns[i].heading)) out.emplace(ch->id, SIZE_MAX);
    return out;
}

}  // namespace

DraftDefinition draft_definition(const std::string& survey_id, const std::string& title, const ProfileSink& profile,
                                 uint64_t min_listed) {
    DraftDefinition draft;
    const auto& columns = profile.columns();

    // The respondent id: a heading that says so, else the first column whose values are
    // all present and all different.
    // A heading that appears more than once cannot be used: the ingest could not tell which
    // column a definition means (SurveyMonkey repeats "... - Other (please specify)").
    std::map<std::string, std::vector<size_t>> same_heading;
    for (size_t i = 0; i < columns.size(); ++i)
        if (!blank_heading(columns[i])) same_heading[normalise_label(columns[i].heading)].push_back(i);
    const auto repeated_heading = [&](const ColumnProfile& c) { return same_heading[normalise_label(c.heading)].size() > 1; };

    // Only a column with a value on every row, never repeated, can be the id: a repeated
    // STORE_ID is a dimension, not the case id beside it.
    const auto could_be_id = [&](const ColumnProfile& c) {
        return c.blank == 0 && !c.repeats && !blank_heading(c) && !repeated_heading(c) && profile.rows() > 0;
    };
    int id_column = -1;
    for (size_t i = 0; i < columns.size() && id_column < 0; ++i) {
        const std::string h = normalise_label(columns[i].heading);
        if ((has_phrase(h, "id") || has_phrase(h, "respondent") || has_phrase(h, "response id") || has_phrase(h, "case") ||
             has_phrase(h, "caseid")) &&
            could_be_id(columns[i]))
            id_column = static_cast<int>(i);
    }
    for (size_t i = 0; i < columns.size() && id_column < 0; ++i)
        if (could_be_id(columns[i])) id_column = static_cast<int>(i);

    // The survey's weight: a column headed as one ("Weight", "wt_final"), all numbers.
    int weight_column = -1;
    for (size_t i = 0; i < columns.size() && weight_column < 0; ++i) {
        const std::string h = normalise_label(columns[i].heading);
        if (static_cast<int>(i) != id_column && !repeated_heading(columns[i]) && columns[i].numbers &&
            (!columns[i].values.empty() || columns[i].many_values) &&
            (has_phrase(h, "weight") || has_phrase(h, "weighting") || has_phrase(h, "wt") || has_phrase(h, "wgt")))
            weight_column = static_cast<int>(i);
    }

    // The sample design a polling supplier's file carries: its strata and its clusters
    // (primary sampling units), by heading. A design needs weights and a value on every
    // row, or the ingest stops; a column that cannot be one is said, not drafted.
    int strata_column = -1, cluster_column = -1;
    std::vector<std::string> design_notes;
    for (size_t i = 0; i < columns.size(); ++i) {
        const ColumnProfile& c = columns[i];
        if (static_cast<int>(i) == id_column || static_cast<int>(i) == weight_column || repeated_heading(c) || blank_heading(c)) continue;
        const std::string h = normalise_label(c.heading);
        const bool strata = has_phrase(h, "stratum") || has_phrase(h, "strata") || has_phrase(h, "strat") ||
                            has_phrase(h, "stratification");
        const bool cluster = has_phrase(h, "psu") || has_phrase(h, "cluster") || has_phrase(h, "sampling point") ||
                             has_phrase(h, "sampling unit") || has_phrase(h, "primary sampling unit");
        if (strata == cluster) continue;  // neither, or a heading that claims both
        int& slot = strata ? strata_column : cluster_column;
        const std::string what = strata ? "the sample's strata (strata_column)" : "the sample's clusters (cluster_column)";
        const std::string where = "column " + std::to_string(i + 1) + " " + quoted(c.heading);
        if (slot >= 0) continue;  // the first such heading; the rest are drafted as they would be anyway
        if (weight_column < 0)
            design_notes.push_back(where + " looks like " + what + ", but no weight column was found, and a design needs weights: "
                                   "name weight_column, then this column");
        else if (c.blank > 0 || (c.values.empty() && !c.many_values))
            design_notes.push_back(where + " looks like " + what + ", but " + std::to_string(c.blank) +
                                   " cell(s) are blank and the ingest needs one on every row; left out");
        else
            slot = static_cast<int>(i);
    }

    // Which column stands for each characteristic named in headings: the best fit when
    // several headings name one (a real "Age" column over a question that mentions age).
    const std::map<std::string, size_t> by_heading = characteristic_columns(columns, [&](size_t i) {
        return static_cast<int>(i) != id_column && !blank_heading(columns[i]) && !repeated_heading(columns[i]);
    });

    Object::Ptr scales = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    Array::Ptr questions = new Array, characteristics = new Array, dimensions = new Array, comments = new Array,
               notes = new Array;
    std::set<std::string> used_characteristics, dimension_ids;
    std::map<std::string, std::string> scale_by_signature;  // labels in the file -> scale name

    for (size_t i = 0; i < columns.size(); ++i) {
        const ColumnProfile& c = columns[i];
        const std::string where = "column " + std::to_string(i + 1) + " " + quoted(c.heading);
        if (static_cast<int>(i) == id_column) {
            draft.recognised.push_back(where + ": respondent id");
            continue;
        }
        if (blank_heading(c)) {
            draft.not_mapped.push_back("column " + std::to_string(i + 1) + " has no heading; left out (give it one to use it)");
            continue;
        }
        if (repeated_heading(c)) {
            const auto& all = same_heading[normalise_label(c.heading)];
            if (all.front() == i) {
                std::string list;
                for (size_t k = 0; k < all.size(); ++k)
                    list += (k == 0 ? "" : k + 1 == all.size() ? " and " : ", ") + std::to_string(all[k] + 1);
                draft.not_mapped.push_back("columns " + list + " share the heading " + quoted(c.heading) +
                                           "; left out, since an ingest cannot tell them apart (rename them in the file to use them)");
            }
            continue;
        }
        if (static_cast<int>(i) == weight_column) {
            draft.recognised.push_back(where + ": the survey's weight (weight_column; check it is the weight to the population)");
            continue;
        }
        if (static_cast<int>(i) == strata_column || static_cast<int>(i) == cluster_column) {
            draft.recognised.push_back(where + (static_cast<int>(i) == strata_column ? ": the sample's strata (strata_column, "
                                                                                      : ": the sample's clusters (cluster_column, ") +
                                       (c.many_values ? std::string("many") : std::to_string(c.values.size())) + " values)");
            continue;
        }
        if (c.values.empty() && !c.many_values) {
            draft.not_mapped.push_back(where + ": every cell is blank; left out");
            continue;
        }

        // A characteristic, by heading; else by values that are catalogue labels.
        const Characteristic* ch = characteristic_from_heading(c.heading);
        if (ch && (used_characteristics.count(ch->id) || by_heading.at(ch->id) != i)) ch = nullptr;
        if (!ch && !c.many_values)
            for (const auto& candidate : catalogue()) {
                if (used_characteristics.count(candidate.id)) continue;
                size_t matched = 0;
                for (const auto& [value, count] : c.values)
                    if (!is_number(value) && match_category(candidate, value) >= 0 && normalise_label(value) != "yes" &&
                        normalise_label(value) != "no")
                        ++matched;
                if (matched >= 3 && matched * 10 >= c.values.size() * 8) {
                    ch = &candidate;
                    break;
                }
            }
        if (ch) {
            used_characteristics.insert(ch->id);
            Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            o->set("characteristic", ch->id);
            o->set("column", c.heading);
            std::string band_list;
            if (Array::Ptr bands = own_bands(*ch, c, band_list)) {
                o->set("categories", bands);
                Object::Ptr map = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
                for (const auto& [value, count] : c.values)
                    if (is_undisclosed_label(value) && count >= min_listed) map->set(value, "undisclosed");
                if (map->size()) o->set("map", map);
                characteristics->add(o);
                draft.recognised.push_back(where + ": characteristic " + ch->id + " in the file's own bands (" + band_list +
                                           "), which stay " + ch->id + "; check them");
                continue;
            }
            Object::Ptr map = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            size_t mapped = 0, unmapped = 0, rare_unmapped = 0;
            for (const auto& [value, count] : c.values) {
                if (count < min_listed) {
                    // Not named: a catalogue label still matches at ingest without the map.
                    if (!is_undisclosed_label(value) && match_category(*ch, value) < 0) ++unmapped, ++rare_unmapped;
                    else ++mapped;
                    continue;
                }
                if (is_undisclosed_label(value)) {
                    map->set(value, "undisclosed");
                    ++mapped;
                } else if (const int k = match_category(*ch, value); k >= 0) {
                    if (!is_number(value)) map->set(value, ch->categories[static_cast<size_t>(k)].id);  // numbers band themselves
                    ++mapped;
                } else {
                    ++unmapped;
                    draft.not_mapped.push_back(where + " (" + ch->id + "): " + quoted(value) + " (" + std::to_string(count) +
                                               " respondents) matches no category; add it to the map, e.g. as \"undisclosed\" or a category id");
                }
            }
            if (rare_unmapped)
                draft.not_mapped.push_back(where + " (" + ch->id + "): " + std::to_string(rare_unmapped) +
                                           " value(s) held by fewer than " + std::to_string(min_listed) +
                                           " respondents each match no category; not listed, so that no one is singled out "
                                           "(gapfinder inspect on the command line lists them)");
            if (c.many_values) draft.not_mapped.push_back(where + " (" + ch->id + "): too many distinct values to list; check them");
            if (map->size()) o->set("map", map);
            characteristics->add(o);
            draft.recognised.push_back(where + ": characteristic " + ch->id + " (" + std::to_string(mapped) + " label(s) mapped, " +
                                       std::to_string(unmapped) + " not)");
            continue;
        }

        // A question on a known scale, with its non-substantive answers as found.
        std::vector<std::string> off_scale;
        if (const KnownScale* ks = c.many_values ? nullptr : scale_of(c, off_scale)) {
            std::vector<std::string> extra;
            size_t rare_off_scale = 0;
            auto rare = [&](const std::string& value) {
                const auto it = c.values.find(value);
                return it != c.values.end() && it->second < min_listed;
            };
            for (const auto& [value, count] : c.values)
                if (is_non_substantive(value) && count >= min_listed) extra.push_back(value);
            for (const auto& v : off_scale) {
                if (rare(v)) {
                    ++rare_off_scale;
                    continue;
                }
                extra.push_back(v);
                draft.not_mapped.push_back(where + ": " + quoted(v) + " is not on the " + ks->name +
                                           " scale; drafted as non-substantive (outside the base): check");
            }
            if (rare_off_scale)
                draft.not_mapped.push_back(where + ": " + std::to_string(rare_off_scale) + " answer(s) held by fewer than " +
                                           std::to_string(min_listed) + " respondents each are not on the " + ks->name +
                                           " scale; not listed, so that no one is singled out (gapfinder inspect lists them)");
            std::string signature = ks->name;
            for (const auto& e : extra) signature += "|" + normalise_label(e);
            std::string& name = scale_by_signature[signature];
            if (name.empty()) {
                name = ks->name;
                for (int n = 2; scales->has(name); ++n) name = std::string(ks->name) + "_" + std::to_string(n);
                Array::Ptr points = new Array, positive = new Array;
                int code = 1;
                for (size_t p = 0; p < ks->labels.size(); ++p, ++code) {
                    add_point(points, code, ks->labels[p]);
                    if (p < ks->positive) positive->add(code);
                }
                scales->set(name, scale_object(points, positive, extra, std::max(code, 7)));
            }
            add_question(questions, c.heading, name);
            draft.recognised.push_back(where + ": question on scale " + name);
            continue;
        }

        if (free_text(c)) {
            const std::string id = "c" + std::to_string(comments->size() + 1) + "_" + slug(c.heading).substr(0, 24);
            Object::Ptr comment = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            comment->set("id", id);
            comment->set("column", c.heading);
            comment->set("text", c.heading);
            comments->add(comment);
            draft.recognised.push_back(where + ": free text; a comment question (" + id +
                                       "), kept for coding into themes, never shown unredacted");
            continue;
        }

        // Numbers with no labels on a rating scale's range: a question, with the positive
        // answers guessed and the guess said in the draft's notes, since a file of codes
        // does not say whether 1 or 5 is the best answer.
        if (const auto range = numeric_scale(c)) {
            std::vector<std::string> extra;
            for (const auto& [value, count] : c.values)
                if (is_non_substantive(value) && count >= min_listed) extra.push_back(value);
            std::string signature = "numeric" + std::to_string(range->low) + "_" + std::to_string(range->high);
            const std::string base = signature;
            for (const auto& e : extra) signature += "|" + normalise_label(e);
            std::string& name = scale_by_signature[signature];
            if (name.empty()) {
                name = base;
                for (int n = 2; scales->has(name); ++n) name = base + "_" + std::to_string(n);
                Array::Ptr points = new Array, positive = new Array;
                for (int code = range->low; code <= range->high; ++code) add_point(points, code, std::to_string(code));
                positive->add(range->high - 1);
                positive->add(range->high);
                // Codes far above any rating, so that no rating written as a number means one.
                scales->set(name, scale_object(points, positive, extra, 101));
            }
            const std::string id = add_question(questions, c.heading, name);
            const std::string top = std::to_string(range->high), next = std::to_string(range->high - 1);
            const std::string bottom = std::to_string(range->low), second = std::to_string(range->low + 1);
            const std::string guess = "GUESS: " + where + " holds only the whole numbers " + bottom + " to " + top +
                                      " and no labels; drafted as question " + id + " on scale " + name + " with " + next +
                                      " and " + top + " as positive, taking " + top +
                                      " as the best answer. Check the questionnaire: if " + bottom +
                                      " is the best, make positive [" + bottom + ", " + second + "]; and give the points their labels.";
            notes->add(guess);
            draft.recognised.push_back(where + ": question on numeric scale " + name + " (positive answers guessed; see notes)");
            draft.not_mapped.push_back(guess);
            continue;
        }

        // A short list of values: a dimension (directorate, ward, pay band...).
        if (!c.many_values && c.values.size() >= 2 && c.values.size() <= 40 && c.longest <= 80) {
            Object::Ptr d = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            // Never a catalogue characteristic's id, nor another dimension's.
            std::string id = slug(c.heading);
            for (int n = 2; find_characteristic(id) || !dimension_ids.insert(id).second; ++n) id = slug(c.heading) + "_" + std::to_string(n);
            d->set("id", id);
            d->set("label", c.heading);
            d->set("column", c.heading);
            Array::Ptr categories = new Array;
            std::set<std::string> ids;
            size_t rare_values = 0;
            for (const auto& [value, count] : c.values) {
                if (count < min_listed) {
                    ++rare_values;
                    continue;
                }
                Object::Ptr cat = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
                std::string id = slug(value);
                for (int n = 2; !ids.insert(id).second; ++n) id = slug(value) + "_" + std::to_string(n);
                cat->set("id", id);
                cat->set("label", value);
                categories->add(cat);
            }
            d->set("categories", categories);
            dimensions->add(d);
            draft.recognised.push_back(where + ": dimension with " + std::to_string(c.values.size()) +
                                       " values (not a known scale or characteristic: check it)");
            if (rare_values)
                draft.not_mapped.push_back(where + ": " + std::to_string(rare_values) + " value(s) held by fewer than " +
                                           std::to_string(min_listed) + " respondents each; not listed as categories, so that "
                                           "no one is singled out (gapfinder inspect lists them)");
            continue;
        }
        draft.not_mapped.push_back(where + ": " +
                                   (c.many_values ? std::string("many different numbers (an amount, a score or a code?)")
                                                  : std::to_string(c.values.size()) + " values on no known scale") +
                                   "; left out");
    }
    if (id_column < 0) draft.not_mapped.push_back("no respondent id column found: name one in respondent_id_column");
    draft.not_mapped.insert(draft.not_mapped.end(), design_notes.begin(), design_notes.end());
    if (questions->size() == 0)
        draft.not_mapped.push_back("no question column found (no known scale, no numeric rating): a definition needs at least "
                                   "one, so this draft will not load until one is added to questions");

    Object::Ptr doc = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    doc->set("schema", "gapfinder-survey/1");
    doc->set("id", survey_id);
    doc->set("title", title);
    if (notes->size()) doc->set("notes", notes);
    doc->set("kind", "residents_panel");
    doc->set("respondent_id_column", id_column >= 0 ? columns[static_cast<size_t>(id_column)].heading : "");
    if (weight_column >= 0) doc->set("weight_column", columns[static_cast<size_t>(weight_column)].heading);
    if (strata_column >= 0) doc->set("strata_column", columns[static_cast<size_t>(strata_column)].heading);
    if (cluster_column >= 0) doc->set("cluster_column", columns[static_cast<size_t>(cluster_column)].heading);
    doc->set("scales", scales);
    doc->set("questions", questions);
    doc->set("characteristics", characteristics);
    if (dimensions->size()) doc->set("dimensions", dimensions);
    if (comments->size()) doc->set("comments", comments);
    std::ostringstream out;
    doc->stringify(out, 2);
    draft.json = out.str() + "\n";
    return draft;
}

}  // namespace gapfinder
