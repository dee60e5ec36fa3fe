#include "staff_fields.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <initializer_list>

#include "text/value_text.hpp"

namespace staff {

namespace {

bool contains(const std::string& folded, std::string_view phrase) {
    return folded.find(" " + std::string(phrase) + " ") != std::string::npos;
}

bool contains_any(const std::string& folded, std::initializer_list<std::string_view> phrases) {
    for (auto p : phrases)
        if (contains(folded, p)) return true;
    return false;
}

bool is_any(const std::string& folded, std::initializer_list<std::string_view> headings) {
    for (auto h : headings)
        if (folded == " " + std::string(h) + " ") return true;
    return false;
}

bool digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int y, unsigned m) {
    static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

// What may follow a date: nothing, or T / a space and a time of day.
bool time_part(std::string_view rest) {
    if (rest.empty()) return true;
    if (rest.front() != 'T' && rest.front() != ' ') return false;
    rest.remove_prefix(1);
    if (rest.size() < 4 || !(rest[0] >= '0' && rest[0] <= '9')) return false;
    return std::all_of(rest.begin(), rest.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == ':' || c == '.' || c == 'Z' || c == '+' || c == '-' || c == ' ';
    });
}

std::optional<Date> make_date(int y, int m, int d) {
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, static_cast<unsigned>(m)))
        return std::nullopt;
    Date out;
    out.year = y;
    out.month = static_cast<unsigned>(m);
    out.day = static_cast<unsigned>(d);
    out.days = gapfinder::text::days_from_civil(y, out.month, out.day);
    return out;
}

}  // namespace

std::string fold(std::string_view heading) {
    std::string out = " ";
    for (char c : heading) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (word) out += c;
        else if (out.back() != ' ') out += ' ';
    }
    if (out.back() != ' ') out += ' ';
    return out;
}

int job_dimension_families(const std::vector<std::string>& headings) {
    const std::initializer_list<std::string_view> families[] = {
        {"directorate", "department", "service area", "division", "business unit"},
        {"grade", "pay band", "salary", "spinal point", "pay scale", "fte"},
        {"contract", "contract type", "working pattern", "full time", "part time", "hours per week"},
        {"length of service", "start date", "years of service", "continuous service", "date joined",
         "how long have you worked", "how long have you been"},
        {"staff number", "employee number", "employee id", "staff id", "payroll number", "assignment number", "employee no"},
    };
    int found = 0;
    for (const auto& family : families) {
        for (const auto& h : headings)
            if (contains_any(fold(h), family)) {
                ++found;
                break;
            }
    }
    return found;
}

bool is_direct_identifier(std::string_view heading) {
    const std::string f = fold(heading);
    return is_any(f, {"email", "e mail", "email address", "e mail address", "emailaddress", "work email", "work e mail",
                      "work email address", "personal email", "personal email address", "your email", "your email address",
                      "contact email", "name", "names", "full name", "fullname", "first name", "firstname", "first names", "forename", "forenames",
                      "given name", "given names", "surname", "last name", "lastname", "family name", "middle name",
                      "middle names", "preferred name", "known as", "employee name", "staff name", "respondent name",
                      "your name", "name of respondent", "name of employee", "phone", "telephone", "mobile",
                      "phone number", "telephone number", "mobile number", "contact number", "home address", "address",
                      "national insurance number", "ni number", "nino"});
}

bool is_start_date_heading(std::string_view heading) {
    const std::string f = fold(heading);
    if (contains_any(f, {"contract", "post", "role", "end", "leaving", "leave"})) return false;
    return contains_any(f, {"start date", "date started", "date joined", "date of joining", "continuous service date",
                            "service date", "employment start", "date of appointment"});
}

bool is_completion_date_heading(std::string_view heading) {
    return is_any(fold(heading), {"date completed", "completion date", "completion time", "completed", "completed at",
                                  "completed on", "date submitted", "submission date", "submitted", "submitted at",
                                  "submitted on", "response date", "date of response", "recorded date", "recordeddate",
                                  "survey date"});
}

bool is_fte_salary_heading(std::string_view heading) {
    const std::string f = fold(heading);
    return contains_any(f, {"salary", "pay", "earnings"}) && contains_any(f, {"fte", "full time equivalent", "full time equiv"});
}

