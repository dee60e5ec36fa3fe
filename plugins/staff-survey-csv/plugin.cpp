// staff-survey-csv: staff questionnaires and HR survey exports saved as CSV.
//
// Besides the answers and protected characteristics, a staff export carries job
// dimensions (directorate, grade or pay band, contract, length of service) and HR fields
// that a survey definition cannot map as they stand. This plugin:
//   - drops direct identifiers (names, e-mail addresses, telephone numbers, home
//     addresses, NI numbers) before any cell leaves it, and says which columns it dropped;
//   - adds "Length of service band" from a start date column, measured to a reference
//     date given as an option or to each row's completion date, never to today;
//   - adds "Earnings band" ("Top 5% of earners" / "Other earners") from a full-time
//     equivalent salary column, so that the top 5% of earners is a category a definition
//     can map; everyone paid the cut-off salary is in the top group.
// A start date or salary that is not a valid date or amount is an error naming its row
// and column. Decoding, encodings and bad bytes: csv/decoded_file.hpp, as for every CSV
// plugin. Options: docs/formats.md#staff-survey-csv.
#include <gapfinder/plugin_api.h>

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "boundary/boundary.hpp"
#include "csv/csv_plugin.hpp"
#include "staff_fields.hpp"
#include "text/value_text.hpp"

namespace {

using gapfinder::csv::DecodedFile;
using gapfinder::csv::ParseError;
using gapfinder::csv::view;

constexpr const char* kServiceHeading = "Length of service band";
constexpr const char* kEarningsHeading = "Earnings band";
constexpr const char* kOptionNames =
    "encoding, delimiter, reference_date, start_date_column, reference_date_column, service_bands, salary_column, "
    "top_earners and drop_columns";

struct Options {
    gapfinder::csv::FileOptions file;
    std::optional<staff::Date> reference_date;
    std::string start_date_column = "auto", reference_date_column = "auto", salary_column = "auto";
    staff::ServiceBands bands;
    double top_percent = 5;
    std::vector<std::string> drop_columns;
};

std::string trimmed(std::string_view s) { return std::string(gapfinder::csv::trim_blanks(s)); }

bool take_option(Options& o, std::string_view key, std::string_view value, std::string& problem) {
    if (key == "reference_date") {
        o.reference_date = staff::parse_date(value);
        if (!o.reference_date) problem = "option reference_date=" + std::string(value) + ": give a date such as 2025-06-01";
    } else if (key == "start_date_column") {
        o.start_date_column = trimmed(value);
    } else if (key == "reference_date_column") {
        o.reference_date_column = trimmed(value);
    } else if (key == "salary_column") {
        o.salary_column = trimmed(value);
    } else if (key == "service_bands") {
        o.bands.parse(value, problem);
    } else if (key == "top_earners") {
        std::string text(gapfinder::csv::trim_blanks(value));
        if (!text.empty() && text.back() == '%') text.pop_back();
        const auto v = staff::parse_amount(text);
        if (!v || text.find(',') != std::string::npos || *v <= 0 || *v >= 100)
            problem = "option top_earners=" + std::string(value) + ": give a percentage above 0 and below 100, e.g. 5";
        else o.top_percent = *v;
    } else if (key == "drop_columns") {
        size_t pos = 0;
        while (pos <= value.size()) {
            size_t semi = value.find(';', pos);
            if (semi == std::string_view::npos) semi = value.size();
            if (std::string h = trimmed(value.substr(pos, semi - pos)); !h.empty()) o.drop_columns.push_back(h);
            pos = semi + 1;
        }
    } else {
        return false;
    }
    return true;
}

std::string quoted_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "\"" : ", \"") + s + "\"";
    return out;
}

void log(const gf_host* host, int32_t level, const std::string& text) {
    if (host && host->log) host->log(host->ctx, level, {text.data(), text.size()});
}

