#include "domain/survey_definition.hpp"

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

#include "domain/bands.hpp"
#include "text/codebook.hpp"
#include "text/tokenise.hpp"
#include "util/errors.hpp"

namespace gapfinder {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

// Walks a parsed JSON document, remembering the path to each value so that every
// problem can be reported as e.g. questions[3].scale.positive.
class Validator {
public:
    std::vector<std::string> problems;

    void fail(const std::string& path, const std::string& message) {
        problems.push_back((path.empty() ? "" : path + ": ") + message);
    }

    Object::Ptr object(const Var& v, const std::string& path) {
        if (v.type() == typeid(Object::Ptr)) return v.extract<Object::Ptr>();
        fail(path, "expected an object");
        return nullptr;
    }
    Array::Ptr array(const Var& v, const std::string& path) {
        if (v.type() == typeid(Array::Ptr)) return v.extract<Array::Ptr>();
        fail(path, "expected an array");
        return nullptr;
    }
    std::string text(const Object::Ptr& o, const std::string& key, const std::string& path, bool required) {
        if (!o->has(key)) {
            if (required) fail(join(path, key), "is required");
            return {};
        }
        const Var& v = o->get(key);
        if (!v.isString()) {
            fail(join(path, key), "expected a string");
            return {};
        }
        std::string s = v.toString();
        if (required && s.empty()) fail(join(path, key), "must not be empty");
        return s;
    }
    bool integer(const Var& v, const std::string& path, int& out) {
        if (v.isInteger()) {
            out = v.convert<int>();
            return true;
        }
        fail(path, "expected a whole number");
        return false;
    }
    static std::string join(const std::string& path, const std::string& key) {
        return path.empty() ? key : path + "." + key;
    }
    static std::string at(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }
    // Every key of o must be one of allowed: a misspelt key is an error, not silently ignored.
    void known_keys(const Object::Ptr& o, const std::string& path, std::initializer_list<const char*> allowed) {
        for (const std::string& key : o->getNames()) {
            if (std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) continue;
            std::string list;
            for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
            fail(join(path, key), "is not a known field here (known: " + list + ")");
        }
    }
};

// "2024-10" or "2024-10-15": a real month (and day) from 1900 to 2999.
bool valid_date(const std::string& s) {
    auto digits = [&](size_t from, size_t n) {
        if (s.size() < from + n) return -1;
        int v = 0;
        for (size_t i = from; i < from + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return -1;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    if ((s.size() != 7 && s.size() != 10) || s[4] != '-') return false;
    const int year = digits(0, 4), month = digits(5, 2);
    if (year < 1900 || year > 2999 || month < 1 || month > 12) return false;
    if (s.size() == 7) return true;
    if (s[7] != '-') return false;
    const int day = digits(8, 2);
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day >= 1 && day <= kDays[month - 1] && !(month == 2 && day == 29 && !leap);
}

bool valid_id(const std::string& s, bool allow_dash) {
    if (s.empty()) return false;
    return std::all_of(s.begin(), s.end(), [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (allow_dash && c == '-');
    });
}

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

Scale parse_scale(Validator& v, const Var& var, const std::string& path, const std::string& name) {
    Scale scale;
    scale.name = name;
    Object::Ptr o = v.object(var, path);
    if (!o) return scale;
    if (!o->has("points")) {
        v.fail(Validator::join(path, "points"), "is required");
        return scale;
    }
    Array::Ptr points = v.array(o->get("points"), Validator::join(path, "points"));
    if (!points) return scale;
    if (points->size() == 0 || points->size() > kMaxCodes)
        v.fail(Validator::join(path, "points"), "must hold 1 to " + std::to_string(kMaxCodes) + " answers");
    std::set<int> codes;
    std::set<std::string> labels;
    for (size_t i = 0; i < points->size(); ++i) {
        const std::string p = Validator::at(Validator::join(path, "points"), i);
        Object::Ptr po = v.object(points->get(static_cast<unsigned>(i)), p);
        if (!po) continue;
        ScalePoint point;
        if (!po->has("code")) v.fail(Validator::join(p, "code"), "is required");
        else if (v.integer(po->get("code"), Validator::join(p, "code"), point.code) && !codes.insert(point.code).second)
            v.fail(Validator::join(p, "code"), "code " + std::to_string(point.code) + " appears twice on the scale");
        point.label = v.text(po, "label", p, true);
        if (!point.label.empty() && !labels.insert(normalise_label(point.label)).second)
            v.fail(Validator::join(p, "label"), in_quotes(point.label) + " appears twice on the scale");
        point.score = point.code;
        if (po->has("score")) {
            const Var& s = po->get("score");
            if (s.isNumeric()) point.score = s.convert<double>();
            else v.fail(Validator::join(p, "score"), "expected a number");
        }
        if (po->has("aliases")) {
            if (Array::Ptr a = v.array(po->get("aliases"), Validator::join(p, "aliases")))
                for (size_t k = 0; k < a->size(); ++k) {
                    const Var& alias = a->get(static_cast<unsigned>(k));
                    if (!alias.isString()) v.fail(Validator::at(Validator::join(p, "aliases"), k), "expected a string");
                    else point.aliases.push_back(alias.toString());
                }
        }
        scale.points.push_back(std::move(point));
    }
    auto code_list = [&](const char* key, bool required, auto apply) {
        const std::string kp = Validator::join(path, key);
        if (!o->has(key)) {
            if (required) v.fail(kp, "is required");
            return;
        }
        Array::Ptr a = v.array(o->get(key), kp);
        if (!a) return;
        if (required && a->size() == 0) v.fail(kp, "must list at least one code");
        for (size_t k = 0; k < a->size(); ++k) {
            int code = 0;
            if (!v.integer(a->get(static_cast<unsigned>(k)), Validator::at(kp, k), code)) continue;
            auto it = std::find_if(scale.points.begin(), scale.points.end(), [&](const ScalePoint& sp) { return sp.code == code; });
            if (it == scale.points.end()) v.fail(kp, "code " + std::to_string(code) + " is not on the scale");
            else apply(*it, kp);
        }
    };
    code_list("positive", true, [](ScalePoint& sp, const std::string&) { sp.positive = true; });
    code_list("non_substantive", false, [&](ScalePoint& sp, const std::string& kp) {
        if (sp.positive) v.fail(kp, "code " + std::to_string(sp.code) + " cannot be both positive and non-substantive");
        sp.substantive = false;
    });
    return scale;
}

// Shared by characteristics and dimensions: the explicit label map.
void parse_map(Validator& v, const Object::Ptr& o, const std::string& path, Grouping& g) {
    if (!o->has("map")) return;
    Object::Ptr m = v.object(o->get("map"), Validator::join(path, "map"));
    if (!m) return;
    for (const auto& [label, value] : *m) {
        const std::string p = Validator::join(path, "map") + "[" + in_quotes(label) + "]";
        if (!value.isString()) {
            v.fail(p, "expected a category id or \"undisclosed\"");
            continue;
        }
        const std::string target = value.toString();
        int index = -2;
        if (target != "undisclosed") {
            index = -1;
            for (size_t i = 0; i < g.categories.size(); ++i)
                if (g.categories[i].id == target) index = static_cast<int>(i);
            if (index < 0) {
                v.fail(p, in_quotes(target) + " is not a category of " + g.id);
                continue;
            }
        }
        g.map[normalise_label(label)] = index;
        g.map_labels.push_back(label);
    }
}

// A characteristic's own categories: bands of a numeric catalogue characteristic, e.g.
// {"id": "age_35_54", "label": "35-54", "from": 35, "to": 54}. They stay that
// characteristic; each notes the catalogue band that holds it, if one does.
void parse_bands(Validator& v, const Object::Ptr& o, const std::string& path, const Characteristic& c, Grouping& g) {
    const std::string cp = Validator::join(path, "categories");
    if (!c.banded()) {
        v.fail(cp, c.id + " has fixed categories (see gapfinder catalogue); only a characteristic the catalogue bands by number, "
                   "such as age, can list bands of its own. Map the file's labels with \"map\" instead");
        return;
    }
    Array::Ptr cats = v.array(o->get("categories"), cp);
    if (!cats) return;
    if (cats->size() < 2 || cats->size() > kMaxCodes) v.fail(cp, "must hold 2 to " + std::to_string(kMaxCodes) + " bands");
    g.banded = true;
    std::set<std::string> ids;
    std::vector<Band> bands;
    bool every_band_read = true;  // else check_bands' indices would not be the file's
    const auto fail = [&](const std::string& p, const std::string& message) { v.fail(p, message); };
    for (size_t i = 0; i < cats->size(); ++i) {
        const std::string p = Validator::at(cp, i);
        Object::Ptr co = v.object(cats->get(static_cast<unsigned>(i)), p);
        if (!co) {
            every_band_read = false;
            continue;
        }
        v.known_keys(co, p, {"id", "label", "from", "to", "aliases"});
        Category cat;
        cat.id = v.text(co, "id", p, true);
        if (!cat.id.empty() && !valid_id(cat.id, false)) v.fail(Validator::join(p, "id"), in_quotes(cat.id) + ": use lower-case letters, digits and _");
        if (!cat.id.empty() && !ids.insert(cat.id).second) v.fail(Validator::join(p, "id"), in_quotes(cat.id) + " appears twice");
        const std::optional<Band> band = read_band(co, p, fail);
        if (!band) {
            every_band_read = false;
            continue;
        }
        cat.from = band->from;
        cat.to = band->to;
        cat.label = v.text(co, "label", p, false);
        if (cat.label.empty()) cat.label = band->text();
        if (co->has("aliases"))
            if (Array::Ptr a = v.array(co->get("aliases"), Validator::join(p, "aliases")))
                for (size_t k = 0; k < a->size(); ++k) cat.synonyms.push_back(a->get(static_cast<unsigned>(k)).toString());
        // A catalogue id keeps its meaning: the store and other surveys read it as that band.
        if (const int k = c.find(cat.id); k >= 0) {
            const std::string catalogue_range = band_of(c.categories[static_cast<size_t>(k)]).value_or(Band{}).text();
            if (catalogue_range != band->text())
                v.fail(Validator::join(p, "id"), in_quotes(cat.id) + " is the catalogue's " + c.id + " band " + catalogue_range +
                                                     ", not " + band->text() + ": give this band another id");
        }
        if (const int k = catalogue_band(c, *band); k >= 0) cat.catalogue = c.categories[static_cast<size_t>(k)].id;
        bands.push_back(*band);
        g.categories.push_back(std::move(cat));
    }
    if (every_band_read)
        for (const auto& problem : check_bands(bands, cp)) v.fail(Validator::at(cp, problem.index), problem.message);
}

Grouping parse_characteristic(Validator& v, const Var& var, const std::string& path) {
    Grouping g;
    Object::Ptr o = v.object(var, path);
    if (!o) return g;
    g.id = v.text(o, "characteristic", path, true);
    g.column = v.text(o, "column", path, true);
    const Characteristic* c = find_characteristic(g.id);
    if (!c) {
        if (!g.id.empty()) {
            std::string known;
            for (const auto& k : catalogue()) known += (known.empty() ? "" : ", ") + k.id;
            v.fail(Validator::join(path, "characteristic"), in_quotes(g.id) + " is not in the catalogue (" + known + ")");
        }
        return g;
    }
    g.label = c->label;
    if (o->has("categories")) parse_bands(v, o, path, *c, g);
    else g.categories = c->categories;
    parse_map(v, o, path, g);
    return g;
}

Grouping parse_dimension(Validator& v, const Var& var, const std::string& path) {
    Grouping g;
    g.kind = Grouping::Kind::dimension;
    Object::Ptr o = v.object(var, path);
    if (!o) return g;
    g.id = v.text(o, "id", path, true);
    if (!g.id.empty() && !valid_id(g.id, false)) v.fail(Validator::join(path, "id"), "use lower-case letters, digits and _");
    if (find_characteristic(g.id)) v.fail(Validator::join(path, "id"), in_quotes(g.id) + " is a catalogue characteristic: list it under characteristics");
    g.label = v.text(o, "label", path, false);
    if (g.label.empty()) g.label = g.id;
    g.column = v.text(o, "column", path, true);
    const std::string cp = Validator::join(path, "categories");
    if (!o->has("categories")) {
        v.fail(cp, "is required");
        return g;
    }
    Array::Ptr cats = v.array(o->get("categories"), cp);
    if (!cats) return g;
    if (cats->size() == 0 || cats->size() > kMaxCodes) v.fail(cp, "must hold 1 to " + std::to_string(kMaxCodes) + " categories");
    std::set<std::string> ids;
    for (size_t i = 0; i < cats->size(); ++i) {
        const std::string p = Validator::at(cp, i);
        Object::Ptr co = v.object(cats->get(static_cast<unsigned>(i)), p);
        if (!co) continue;
        Category cat;
        cat.id = v.text(co, "id", p, true);
        if (!cat.id.empty() && !ids.insert(cat.id).second) v.fail(Validator::join(p, "id"), in_quotes(cat.id) + " appears twice");
        cat.label = v.text(co, "label", p, false);
        if (cat.label.empty()) cat.label = cat.id;
        if (co->has("aliases"))
            if (Array::Ptr a = v.array(co->get("aliases"), Validator::join(p, "aliases")))
                for (size_t k = 0; k < a->size(); ++k) cat.synonyms.push_back(a->get(static_cast<unsigned>(k)).toString());
        g.categories.push_back(std::move(cat));
    }
    parse_map(v, o, path, g);
    return g;
}

int parse_small_int(std::string_view s) {
    int value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    return (ec == std::errc() && end == s.data() + s.size()) ? value : -1;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

int Scale::match(std::string_view cell) const {
    cell = trim(cell);
    if (cell.empty()) return kBlank;
    const std::string n = normalise_label(cell);
    for (size_t i = 0; i < points.size(); ++i) {
        if (n == normalise_label(points[i].label)) return static_cast<int>(i + 1);
        for (const auto& a : points[i].aliases)
            if (n == normalise_label(a)) return static_cast<int>(i + 1);
    }
    // Numbers exported by SPSS or a survey tool as "4" or "4.0".
    std::string_view digits = n;
    if (digits.size() > 2 && digits.substr(digits.size() - 2) == ".0") digits.remove_suffix(2);
    const int code = parse_small_int(digits);
    if (code != -1 || digits == "-1")
        for (size_t i = 0; i < points.size(); ++i)
            if (points[i].code == code) return static_cast<int>(i + 1);
    return -1;
}

std::string Scale::allowed_labels() const {
    std::string out;
    for (const auto& p : points) out += (out.empty() ? "" : ", ") + in_quotes(p.label) + " (" + std::to_string(p.code) + ")";
    return out;
}

int Grouping::match(std::string_view cell) const {
    cell = trim(cell);
    if (cell.empty()) return kBlank;
    const std::string n = normalise_label(cell);
    if (auto it = map.find(n); it != map.end()) return it->second == -2 ? kUndisclosed : it->second + 1;
    if (is_undisclosed_label(n)) return kUndisclosed;
    if (kind == Kind::characteristic && !banded) {
        const int i = find_characteristic(id)->match_label(n);
        return i < 0 ? -1 : i + 1;
    }
    for (size_t i = 0; i < categories.size(); ++i) {
        if (n == normalise_label(categories[i].id) || n == normalise_label(categories[i].label)) return static_cast<int>(i + 1);
        for (const auto& s : categories[i].synonyms)
            if (n == normalise_label(s)) return static_cast<int>(i + 1);
    }
    if (banded) {
        // A number falls into the band that holds it; a band written another way ("35 to
        // 54", or a catalogue label such as "75 and over") into the band that holds it whole.
        std::optional<Band> written;
        if (const int value = parse_small_int(n); value != -1 || n == "-1") written = Band{value, value};
        else if (const Characteristic* c = find_characteristic(id); c->match_label(n) >= 0)
            written = band_of(c->categories[static_cast<size_t>(c->match_label(n))]);
        else written = parse_band_label(n);
        if (written)
            for (size_t i = 0; i < categories.size(); ++i)
                if (written->inside(*band_of(categories[i]))) return static_cast<int>(i + 1);
    }
    return -1;
}

std::string Grouping::allowed_labels() const {
    // A mapped answer often repeats a category's label ("Female" -> female): name each once.
    std::vector<std::string> labels;
    auto add = [&labels](const std::string& label) {
        if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
    };
    for (const auto& label : map_labels) add(label);
    for (const auto& c : categories) add(c.label);
    std::string out;
    for (const auto& label : labels) out += (out.empty() ? "" : ", ") + in_quotes(label);
    return out + ", or \"Prefer not to say\"";
}

namespace {

// "disclosure": the floor (DisclosureFloor), checked against the analysis defaults, which
// must not go below it either.
void parse_disclosure(Validator& v, const Object::Ptr& o, SurveyDefinition& d) {
    DisclosureFloor& floor = d.disclosure;
    bool filter_by_given = false;
    if (o->has("disclosure"))
        if (Object::Ptr fo = v.object(o->get("disclosure"), "disclosure")) {
            v.known_keys(fo, "disclosure", {"suppress_below", "min_base", "round_counts", "min_filtered_respondents", "filter_by"});
            auto whole = [&](const char* key, double low, double high, double& out) {
                if (!fo->has(key)) return;
                const Var& value = fo->get(key);
                const std::string path = std::string("disclosure.") + key;
                int n = 0;
                if (!v.integer(value, path, n)) return;
                if (n < low || n > high)
                    v.fail(path, std::to_string(n) + " is out of range (" + std::to_string(static_cast<int>(low)) + " to " +
                                     std::to_string(static_cast<int>(high)) + ")");
                else
                    out = n;
            };
            whole("suppress_below", 1, 1000000, floor.suppress_below);
            whole("min_base", 1, 1000000, floor.min_base);
            double rounding = floor.round_counts_to, filtered = static_cast<double>(floor.min_filtered_respondents);
            whole("round_counts", 0, 10, rounding);
            if (rounding != 0 && rounding != 5 && rounding != 10) v.fail("disclosure.round_counts", "use 0, 5 or 10");
            floor.round_counts_to = static_cast<int>(rounding);
            whole("min_filtered_respondents", 1, 100000000, filtered);
            floor.min_filtered_respondents = static_cast<uint64_t>(filtered);
            if (floor.min_base < floor.suppress_below)
                v.fail("disclosure.min_base", "must not be below disclosure.suppress_below");
            if (fo->has("filter_by"))
                if (Array::Ptr ids = v.array(fo->get("filter_by"), "disclosure.filter_by")) {
                    filter_by_given = true;
                    for (size_t i = 0; i < ids->size(); ++i) {
                        const Var& id = ids->get(static_cast<unsigned>(i));
                        if (!id.isString() || !d.find_grouping(id.toString()))
                            v.fail(Validator::at("disclosure.filter_by", i),
                                   (id.isString() ? in_quotes(id.toString()) : std::string("the value")) +
                                       " is not a characteristic or dimension of this survey");
                        else
                            floor.filter_by.push_back(id.toString());
                    }
                }
        }
    if (!filter_by_given)
        for (const auto& g : d.groupings)
            if (g.kind == Grouping::Kind::dimension) floor.filter_by.push_back(g.id);

    // The survey's own defaults stay on or above its floor.
    auto below = [&](const char* option, double floor_value) {
        auto it = d.analysis_defaults.find(option);
        if (it == d.analysis_defaults.end()) return;
        if (std::stod(it->second) < floor_value) {
            std::string key = option;
            std::replace(key.begin(), key.end(), '-', '_');
            std::ostringstream shown;
            shown << floor_value;
            v.fail("analysis." + key, it->second + " is below the disclosure floor (disclosure." + key + ": " + shown.str() + ")");
        }
    };
    below("suppress-below", floor.suppress_below);
    below("min-base", floor.min_base);
    below("round-counts", floor.round_counts_to);
}

}  // namespace

namespace {

// A coded comment's theme as a question: 1 "Mentions" (positive) or 2 "Does not
// mention", among those who commented. Its theme (for plans) is the explained
// question's, or "Comments"; its outcome reads "mention access to buildings".
Question comment_theme_question(const CommentQuestion& c, const text::Theme& theme, const Question* explained) {
    Question q;
    std::string theme_id;
    for (char ch : theme.id) theme_id += std::isalnum(static_cast<unsigned char>(ch)) ? static_cast<char>(std::tolower(static_cast<unsigned char>(ch))) : '_';
    q.id = c.id + "__" + theme_id;
    q.text = "Mentions " + theme.label + " (" + (c.text.empty() ? c.column : c.text) + ")";
    q.theme = explained && !explained->theme.empty() ? explained->theme : "Comments";
    std::string label = theme.label;
    if (!label.empty() && std::isupper(static_cast<unsigned char>(label[0])) &&
        !(label.size() > 1 && std::isupper(static_cast<unsigned char>(label[1]))))  // "Access" but not "NHS"
        label[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(label[0])));
    q.outcome = "mention " + label;
    q.scale.name = "mentions";
    ScalePoint mentions, not_mentioned;
    mentions.code = 1, mentions.label = "Mentions", mentions.score = 1, mentions.positive = true;
    not_mentioned.code = 2, not_mentioned.label = "Does not mention", not_mentioned.score = 0;
    q.scale.points = {mentions, not_mentioned};
    q.comment_id = c.id;
    q.comment_theme_id = theme.id;
    return q;
}

}  // namespace

SurveyDefinition SurveyDefinition::parse(const std::string& json_text, const std::string& source) {
    Var root;
    try {
        Poco::JSON::Parser parser;
        root = parser.parse(json_text);
    } catch (const Poco::Exception& e) {
        throw InputError(source + ": not valid JSON: " + e.message());
    }
    Validator v;
    SurveyDefinition d;
    d.source = source;
    d.json = json_text;
    Object::Ptr o = v.object(root, "");
    if (!o) throw InputError(source + ": the file must hold one JSON object");
    v.known_keys(o, "", {"schema", "id", "title", "kind", "organisation", "respondent_id_column", "weight_column", "strata_column",
                         "cluster_column", "lonely_psu", "scales",
                         "questions", "characteristics", "dimensions", "comments", "waves", "population", "analysis",
                         "disclosure", "workforce_targets", "action_plan", "notes"});

    const std::string schema = v.text(o, "schema", "", true);
    if (!schema.empty() && schema != "gapfinder-survey/1")
        v.fail("schema", in_quotes(schema) + " is not a known schema (expected \"gapfinder-survey/1\")");
    d.id = v.text(o, "id", "", true);
    if (!d.id.empty() && !valid_id(d.id, true)) v.fail("id", in_quotes(d.id) + ": use lower-case letters, digits, - and _");
    d.title = v.text(o, "title", "", true);
    d.kind = v.text(o, "kind", "", true);
    if (!d.kind.empty() && d.kind != "residents_panel" && d.kind != "staff_questionnaire" && d.kind != "consultation")
        v.fail("kind", in_quotes(d.kind) + " is not one of residents_panel, staff_questionnaire, consultation");
    d.organisation = v.text(o, "organisation", "", false);
    // For people, not for gapfinder: what inspect guessed and asks to be checked. Only
    // its shape is checked, so that a typo'd "note" is still refused by name.
    if (o->has("notes"))
        if (const Array::Ptr notes = v.array(o->get("notes"), "notes"))
            for (size_t i = 0; i < notes->size(); ++i)
                if (!notes->get(static_cast<unsigned>(i)).isString()) v.fail(Validator::at("notes", i), "expected text");
    d.respondent_id_column = v.text(o, "respondent_id_column", "", true);
    d.weight_column = v.text(o, "weight_column", "", false);
    d.strata_column = v.text(o, "strata_column", "", false);
    d.cluster_column = v.text(o, "cluster_column", "", false);
    if (const std::string rule = v.text(o, "lonely_psu", "", false); !rule.empty()) {
        try {
            d.lonely_psu = stats::parse_lonely_psu(rule);
        } catch (const std::invalid_argument&) {
            v.fail("lonely_psu", in_quotes(rule) + " is not one of fail, remove, certainty, adjust (R's survey.lonely.psu rules)");
        }
    }

    std::map<std::string, Scale> scales;
    if (o->has("scales"))
        if (Object::Ptr so = v.object(o->get("scales"), "scales"))
            for (const auto& [name, value] : *so) scales[name] = parse_scale(v, value, "scales." + name, name);

    std::set<std::string> columns{normalise_label(d.respondent_id_column)};
    for (const auto& [column, path] : {std::pair{d.weight_column, "weight_column"}, {d.strata_column, "strata_column"},
                                       {d.cluster_column, "cluster_column"}})
        if (!column.empty() && !columns.insert(normalise_label(column)).second)
            v.fail(path, in_quotes(column) + " is already used by another field");
    auto claim_column = [&](const std::string& column, const std::string& path) {
        if (!column.empty() && !columns.insert(normalise_label(column)).second)
            v.fail(path + ".column", in_quotes(column) + " is already used by another field");
    };

    if (!o->has("questions")) v.fail("questions", "is required");
    else if (Array::Ptr qs = v.array(o->get("questions"), "questions")) {
        if (qs->size() == 0) v.fail("questions", "must hold at least one question");
        std::set<std::string> ids;
        for (size_t i = 0; i < qs->size(); ++i) {
            const std::string p = Validator::at("questions", i);
            Object::Ptr qo = v.object(qs->get(static_cast<unsigned>(i)), p);
            if (!qo) continue;
            v.known_keys(qo, p, {"id", "column", "text", "theme", "scale", "outcome"});
            Question q;
            q.id = v.text(qo, "id", p, true);
            if (!q.id.empty() && !valid_id(q.id, false)) v.fail(p + ".id", in_quotes(q.id) + ": use lower-case letters, digits and _");
            if (!q.id.empty() && !ids.insert(q.id).second) v.fail(p + ".id", in_quotes(q.id) + " appears twice");
            q.column = v.text(qo, "column", p, true);
            claim_column(q.column, p);
            q.text = v.text(qo, "text", p, false);
            q.theme = v.text(qo, "theme", p, false);
            q.outcome = v.text(qo, "outcome", p, false);
            if (!qo->has("scale")) v.fail(p + ".scale", "is required");
            else if (const Var& s = qo->get("scale"); s.isString()) {
                auto it = scales.find(s.toString());
                if (it == scales.end()) v.fail(p + ".scale", in_quotes(s.toString()) + " is not a scale defined under scales");
                else q.scale = it->second;
            } else {
                q.scale = parse_scale(v, s, p + ".scale", q.id);
            }
            d.questions.push_back(std::move(q));
        }
    }

    std::set<std::string> grouping_ids;
    auto add_groupings = [&](const char* key, auto parse_one) {
        if (!o->has(key)) return;
        Array::Ptr a = v.array(o->get(key), key);
        if (!a) return;
        for (size_t i = 0; i < a->size(); ++i) {
            const std::string p = Validator::at(key, i);
            Grouping g = parse_one(v, a->get(static_cast<unsigned>(i)), p);
            if (!g.id.empty() && !grouping_ids.insert(g.id).second) v.fail(p, in_quotes(g.id) + " appears twice");
            claim_column(g.column, p);
            d.groupings.push_back(std::move(g));
        }
    };
    add_groupings("characteristics", parse_characteristic);
    add_groupings("dimensions", parse_dimension);

    if (o->has("comments"))
        if (Array::Ptr cs = v.array(o->get("comments"), "comments")) {
            std::set<std::string> ids;
            for (size_t i = 0; i < cs->size(); ++i) {
                const std::string p = Validator::at("comments", i);
                Object::Ptr co = v.object(cs->get(static_cast<unsigned>(i)), p);
                if (!co) continue;
                v.known_keys(co, p, {"id", "column", "text", "explains", "codebook"});
                CommentQuestion c;
                c.id = v.text(co, "id", p, true);
                if (!c.id.empty() && !valid_id(c.id, false)) v.fail(p + ".id", in_quotes(c.id) + ": use lower-case letters, digits and _");
                if (!c.id.empty() && (!ids.insert(c.id).second || d.find_question(c.id)))
                    v.fail(p + ".id", in_quotes(c.id) + " is already the id of a question or another comment");
                c.column = v.text(co, "column", p, true);
                claim_column(c.column, p);
                c.text = v.text(co, "text", p, false);
                c.explains = v.text(co, "explains", p, false);
                if (!c.explains.empty() && !d.find_question(c.explains))
                    v.fail(p + ".explains", in_quotes(c.explains) + " is not the id of a question in this survey");
                c.codebook = v.text(co, "codebook", p, false);
                if (!c.codebook.empty()) {
                    const std::filesystem::path file = std::filesystem::path(source).parent_path() / c.codebook;
                    try {
                        text::Stemmer stemmer;
                        c.rules = std::make_shared<const text::Codebook>(text::load_codebook(file, stemmer));
                    } catch (const InputError& e) {
                        v.fail(p + ".codebook", e.what());
                    }
                }
                d.comments.push_back(std::move(c));
            }
        }

    for (const CommentQuestion& c : d.comments)
        if (c.rules)
            for (const text::Theme& theme : c.rules->themes) {
                Question q = comment_theme_question(c, theme, d.find_question(c.explains));
                if (d.find_question(q.id)) v.fail("comments", "the theme question " + in_quotes(q.id) + " has the id of a question");
                d.questions.push_back(std::move(q));
            }

    if (o->has("waves"))
        if (Array::Ptr ws = v.array(o->get("waves"), "waves")) {
            std::set<std::string> labels;
            for (size_t i = 0; i < ws->size(); ++i) {
                const std::string p = Validator::at("waves", i);
                Object::Ptr wo = v.object(ws->get(static_cast<unsigned>(i)), p);
                if (!wo) continue;
                v.known_keys(wo, p, {"label", "fieldwork"});
                WaveInfo w{v.text(wo, "label", p, true), v.text(wo, "fieldwork", p, false)};
                if (!w.label.empty() && !labels.insert(w.label).second) v.fail(p + ".label", in_quotes(w.label) + " appears twice");
                if (!w.fieldwork.empty() && !valid_date(w.fieldwork))
                    v.fail(p + ".fieldwork", in_quotes(w.fieldwork) + " is not a date: write the month as 2025-10, or the day as 2025-10-15");
                d.waves.push_back(std::move(w));
            }
        }

    if (o->has("population"))
        if (Object::Ptr po = v.object(o->get("population"), "population")) {
            d.population_profile = v.text(po, "profile", "population", true);
            if (po->has("rake_on"))
                if (Array::Ptr ro = v.array(po->get("rake_on"), "population.rake_on"))
                    for (size_t i = 0; i < ro->size(); ++i) {
                        const std::string p = Validator::at("population.rake_on", i);
                        const Var& id = ro->get(static_cast<unsigned>(i));
                        const Grouping* g = id.isString() ? d.find_grouping(id.toString()) : nullptr;
                        if (!g || g->kind != Grouping::Kind::characteristic)
                            v.fail(p, (id.isString() ? in_quotes(id.toString()) : std::string("the value")) +
                                          " is not a characteristic this survey records");
                        else
                            d.rake_on.push_back(g->id);
                    }
        }

    // A sample design describes how weighted estimates vary; without weights there are none.
    if ((!d.strata_column.empty() || !d.cluster_column.empty()) && d.weight_column.empty() && d.rake_on.empty())
        v.fail(d.strata_column.empty() ? "cluster_column" : "strata_column",
               "is used by weighted analyses, and this survey has no weights: name weight_column or population.rake_on too");

    if (o->has("analysis"))
        if (Object::Ptr ao = v.object(o->get("analysis"), "analysis"))
            for (const std::string& key : ao->getNames()) {
                // JSON names use _, the command line -: min_base is --min-base.
                static const std::map<std::string, std::vector<std::string>> kAllowed = {
                    {"compare", {}}, {"correction", {"bh", "holm", "bonferroni", "none"}}, {"level", {"recorded", "group"}},
                    {"min_base", {}}, {"suppress_below", {}}, {"gap_pp", {}}, {"alpha", {}}, {"round_counts", {"0", "5", "10"}}};
                const std::string path = "analysis." + key;
                auto allowed = kAllowed.find(key);
                if (allowed == kAllowed.end()) {
                    v.fail(path, "is not an analysis setting (use compare, correction, level, min_base, suppress_below, "
                                 "gap_pp, alpha or round_counts)");
                    continue;
                }
                const Var& value = ao->get(key);
                const bool numeric = key == "min_base" || key == "suppress_below" || key == "gap_pp" || key == "alpha" ||
                                     key == "round_counts";
                if (numeric ? !value.isNumeric() : !value.isString()) {
                    v.fail(path, numeric ? "expected a number" : "expected a string");
                    continue;
                }
                const std::string text = value.toString();
                const auto& choices = allowed->second;
                if (!choices.empty() && std::find(choices.begin(), choices.end(), text) == choices.end()) {
                    std::string list;
                    for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
                    v.fail(path, in_quotes(text) + " is not one of " + list);
                    continue;
                }
                std::string option = key;
                std::replace(option.begin(), option.end(), '_', '-');
                d.analysis_defaults[option] = text;
            }

    parse_disclosure(v, o, d);

    if (o->has("workforce_targets"))
        if (Array::Ptr ts = v.array(o->get("workforce_targets"), "workforce_targets"))
            for (size_t i = 0; i < ts->size(); ++i) {
                const std::string p = Validator::at("workforce_targets", i);
                Object::Ptr to = v.object(ts->get(static_cast<unsigned>(i)), p);
                if (!to) continue;
                WorkforceTarget t;
                t.id = v.text(to, "id", p, true);
                t.label = v.text(to, "label", p, true);
                t.dimension = v.text(to, "dimension", p, false);
                t.characteristic = v.text(to, "characteristic", p, true);
                auto strings = [&](const char* key, std::vector<std::string>& out, bool required) {
                    if (!to->has(key)) {
                        if (required) v.fail(p + "." + key, "is required");
                        return;
                    }
                    if (Array::Ptr a = v.array(to->get(key), p + "." + key))
                        for (size_t j = 0; j < a->size(); ++j) {
                            const Var& item = a->get(static_cast<unsigned>(j));
                            if (item.isString()) out.push_back(item.toString());
                            else v.fail(Validator::at(p + "." + key, j), "expected a string");
                        }
                };
                strings("categories", t.categories, false);
                strings("groups", t.groups, true);
                const Grouping* dim = t.dimension.empty() ? nullptr : d.find_grouping(t.dimension);
                if (!t.dimension.empty() && (!dim || dim->kind != Grouping::Kind::dimension))
                    v.fail(p + ".dimension", in_quotes(t.dimension) + " is not a dimension of this survey");
                if (t.dimension.empty() && !t.categories.empty())
                    v.fail(p + ".categories", "needs a dimension to take the categories from");
                for (size_t j = 0; dim && j < t.categories.size(); ++j)
                    if (std::none_of(dim->categories.begin(), dim->categories.end(),
                                     [&](const Category& c) { return c.id == t.categories[j]; }))
                        v.fail(Validator::at(p + ".categories", j), in_quotes(t.categories[j]) + " is not a category of " + t.dimension);
                const Grouping* ch = t.characteristic.empty() ? nullptr : d.find_grouping(t.characteristic);
                if (!t.characteristic.empty() && (!ch || ch->kind != Grouping::Kind::characteristic))
                    v.fail(p + ".characteristic", in_quotes(t.characteristic) + " is not a characteristic this survey records");
                for (size_t j = 0; ch && j < t.groups.size(); ++j)
                    if (std::none_of(ch->categories.begin(), ch->categories.end(),
                                     [&](const Category& c) { return c.id == t.groups[j]; }))
                        v.fail(Validator::at(p + ".groups", j), in_quotes(t.groups[j]) + " is not a category of " + t.characteristic);
                if (!to->has("target") || !to->get("target").isNumeric() || !(to->get("target").convert<double>() > 0) ||
                    !(to->get("target").convert<double>() < 1))
                    v.fail(p + ".target", "expected a share between 0 and 1 (e.g. 0.11 for 11%)");
                else
                    t.target = to->get("target").convert<double>();
                d.workforce_targets.push_back(std::move(t));
            }

    if (o->has("action_plan"))
        if (Object::Ptr ap = v.object(o->get("action_plan"), "action_plan")) {
            v.known_keys(ap, "action_plan", {"themes", "partners"});
            std::set<std::string> partner_ids;
            if (ap->has("partners"))
                if (Array::Ptr ps = v.array(ap->get("partners"), "action_plan.partners"))
                    for (size_t i = 0; i < ps->size(); ++i) {
                        const std::string p = Validator::at("action_plan.partners", i);
                        Object::Ptr po = v.object(ps->get(static_cast<unsigned>(i)), p);
                        if (!po) continue;
                        v.known_keys(po, p, {"id", "name"});
                        Partner partner{v.text(po, "id", p, true), v.text(po, "name", p, true)};
                        if (!partner.id.empty() && !partner_ids.insert(partner.id).second)
                            v.fail(p + ".id", in_quotes(partner.id) + " appears twice");
                        d.partners.push_back(std::move(partner));
                    }
            if (ap->has("themes"))
                if (Array::Ptr ts = v.array(ap->get("themes"), "action_plan.themes")) {
                    std::set<std::string> themes, seen;
                    for (const auto& q : d.questions)
                        if (!q.theme.empty()) themes.insert(q.theme);
                    for (size_t i = 0; i < ts->size(); ++i) {
                        const std::string p = Validator::at("action_plan.themes", i);
                        Object::Ptr to = v.object(ts->get(static_cast<unsigned>(i)), p);
                        if (!to) continue;
                        v.known_keys(to, p, {"theme", "objective", "lead", "eflg_area", "partners"});
                        ThemePlan t;
                        t.theme = v.text(to, "theme", p, true);
                        t.objective = v.text(to, "objective", p, false);
                        t.lead = v.text(to, "lead", p, false);
                        t.eflg_area = v.text(to, "eflg_area", p, false);
                        if (!t.theme.empty() && !themes.count(t.theme)) {
                            std::string list;
                            for (const auto& th : themes) list += (list.empty() ? "" : ", ") + in_quotes(th);
                            v.fail(p + ".theme", in_quotes(t.theme) + " is not the theme of any question (themes: " + list + ")");
                        }
                        if (!t.theme.empty() && !seen.insert(t.theme).second) v.fail(p + ".theme", in_quotes(t.theme) + " appears twice");
                        if (!t.eflg_area.empty() &&
                            std::none_of(eflg_areas().begin(), eflg_areas().end(), [&](const EflgArea& a) { return a.id == t.eflg_area; })) {
                            std::string list;
                            for (const auto& a : eflg_areas()) list += (list.empty() ? "" : ", ") + a.id;
                            v.fail(p + ".eflg_area", in_quotes(t.eflg_area) + " is not an EFLG area (use " + list + ")");
                        }
                        if (to->has("partners"))
                            if (Array::Ptr pa = v.array(to->get("partners"), p + ".partners"))
                                for (size_t j = 0; j < pa->size(); ++j) {
                                    const Var& id = pa->get(static_cast<unsigned>(j));
                                    if (!id.isString() || !partner_ids.count(id.toString()))
                                        v.fail(Validator::at(p + ".partners", j),
                                               (id.isString() ? in_quotes(id.toString()) : std::string("the value")) +
                                                   " is not the id of a partner listed in action_plan.partners");
                                    else
                                        t.partners.push_back(id.toString());
                                }
                        d.theme_plans.push_back(std::move(t));
                    }
                }
        }

    if (!v.problems.empty()) {
        std::string message = source + ": " + std::to_string(v.problems.size()) + " problem(s) in the survey definition";
        for (const auto& p : v.problems) message += "\n  " + source + ": " + p;
        throw InputError(message);
    }
    return d;
}

SurveyDefinition SurveyDefinition::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot open the survey definition");
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path);
}

bool DisclosureFloor::allows_filter_by(std::string_view grouping) const {
    return std::find(filter_by.begin(), filter_by.end(), grouping) != filter_by.end();
}

const Question* SurveyDefinition::find_question(std::string_view qid) const {
    for (const auto& q : questions)
        if (q.id == qid) return &q;
    return nullptr;
}

const CommentQuestion* SurveyDefinition::find_comment(std::string_view cid) const {
    for (const auto& c : comments)
        if (c.id == cid) return &c;
    return nullptr;
}

const Grouping* SurveyDefinition::find_grouping(std::string_view gid) const {
    for (const auto& g : groupings)
        if (g.id == gid) return &g;
    return nullptr;
}

const ThemePlan* SurveyDefinition::find_theme_plan(std::string_view theme) const {
    for (const auto& t : theme_plans)
        if (t.theme == theme) return &t;
    return nullptr;
}

const WaveInfo* SurveyDefinition::find_wave(std::string_view label) const {
    for (const auto& w : waves)
        if (w.label == label) return &w;
    return nullptr;
}

const WaveInfo* SurveyDefinition::next_wave(std::string_view label) const {
    for (size_t i = 0; i + 1 < waves.size(); ++i)
        if (waves[i].label == label) return &waves[i + 1];
    return nullptr;
}

const std::vector<EflgArea>& eflg_areas() {
    static const std::vector<EflgArea> areas = {
        {"knowing_communities", "Knowing your communities and equality mapping"},
        {"leadership", "Place shaping, leadership, partnership and organisational commitment"},
        {"engagement", "Community engagement and satisfaction"},
        {"responsive_services", "Responsive services and customer care"},
        {"workforce", "A modern and diverse workforce"},
    };
    return areas;
}

SurveyCatalogue::SurveyCatalogue(const std::vector<std::string>& folders) {
    for (const auto& folder : folders) {
        Poco::File dir(folder);
        if (!dir.exists() || !dir.isDirectory()) continue;
        folders_.push_back(folder);
        std::vector<std::string> files;
        for (Poco::DirectoryIterator it(dir), end; it != end; ++it)
            if (it->isFile() && Poco::Path(it->path()).getExtension() == "json") files.push_back(it->path());
        std::sort(files.begin(), files.end());
        std::set<std::string> here;
        for (const auto& file : files) {
            SurveyDefinition d = SurveyDefinition::load(file);
            if (!here.insert(d.id).second)
                throw InputError(file + ": survey id \"" + d.id + "\" is already defined by another file in " + folder);
            if (!find(d.id)) surveys_.push_back(std::move(d));
        }
    }
}

const SurveyDefinition* SurveyCatalogue::find(std::string_view id) const {
    for (const auto& s : surveys_)
        if (s.id == id) return &s;
    return nullptr;
}

const SurveyDefinition& SurveyCatalogue::get(std::string_view id) const {
    if (const SurveyDefinition* s = find(id)) return *s;
    std::string known;
    for (const auto& s : surveys_) known += (known.empty() ? "" : ", ") + s.id;
    std::string where;
    for (const auto& f : folders_) where += (where.empty() ? "" : ", ") + f;
    throw InputError("no survey definition with id \"" + std::string(id) + "\" (known: " +
                     (known.empty() ? "none" : known) + "; searched " + (where.empty() ? "no folder" : where) + ")");
}

}  // namespace gapfinder