std::optional<Date> parse_date(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    // ISO 8601: YYYY-MM-DD
    if (text.size() >= 10 && digits(text.substr(0, 4)) && text[4] == '-' && digits(text.substr(5, 2)) && text[7] == '-' &&
        digits(text.substr(8, 2))) {
        if (!time_part(text.substr(10))) return std::nullopt;
        return make_date(to_int(text.substr(0, 4)), to_int(text.substr(5, 2)), to_int(text.substr(8, 2)));
    }
    // Day first: D/M/YYYY, DD/MM/YYYY, with / - or .
    const size_t a = text.find_first_of("/-.");
    if (a == std::string_view::npos || a == 0 || a > 2) return std::nullopt;
    const char sep = text[a];
    const size_t b = text.find(sep, a + 1);
    if (b == std::string_view::npos || b - a - 1 == 0 || b - a - 1 > 2) return std::nullopt;
    if (text.size() < b + 5) return std::nullopt;
    const std::string_view d = text.substr(0, a), m = text.substr(a + 1, b - a - 1), y = text.substr(b + 1, 4);
    if (!digits(d) || !digits(m) || !digits(y) || !time_part(text.substr(b + 5))) return std::nullopt;
    return make_date(to_int(y), to_int(m), to_int(d));
}

std::string iso(const Date& d) {
    std::string out;
    gapfinder::text::append_iso_date(d.days, out);
    return out;
}

int completed_years(const Date& start, const Date& at) {
    if (at.days < start.days) return -1;
    int years = at.year - start.year;
    // Before this year's anniversary? 29 February's anniversary is 1 March in other years.
    unsigned sm = start.month, sd = start.day;
    if (sm == 2 && sd == 29 && !leap(at.year)) sm = 3, sd = 1;
    if (at.month < sm || (at.month == sm && at.day < sd)) --years;
    return years;
}

ServiceBands::ServiceBands() : edges_{1, 3, 6, 11} { make_labels(); }

bool ServiceBands::parse(std::string_view text, std::string& error) {
    std::vector<int> edges;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t comma = text.find(',', pos);
        if (comma == std::string_view::npos) comma = text.size();
        std::string_view item = text.substr(pos, comma - pos);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!digits(item) || item.size() > 3 || to_int(item) < 1 || (!edges.empty() && to_int(item) <= edges.back())) {
            error = "option service_bands=" + std::string(text) +
                    ": give the first year of each band after the first, as increasing whole numbers, e.g. 1,3,6,11";
            return false;
        }
        edges.push_back(to_int(item));
        pos = comma + 1;
    }
    edges_ = edges;
    make_labels();
    return true;
}

void ServiceBands::make_labels() {
    auto years = [](int n) { return std::to_string(n) + (n == 1 ? " year" : " years"); };
    labels_.clear();
    labels_.push_back("Less than " + years(edges_.front()));
    for (size_t i = 0; i + 1 < edges_.size(); ++i) {
        const int from = edges_[i], to = edges_[i + 1] - 1;
        labels_.push_back(from == to ? years(from) : std::to_string(from) + " to " + years(to));
    }
    labels_.push_back("More than " + years(edges_.back() - 1));
}

const std::string& ServiceBands::label_for(int years) const {
    size_t band = 0;
    while (band < edges_.size() && years >= edges_[band]) ++band;
    return labels_[band];
}

std::optional<double> parse_amount(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (text.substr(0, 2) == "\xC2\xA3") text.remove_prefix(2);  // £
    const size_t point = text.find('.');
    const std::string_view whole = text.substr(0, point);
    if (point != std::string_view::npos && !digits(text.substr(point + 1))) return std::nullopt;
    std::string plain;
    if (whole.find(',') == std::string_view::npos) {
        if (!digits(whole)) return std::nullopt;
        plain = whole;
    } else {
        // Thousands commas: 1 to 3 digits, then groups of exactly 3.
        size_t pos = 0;
        for (size_t group = 0;; ++group) {
            const size_t comma = whole.find(',', pos);
            const std::string_view part = whole.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
            if (!digits(part) || (group == 0 ? part.size() > 3 : part.size() != 3)) return std::nullopt;
            plain += part;
            if (comma == std::string_view::npos) break;
            pos = comma + 1;
        }
    }
    if (point != std::string_view::npos) plain += text.substr(point);
    double v = 0;
    const auto [end, ec] = std::from_chars(plain.data(), plain.data() + plain.size(), v);
    if (ec != std::errc() || end != plain.data() + plain.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<TopEarners> top_earners(std::vector<double> salaries, double percent) {
    if (salaries.empty()) return std::nullopt;
    std::sort(salaries.begin(), salaries.end(), std::greater<>());
    const double n = static_cast<double>(salaries.size());
    // A small allowance so that 5% of 200 is rank 10, not 11 through rounding.
    size_t rank = static_cast<size_t>(std::ceil(percent / 100 * n - 1e-9));
    rank = std::clamp<size_t>(rank, 1, salaries.size());
    TopEarners t;
    t.cutoff = salaries[rank - 1];
    t.with_salary = salaries.size();
    t.in_top = static_cast<size_t>(std::upper_bound(salaries.begin(), salaries.end(), t.cutoff, std::greater<>()) - salaries.begin());
    return t;
}

}  // namespace staff