// The column a setting names ("auto": the one heading `recognise` accepts; "none": no
// column). Returns -1 for none; fills status and returns -2 on a problem.
long find_column(const std::string& setting, const char* option, const char* what, bool (*recognise)(std::string_view),
                 const std::vector<std::string>& headings, uint64_t heading_row, gf_status* status) {
    if (setting == "none" || setting.empty()) return -1;
    std::vector<size_t> found;
    for (size_t i = 0; i < headings.size(); ++i)
        if (setting == "auto" ? recognise(headings[i]) : staff::fold(headings[i]) == staff::fold(setting)) found.push_back(i);
    if (found.empty()) {
        if (setting == "auto") return -1;
        gf_status_set(status, GF_ERR_INPUT, heading_row, "", "option %s=%s: the file has no such column; its headings: %s", option,
                      setting.c_str(), quoted_list(headings).c_str());
        return -2;
    }
    if (found.size() > 1) {
        std::vector<std::string> names;
        for (size_t i : found) names.push_back(headings[i]);
        gf_status_set(status, GF_ERR_INPUT, heading_row, "", "%s columns %s all look like the %s; name one with --option %s=HEADING",
                      setting == "auto" ? "the" : "the same heading is used by", quoted_list(names).c_str(), what, option);
        return -2;
    }
    return static_cast<long>(found.front());
}

