// Reading a plan back: JSON directly, a workbook through whichever plugin reads it (the
// core stays format-agnostic, as ingest does). In a workbook the "Settings" sheet says
// which survey, wave and settings the plan was drafted with and where the headings are;
// the plan sheet's baseline columns identify each row, and what people edited (the
// action, the lead, the dates, the X marks, the section a row sits in) is kept as edited.
#include <algorithm>
#include <charconv>
#include <limits>
#include <fstream>
#include <map>
#include <sstream>

#include "action_plan/layout.hpp"
#include "action_plan/writers.hpp"
#include "domain/catalogue.hpp"
#include "util/errors.hpp"
#include "xlsx/sheet_table.hpp"

namespace gapfinder::plan {

namespace {

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
    return std::string(s);
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

using xlsx::SheetTable;

// Heading (lower case) -> field key, over every layout's wording.
const std::map<std::string, std::string>& heading_keys() {
    static const std::map<std::string, std::string> keys = [] {
        std::map<std::string, std::string> k = {
            {"objective", "objective"},   {"eflg area", "eflg_area"},
            {"theme", "theme"},           {"commitments", "theme"},
            {"action", "action"},         {"action required", "action"},
            {"directorate / lead", "lead"}, {"responsible officer", "lead"}, {"lead", "lead"},
            {"target date", "target_date"}, {"target/date", "target_date"},
            {"how will we measure our success", "measure"}, {"outcome", "measure"},
            {"cross-ref to partner authority", "partners"}, {"ref", "ref"}};
        for (const char* m : {"row_kind", "question_id", "characteristic", "group", "baseline_wave", "baseline_gap_pp",
                              "baseline_rate", "baseline_rest_rate", "baseline_n", "baseline_rest_n", "target_gap_pp"})
            k[m] = m;
        for (const auto& c : catalogue()) k[lower(matrix_label(c.id))] = "x:" + c.id;
        return k;
    }();
    return keys;
}

double parse_number(const std::string& text, const std::string& file, uint64_t row, const std::string& column, bool required) {
    if (text.empty()) {
        if (required) throw InputError(locate(file, row, column, "is empty; the baseline columns identify the row, so restore the value"));
        return std::numeric_limits<double>::quiet_NaN();
    }
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size())
        throw InputError(locate(file, row, column, "\"" + text + "\" is not a number"));
    return v;
}

ActionPlan read_workbook(const std::string& path, const PluginHost& plugins) {
    const Plugin& plugin = plugins.choose(path, std::nullopt);
    SheetTable settings;
    try {
        settings = xlsx::read_sheet(plugins, plugin, path, "Settings", 1);
    } catch (const InputError& e) {
        throw InputError(path + ": not an action plan written by gapfinder export (it needs the \"Settings\" sheet): " + e.what());
    }
    std::map<std::string, std::string> kv;
    for (const auto& r : settings.rows)
        if (r.size() >= 2 && !r[0].empty()) kv[r[0]] = r[1];
    auto need = [&](const std::string& key) {
        auto it = kv.find(key);
        if (it == kv.end() || it->second.empty())
            throw InputError(path + ": sheet \"Settings\": the key \"" + key + "\" is missing or empty");
        return it->second;
    };
    if (need("schema") != "gapfinder-action-plan/1")
        throw InputError(path + ": sheet \"Settings\": schema \"" + kv["schema"] + "\" is not gapfinder-action-plan/1");
    ActionPlan p;
    p.survey_id = need("survey");
    p.survey_title = kv["survey_title"];
    p.survey_kind = kv["survey_kind"];
    p.organisation = kv["organisation"];
    p.wave = need("wave");
    p.next_wave = kv["next_wave"];
    p.next_wave_date = kv["next_wave_date"];
    p.tracked_wave = kv["tracked_wave"];
    p.layout = need("layout");
    check_layout(p.layout);
    p.settings.level = need("level");
    p.settings.correction = need("correction");
    const auto setting_number = [&](const char* key) {
        return parse_number(need(key), path, 0, std::string("Settings!") + key, true);
    };
    p.settings.alpha = setting_number("alpha");
    p.settings.gap_pp = setting_number("gap_pp");
    p.settings.min_base = setting_number("min_base");
    p.settings.suppress_below = setting_number("suppress_below");
    for (const char* key : {"by", "questions"}) {
        std::istringstream list(kv[key]);
        for (std::string item; std::getline(list, item, ',');)
            if (!trim(item).empty()) (std::string(key) == "by" ? p.settings.by : p.settings.questions).push_back(trim(item));
    }
    p.settings.intersections = kv["intersections"] == "yes";
    {
        std::istringstream list(kv["partners"]);
        for (std::string item; std::getline(list, item, ';');) {
            const size_t eq = item.find('=');
            if (!trim(item).empty()) p.partners.push_back({trim(item.substr(0, eq)), eq == std::string::npos ? "" : trim(item.substr(eq + 1))});
        }
    }

    const std::string sheet = kv["plan_sheet"].empty() ? "Action plan" : kv["plan_sheet"];
    const std::string header_row = need("header_row");
    if (header_row.empty() || header_row.size() > 7 || header_row.find_first_not_of("0123456789") != std::string::npos ||
        std::stoull(header_row) == 0)
        throw InputError(path + ": sheet \"Settings\": header_row \"" + header_row + "\" is not a row number");
    const SheetTable t = xlsx::read_sheet(plugins, plugin, path, sheet, std::stoull(header_row));
    std::map<std::string, size_t> column;  // key -> index
    std::vector<std::string> key_of(t.headings.size());
    for (size_t i = 0; i < t.headings.size(); ++i) {
        auto it = heading_keys().find(lower(t.headings[i]));
        if (it != heading_keys().end() && !column.count(it->second)) {
            column[it->second] = i;
            key_of[i] = it->second;
        }
    }
    for (const char* required : {"question_id", "characteristic", "group", "baseline_wave", "baseline_gap_pp"})
        if (!column.count(required))
            throw InputError(path + ": sheet \"" + sheet + "\", row " + header_row + ": no column headed \"" + required +
                             "\" (the headings must stay on row " + header_row + ", as the Settings sheet says, with the baseline columns)");
    if (!column.count("action"))
        throw InputError(path + ": sheet \"" + sheet + "\", row " + header_row + ": no column headed Action (or \"Action required\")");

    std::string section;
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const auto& cells = t.rows[i];
        const uint64_t n = t.numbers[i];
        auto get = [&](const std::string& key) -> std::string {
            auto it = column.find(key);
            return it == column.end() || it->second >= cells.size() ? std::string() : cells[it->second];
        };
        const std::string question = get("question_id");
        if (question.empty()) {
            size_t filled = 0;
            for (size_t c = 0; c < cells.size(); ++c) filled += !cells[c].empty();
            if (filled == 1 && !cells[0].empty()) {  // a section title row
                section = cells[0];
                continue;
            }
            for (const char* key : {"characteristic", "group", "baseline_wave", "baseline_gap_pp"})
                if (!get(key).empty())
                    throw InputError(locate(path, n, "question_id", "is empty but the row has a " + std::string(key) +
                                                                         ": fill in the question id, or clear the baseline columns of an action added by hand"));
        }
        Row r;
        r.origin = "row " + std::to_string(n);
        r.kind = question.empty() ? "added" : get("row_kind").empty() ? "gap" : get("row_kind");
        r.objective = column.count("objective") ? get("objective") : p.layout == "harrow" ? section : "";
        r.eflg_area = column.count("eflg_area") ? eflg_area_from_title(get("eflg_area"))
                      : p.layout == "eflg"      ? eflg_area_from_title(section)
                                                : "";
        r.theme = get("theme");
        r.action = get("action");
        r.lead = get("lead");
        if (is_lead_placeholder(r.lead)) r.lead.clear();  // the workbook's "To be assigned": no lead yet
        r.target_date = get("target_date");
        r.measure = get("measure");
        r.partners = get("partners");
        for (size_t c = 0; c < cells.size() && c < key_of.size(); ++c)
            if (key_of[c].rfind("x:", 0) == 0 && !cells[c].empty()) r.relates_to.push_back(key_of[c].substr(2));
        if (!question.empty()) {
            r.question = question;
            for (const char* key : {"characteristic", "group", "baseline_wave"})
                if (get(key).empty())
                    throw InputError(locate(path, n, key, "is empty; the baseline columns identify the row, so restore the value"));
            r.characteristic = get("characteristic");
            r.group = get("group");
            r.baseline_wave = get("baseline_wave");
            r.baseline_gap_pp = parse_number(get("baseline_gap_pp"), path, n, "baseline_gap_pp", true);
            r.baseline_rate = parse_number(get("baseline_rate"), path, n, "baseline_rate", false);
            r.baseline_rest_rate = parse_number(get("baseline_rest_rate"), path, n, "baseline_rest_rate", false);
            r.baseline_n = parse_number(get("baseline_n"), path, n, "baseline_n", false);
            r.baseline_rest_n = parse_number(get("baseline_rest_n"), path, n, "baseline_rest_n", false);
            r.target_gap_pp = get("target_gap_pp").empty() ? p.settings.gap_pp
                                                            : parse_number(get("target_gap_pp"), path, n, "target_gap_pp", true);
            if (!(r.target_gap_pp > 0))
                throw InputError(locate(path, n, "target_gap_pp", "\"" + get("target_gap_pp") + "\": the target is a gap in points above 0, e.g. 5"));
        }
        p.rows.push_back(std::move(r));
    }
    return p;
}

}  // namespace

ActionPlan read_plan(const std::string& path, const PluginHost& plugins) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot open the plan");
    std::string head(64, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    const std::string start = trim(head.rfind("\xEF\xBB\xBF", 0) == 0 ? head.substr(3) : head);
    if (!start.empty() && start[0] == '{') {
        in.clear();
        in.seekg(0);
        std::ostringstream text;
        text << in.rdbuf();
        return plan_from_json(text.str(), path);
    }
    return read_workbook(path, plugins);
}

}  // namespace gapfinder::plan
