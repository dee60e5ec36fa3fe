#include "domain/bands.hpp"

#include <algorithm>
#include <numeric>
#include <regex>

#include "domain/population.hpp"
#include "domain/survey_definition.hpp"
#include "util/errors.hpp"

namespace gapfinder {

std::string Band::text() const {
    if (to == kOpenEnded) return std::to_string(from) + "+";
    if (from == to) return std::to_string(from);
    return std::to_string(from) + "-" + std::to_string(to);
}

std::optional<Band> read_band(const Poco::JSON::Object::Ptr& object, const std::string& path,
                              const std::function<void(const std::string&, const std::string&)>& fail) {
    const auto whole = [&](const char* key, int& out) {
        const Poco::Dynamic::Var v = object->get(key);
        if (v.isInteger()) {
            const long long n = v.convert<long long>();
            if (n > -1000000000LL && n < 1000000000LL) {
                out = static_cast<int>(n);
                return true;
            }
        } else if (v.isNumeric() && !v.isString()) {
            const double d = v.convert<double>();
            if (d == static_cast<double>(static_cast<long long>(d)) && d > -1e9 && d < 1e9) {
                out = static_cast<int>(d);
                return true;
            }
        }
        fail(path + "." + key, (v.isString() ? "\"" + v.toString() + "\" is text" : std::string("the value is not a whole number")) +
                                   ": expected a whole number, e.g. 35 (bands are inclusive: 35-54 holds 35 and 54)");
        return false;
    };
    Band band;
    bool ok = true;
    if (!object->has("from")) {
        fail(path + ".from", "is required: the band's lowest value (and \"to\" its highest; no \"to\" for \"75 and over\")");
        ok = false;
    } else {
        ok = whole("from", band.from) && ok;
    }
    if (object->has("to")) ok = whole("to", band.to) && ok;
    if (ok && band.to < band.from) {
        fail(path + ".to", std::to_string(band.to) + " is below from (" + std::to_string(band.from) + ")");
        ok = false;
    }
    if (!ok) return std::nullopt;
    return band;
}

std::optional<Band> band_of(const Category& category) {
    if (category.from == kNotBanded) return std::nullopt;
    return Band{category.from, category.to};
}

std::vector<BandProblem> check_bands(const std::vector<Band>& bands, const std::string& list_path) {
    const auto name = [&](size_t i) { return list_path + "[" + std::to_string(i) + "] (" + bands[i].text() + ")"; };
    std::vector<BandProblem> problems;
    for (size_t i = 0; i < bands.size(); ++i)
        for (size_t j = 0; j < i; ++j)
            if (bands[i].overlaps(bands[j]))
                problems.push_back({i, bands[i].text() + " overlaps " + name(j) + ": a value in both would be counted twice"});
    std::vector<size_t> order(bands.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return bands[a].from < bands[b].from; });
    // The highest value reached so far, as a long so that kOpenEnded + 1 cannot overflow.
    long long reached = 0;
    for (size_t k = 0; k < order.size(); ++k) {
        const Band& b = bands[order[k]];
        if (k > 0 && b.from > reached + 1) {
            const Band gap{static_cast<int>(reached + 1), b.from - 1};
            problems.push_back({order[k], "there is a gap of " + gap.text() + " between " + bands[order[k]].text() + " and " +
                                              name(order[k - 1]) + ": a value there would belong to no band"});
        }
        reached = k == 0 ? b.to : std::max<long long>(reached, b.to);
    }
    return problems;
}