int32_t read_staff(const gf_read_request* request, const gf_sink* sink, const gf_host* host, gf_status* status) {
    Options o;
    if (!gapfinder::csv::read_options(
            request, o.file, [&](std::string_view k, std::string_view v, std::string& p) { return take_option(o, k, v, p); },
            kOptionNames, status))
        return GF_ERR_INPUT;

    std::vector<std::string> headings;
    try {
        DecodedFile file(request->path, o.file, [&](const std::string& warning) { log(host, GF_LOG_WARN, warning); });
        std::vector<gf_str> cells;
        if (!file.next(cells)) return gf_status_set(status, GF_ERR_INPUT, 0, "", "the file is empty");
        const uint64_t heading_row = file.record().row;
        for (const auto& cell : cells) headings.push_back(trimmed(view(cell)));
        const size_t expected = headings.size();

        // Direct identifiers never leave the plugin.
        std::vector<char> keep(expected, 1);
        std::vector<std::string> dropped;
        for (const auto& name : o.drop_columns) {
            bool found = false;
            for (size_t i = 0; i < expected; ++i)
                if (staff::fold(headings[i]) == staff::fold(name)) keep[i] = 0, found = true;
            if (!found)
                return gf_status_set(status, GF_ERR_INPUT, heading_row, "", "option drop_columns: the file has no column \"%s\"; its headings: %s",
                                     name.c_str(), quoted_list(headings).c_str());
        }
        for (size_t i = 0; i < expected; ++i)
            if (staff::is_direct_identifier(headings[i])) keep[i] = 0;
        for (size_t i = 0; i < expected; ++i)
            if (!keep[i]) dropped.push_back(gapfinder::csv::column_name(headings, i));
        if (!dropped.empty())
            log(host, GF_LOG_INFO, "dropped " + std::to_string(dropped.size()) + " column(s) of direct identifiers, never stored: " +
                                       quoted_list(dropped));

        const long start = find_column(o.start_date_column, "start_date_column", "start date", staff::is_start_date_heading,
                                       headings, heading_row, status);
        const long salary = find_column(o.salary_column, "salary_column", "full-time equivalent salary", staff::is_fte_salary_heading,
                                        headings, heading_row, status);
        long completed = -1;
        if (start >= 0 && !o.reference_date)
            completed = find_column(o.reference_date_column, "reference_date_column", "completion date",
                                    staff::is_completion_date_heading, headings, heading_row, status);
        if (start == -2 || salary == -2 || completed == -2) return GF_ERR_INPUT;
        if (start >= 0 && !o.reference_date && completed < 0)
            return gf_status_set(status, GF_ERR_INPUT, heading_row, headings[static_cast<size_t>(start)].c_str(),
                                 "length of service needs a date to measure to, and the file has no completion date column: "
                                 "give --option reference_date=YYYY-MM-DD (for example the last day of fieldwork), or "
                                 "--option start_date_column=none to pass the dates through as they are");
        for (const char* derived : {kServiceHeading, kEarningsHeading})
            for (const auto& h : headings)
                if ((derived == kServiceHeading ? start >= 0 : salary >= 0) && staff::fold(h) == staff::fold(derived))
                    return gf_status_set(status, GF_ERR_INPUT, heading_row, h.c_str(),
                                         "the file already has a column of this name, which this plugin derives; rename it in "
                                         "the file, or turn the derived column off with --option %s=none",
                                         derived == kServiceHeading ? "start_date_column" : "salary_column");

        auto date_error = [&](const DecodedFile& f, size_t column, std::string_view cell) {
            return gf_status_set(status, GF_ERR_INPUT, f.record().row, headings[column].c_str(),
                                 "\"%.*s\" is not a date; write dates as 2024-03-05 or 05/03/2024 (day first)%s",
                                 static_cast<int>(cell.size()), cell.data(), f.where().c_str());
        };
        auto amount_error = [&](const DecodedFile& f, size_t column, std::string_view cell, const char* why) {
            return gf_status_set(status, GF_ERR_INPUT, f.record().row, headings[column].c_str(),
                                 "\"%.*s\" is not %s%s", static_cast<int>(cell.size()), cell.data(), why, f.where().c_str());
        };
        auto salary_of = [&](const DecodedFile& f, std::string_view cell, double& out) -> int32_t {
            const auto v = staff::parse_amount(cell);
            if (!v) return amount_error(f, static_cast<size_t>(salary), cell, "an annual salary such as 32450 or 32,450.00");
            if (*v <= 0) return amount_error(f, static_cast<size_t>(salary), cell, "a salary above zero");
            out = *v;
            return GF_OK;
        };

        // The top earners' cut-off needs every salary first: a first pass over the file.
        std::optional<staff::TopEarners> top;
        if (salary >= 0) {
            DecodedFile first(request->path, o.file, nullptr);
            std::vector<gf_str> c;
            first.next(c);
            std::vector<double> salaries;
            while (first.next(c)) {
                if (c.size() != expected) return gapfinder::csv::ragged_row_status(first.record(), c.size(), expected, status);
                const std::string_view cell = gapfinder::csv::trim_blanks(view(c[static_cast<size_t>(salary)]));
                if (cell.empty()) continue;
                double v = 0;
                if (const int32_t code = salary_of(first, cell, v); code != GF_OK) return code;
                salaries.push_back(v);
            }
            top = staff::top_earners(salaries, o.top_percent);
            std::string text;
            if (top) {
                std::string cutoff, share;
                gapfinder::text::append_number(top->cutoff, cutoff);
                gapfinder::text::append_number(std::round(1000.0 * static_cast<double>(top->in_top) / static_cast<double>(top->with_salary)) / 10, share);
                text = "\"" + std::string(kEarningsHeading) + "\" from \"" + headings[static_cast<size_t>(salary)] + "\": " +
                       std::to_string(top->in_top) + " of the " + std::to_string(top->with_salary) +
                       " staff with a salary are paid at least " + cutoff + ", the cut-off for the top " ;
                gapfinder::text::append_number(o.top_percent, text);
                text += "% (" + share + "%; everyone on the cut-off salary is counted in the top group)";
                log(host, GF_LOG_INFO, text);
            } else {
                log(host, GF_LOG_WARN, "\"" + headings[static_cast<size_t>(salary)] + "\" holds no salary: \"" + kEarningsHeading + "\" is blank throughout");
            }
        }
        if (start >= 0)
            log(host, GF_LOG_INFO, "\"" + std::string(kServiceHeading) + "\" from \"" + headings[static_cast<size_t>(start)] +
                                       "\", in completed years to " +
                                       (o.reference_date ? staff::iso(*o.reference_date) : "each row's \"" + headings[static_cast<size_t>(completed)] + "\""));

        std::string top_label = "Top ";
        gapfinder::text::append_number(o.top_percent, top_label);
        top_label += "% of earners";
        const std::string other_label = "Other earners";

        std::vector<gf_str> out;
        for (size_t i = 0; i < expected; ++i)
            if (keep[i]) out.push_back({headings[i].data(), headings[i].size()});
        if (start >= 0) out.push_back(gf_str_of(kServiceHeading));
        if (salary >= 0) out.push_back(gf_str_of(kEarningsHeading));
        if (sink->begin(sink->ctx, heading_row, out.data(), out.size()) != 0) return GF_ERR_CANCELLED;

        while (file.next(cells)) {
            if (cells.size() != expected) return gapfinder::csv::ragged_row_status(file.record(), cells.size(), expected, status);
            out.clear();
            for (size_t i = 0; i < expected; ++i)
                if (keep[i]) out.push_back(cells[i]);
            if (start >= 0) {
                const std::string_view cell = gapfinder::csv::trim_blanks(view(cells[static_cast<size_t>(start)]));
                std::string_view band;
                if (!cell.empty()) {
                    const auto from = staff::parse_date(cell);
                    if (!from) return date_error(file, static_cast<size_t>(start), cell);
                    std::optional<staff::Date> to = o.reference_date;
                    if (!to) {
                        const std::string_view at = gapfinder::csv::trim_blanks(view(cells[static_cast<size_t>(completed)]));
                        if (!at.empty() && !(to = staff::parse_date(at))) return date_error(file, static_cast<size_t>(completed), at);
                    }
                    if (to) {
                        const int years = staff::completed_years(*from, *to);
                        if (years < 0)
                            return gf_status_set(status, GF_ERR_INPUT, file.record().row, headings[static_cast<size_t>(start)].c_str(),
                                                 "the start date %s is after the date length of service is measured to (%s)%s",
                                                 staff::iso(*from).c_str(), staff::iso(*to).c_str(), file.where().c_str());
                        band = o.bands.label_for(years);
                    }
                }
                out.push_back({band.data(), band.size()});
            }
            if (salary >= 0) {
                const std::string_view cell = gapfinder::csv::trim_blanks(view(cells[static_cast<size_t>(salary)]));
                std::string_view band;
                double v = 0;
                if (!cell.empty()) {
                    if (const int32_t code = salary_of(file, cell, v); code != GF_OK) return code;
                    band = v >= top->cutoff ? std::string_view(top_label) : std::string_view(other_label);
                }
                out.push_back({band.data(), band.size()});
            }
            if (sink->row(sink->ctx, file.record().row, out.data(), out.size()) != 0) return GF_ERR_CANCELLED;
        }
    } catch (const ParseError& e) {
        return gapfinder::csv::parse_error_status(e, headings, status);
    }
    return GF_OK;
}

