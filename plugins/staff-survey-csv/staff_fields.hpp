// What staff-survey-csv knows about staff exports: which headings are job dimensions,
// direct identifiers, start dates, completion dates and full-time-equivalent salaries,
// and how a date or an amount of money is read and banded. No plugin API here, so that
// the rules read as plain functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace staff {

// A heading lower-cased (ASCII), every run of other than letters and digits made one
// space, with a space at each end: " what is your grade ", " e mail address ".
std::string fold(std::string_view heading);

// How many of the five families of job-dimension headings (directorate or department,
// grade or pay, contract or working pattern, length of service or start date, staff
// number) the headings include.
int job_dimension_families(const std::vector<std::string>& headings);

// Whether a heading names a direct identifier that must never reach the store: a
// person's name, e-mail address, telephone number, home address or National Insurance
// number.
bool is_direct_identifier(std::string_view heading);

bool is_start_date_heading(std::string_view heading);
bool is_completion_date_heading(std::string_view heading);
bool is_fte_salary_heading(std::string_view heading);

// A calendar date as days since 1970-01-01, and its parts.
struct Date {
    int64_t days = 0;
    int year = 0;
    unsigned month = 0, day = 0;
};

// Reads "2024-03-05" (ISO 8601, optionally followed by a time such as T14:30:00 or
// " 14:30") or "05/03/2024" (day first, as UK exports write it; also with - or . and
// optionally a time). Month-first (US) dates are never assumed. Empty when the text is
// not a valid date.
std::optional<Date> parse_date(std::string_view text);
std::string iso(const Date& d);

// Whole years completed from start to at (an anniversary on 29 February falls on 1
// March in other years). Negative when start is after at.
int completed_years(const Date& start, const Date& at);

// Length-of-service bands from their lower edges in completed years (default 1, 3, 6,
// 11): "Less than 1 year", "1 to 2 years", "3 to 5 years", "6 to 10 years", "More than
// 10 years".
class ServiceBands {
public:
    ServiceBands();
    // "1,3,6,11": strictly increasing whole numbers from 1; false (with error) if not.
    bool parse(std::string_view text, std::string& error);
    const std::string& label_for(int years) const;

private:
    std::vector<int> edges_;
    std::vector<std::string> labels_;  // edges_.size() + 1
    void make_labels();
};

// Reads an annual amount such as "45250", "45,250.50" or "£45,250": digits with
// optional thousands commas (in threes), optional decimals, an optional leading pound
// sign. Empty when the text is anything else (including a negative amount).
std::optional<double> parse_amount(std::string_view text);

// The top `percent` of earners: the n staff with a salary ranked from the highest, the
// cut-off is the salary at rank ceil(percent / 100 x n), and everyone paid at least the
// cut-off is in the top group (so ties at the cut-off are all in it).
struct TopEarners {
    double cutoff = 0;
    size_t with_salary = 0, in_top = 0;
};
std::optional<TopEarners> top_earners(std::vector<double> salaries, double percent);

}  // namespace staff