std::optional<Band> parse_band_label(std::string_view label) {
    std::string s = normalise_label(label);
    // Words that decorate a band without changing it: "Aged 18-34 years", "18 to 34 yrs".
    for (const char* word : {"aged ", " years old", " year olds", " years", " yrs", " year"}) {
        for (size_t at = s.find(word); at != std::string::npos; at = s.find(word)) s.erase(at, std::string(word).size());
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    static const std::regex range(R"(^(\d{1,6}) ?(?:-|to) ?(\d{1,6})$)");
    static const std::regex over(R"(^(\d{1,6}) ?(?:\+|plus|and over|or over|and older|or older|and above|or above)$)");
    static const std::regex under(R"(^(?:under|below|less than|younger than) (\d{1,6})$)");
    static const std::regex up_to(R"(^(\d{1,6}) (?:and under|or under|and younger|or younger)$)");
    std::smatch m;
    if (std::regex_match(s, m, range)) {
        const Band b{std::stoi(m[1]), std::stoi(m[2])};
        if (b.from <= b.to) return b;
    } else if (std::regex_match(s, m, over)) {
        return Band{std::stoi(m[1]), kOpenEnded};
    } else if (std::regex_match(s, m, under)) {
        if (const int n = std::stoi(m[1]); n > 0) return Band{0, n - 1};
    } else if (std::regex_match(s, m, up_to)) {
        return Band{0, std::stoi(m[1])};
    }
    return std::nullopt;
}

int catalogue_band(const Characteristic& characteristic, const Band& band) {
    int best = -1;
    for (size_t i = 0; i < characteristic.categories.size(); ++i) {
        const auto b = band_of(characteristic.categories[i]);
        if (!b || !band.inside(*b)) continue;
        const auto& current = characteristic.categories[static_cast<size_t>(std::max(best, 0))];
        if (best < 0 || b->to - b->from < current.to - current.from) best = static_cast<int>(i);
    }
    return best;
}

PopulationMargin margin_for(const Grouping& grouping, const PopulationMargin& margin, const std::string& survey_source,
                            const std::string& profile_source) {
    const Characteristic* c = find_characteristic(margin.characteristic);
    if (!c || !c->banded()) return margin;

    // The margin's bands, and how to name each in a message.
    std::vector<Band> fine;
    std::vector<std::string> fine_names;
    const std::string margin_path = "margins." + margin.characteristic;
    if (!margin.bands.empty()) {
        fine = margin.bands;
        for (size_t i = 0; i < fine.size(); ++i)
            fine_names.push_back("profile band " + fine[i].text() + " (" + profile_source + ", " + margin_path + ".bands[" +
                                 std::to_string(i) + "])");
    } else if (grouping.banded) {
        // Catalogue categories carry their bands, so a margin of them can be summed too.
        for (const auto& [id, n] : margin.counts) {
            const int k = c->find(id);
            const auto b = k < 0 ? std::nullopt : band_of(c->categories[static_cast<size_t>(k)]);
            if (!b) return margin;
            fine.push_back(*b);
            fine_names.push_back("profile band " + b->text() + " (" + profile_source + ", " + margin_path + ".counts." + id + ")");
        }
    } else {
        return margin;  // catalogue categories both sides: matched by id (analysis/population_match)
    }
    // A margin may mix a group with its own categories (65+ beside 65-74): summed, its
    // people would count twice.
    if (const auto problems = check_bands(fine, margin_path + ".counts"); margin.bands.empty() && !problems.empty())
        throw InputError(profile_source + ": " + fine_names[problems.front().index] + ": " + problems.front().message);

    // The bands the survey records: its own, or the catalogue's finest.
    std::vector<Band> coarse;
    std::vector<std::string> coarse_ids, coarse_names;
    const auto add_coarse = [&](const Category& cat, const std::string& whose) {
        const auto b = band_of(cat);
        if (!b) return;
        coarse.push_back(*b);
        coarse_ids.push_back(cat.id);
        coarse_names.push_back(whose + " band " + b->text() + " (" + cat.id + ", " + survey_source + ")");
    };
    if (grouping.banded) {
        for (const auto& cat : grouping.categories) add_coarse(cat, "survey");
    } else {
        for (const auto& cat : c->categories)
            if (std::none_of(c->categories.begin(), c->categories.end(), [&](const Category& o) { return o.group == cat.id; }))
                add_coarse(cat, "catalogue");
    }
    if (coarse.empty()) return margin;
    int lowest = kOpenEnded, highest = kNotBanded;
    for (const auto& b : coarse) lowest = std::min(lowest, b.from), highest = std::max(highest, b.to);

    std::vector<double> sums(coarse.size(), 0);
    std::vector<std::vector<size_t>> parts(coarse.size());
    for (size_t i = 0; i < fine.size(); ++i) {
        const Band& f = fine[i];
        if (f.to < lowest || f.from > highest) continue;  // outside the survey's population
        size_t holder = coarse.size(), touched = coarse.size();
        for (size_t j = 0; j < coarse.size(); ++j) {
            if (f.inside(coarse[j])) holder = j;
            else if (f.overlaps(coarse[j]) && touched == coarse.size()) touched = j;
        }
        if (holder == coarse.size()) {
            const std::string other = touched < coarse.size()
                                          ? "straddles the edge of " + coarse_names[touched]
                                          : "reaches beyond the bands the survey records (" + Band{lowest, highest}.text() + ")";
            throw InputError(margin.characteristic + ": " + fine_names[i] + " does not nest in the survey's bands: it " + other +
                             ". Each band of the profile must lie inside one band of the survey; give the profile at a "
                             "finer banding (single years or ONS's finest bands)");
        }
        sums[holder] += margin.counts[i].second;
        parts[holder].push_back(i);
    }
    for (size_t j = 0; j < coarse.size(); ++j) {
        std::sort(parts[j].begin(), parts[j].end(), [&](size_t a, size_t b) { return fine[a].from < fine[b].from; });
        long long next = coarse[j].from;  // the first value not yet covered
        std::optional<Band> missing;
        for (size_t i : parts[j]) {
            if (fine[i].from > next) {
                missing = Band{static_cast<int>(next), fine[i].from - 1};
                break;
            }
            next = fine[i].to == kOpenEnded ? static_cast<long long>(kOpenEnded) + 1
                                            : std::max<long long>(next, static_cast<long long>(fine[i].to) + 1);
        }
        if (!missing && next <= coarse[j].to)
            missing = Band{static_cast<int>(next), coarse[j].to};
        if (missing)
            throw InputError(margin.characteristic + ": " + coarse_names[j] + " is not wholly covered by the margin in " +
                             profile_source + " (" + margin_path + "): it has no people for " + missing->text());
    }

    PopulationMargin out;
    out.characteristic = margin.characteristic;
    out.source = margin.source;
    out.url = margin.url;
    for (size_t j = 0; j < coarse.size(); ++j) out.counts.emplace_back(coarse_ids[j], sums[j]);
    out.bands = coarse;
    return out;
}

}  // namespace gapfinder