int32_t identify(const char* path, const unsigned char* head, size_t head_size) noexcept {
    const std::string_view name(path ? path : "");
    const std::string_view bytes(reinterpret_cast<const char*>(head), head_size);
    if (gapfinder::csv::looks_binary(bytes)) return 0;
    const std::string text = gapfinder::csv::head_text(bytes);
    const int families = staff::job_dimension_families(gapfinder::csv::heading_row_of(text));
    // citizens-panel-csv claims a .csv with 60 or 80, a .txt with 30 or 50, anything else
    // with 5 or 25: a staff export (two or more kinds of job heading) is claimed above
    // those, any other CSV below them, never with the same confidence.
    if (gapfinder::plugin::has_extension(name, ".csv")) return families >= 2 ? 90 : families == 1 ? 55 : 40;
    if (gapfinder::plugin::has_extension(name, ".txt")) return families >= 2 ? 70 : 20;
    if (!gapfinder::csv::looks_tabular(text)) return 0;  // an unknown file is not claimed
    return families >= 2 ? 45 : 3;
}

int32_t read(const gf_read_request* request, const gf_sink* sink, const gf_host* host, gf_status* status) noexcept {
    // A std::exception here is the file failing to open or map: an I/O error.
    return gapfinder::plugin::guarded_read(status, GF_ERR_IO, [&] { return read_staff(request, sink, host, status); });
}

const gf_plugin_info kInfo = {
    sizeof(gf_plugin_info),
    "staff-survey-csv",
    "Staff survey CSV",
    "1.0.0",
    ".csv;.txt",
    "Staff questionnaire and HR survey exports in CSV: job dimensions, derived length of service and top earners, identifiers dropped",
};

const gf_plugin kPlugin = {sizeof(gf_plugin), GF_PLUGIN_API_VERSION, &kInfo, &identify, &read};

}  // namespace

extern "C" GF_PLUGIN_EXPORT uint32_t gapfinder_plugin_api_version(void) { return GF_PLUGIN_API_VERSION; }
extern "C" GF_PLUGIN_EXPORT const gf_plugin* gapfinder_plugin_entry(void) { return &kPlugin; }
