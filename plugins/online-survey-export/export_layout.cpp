// online-survey-export: header rows to columns, responses to cells (see export_layout.hpp).
#include "export_layout.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "xlsx/errors.hpp"

namespace gapfinder::online {

namespace {

using xlsx::Cancelled;
using xlsx::Error;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
    return s;
}

// Lower case, runs of spaces as one: how headings and markers are compared.
std::string folded(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : trim(s)) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = true;
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

std::string quote(std::string_view text) {
    if (text.size() > 60) {
        size_t cut = 57;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        return "\"" + std::string(text.substr(0, cut)) + "...\"";
    }
    return "\"" + std::string(text) + "\"";
}

// Row 2 under a question answered in one column.
bool is_response_marker(std::string_view option) {
    const std::string f = folded(option);
    return f == "response" || f == "open-ended response" || f == "open ended response";
}

// Row 2 over a write-in box: "Other (please specify)", "Other (please state)"...
bool is_other(std::string_view option) {
    const std::string f = folded(option);
    return f.rfind("other", 0) == 0 && (f.find("specify") != std::string::npos || f.find("please state") != std::string::npos);
}

// Metadata headings that are personal data: never sent to the host.
bool is_personal(std::string_view heading) {
    static const std::set<std::string> kPersonal = {
        "ip address", "email address", "email", "e-mail", "e-mail address", "first name", "last name",
        "name",       "full name",     "phone", "phone number", "telephone",  "mobile"};
    return kPersonal.count(folded(heading)) > 0;
}

// The metadata column holding the tool's number for each response: kept even with
// metadata=drop, since a survey definition needs a respondent id column.
bool is_respondent_id(std::string_view heading) {
    static const std::set<std::string> kIds = {"respondent id", "response id", "userid", "user id", "userno", "unique id"};
    return kIds.count(folded(heading)) > 0;
}

// Metadata whose value in row 2 proves row 2 is a response, not the option row.
bool is_known_metadata(std::string_view heading) {
    static const std::set<std::string> kKnown = {"respondent id", "collector id", "start date", "end date",
                                                 "ip address",    "email address", "response id"};
    return kKnown.count(folded(heading)) > 0;
}

std::string list(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "\"" : ", \"") + n + "\"";
    return out;
}

}  // namespace

ExportLayout::ExportLayout(Settings settings, const gf_sink& sink, Field field, bool describe_heading, Log log)
    : settings_(settings), sink_(sink), field_(std::move(field)), describe_heading_(describe_heading), log_(std::move(log)) {}

std::string ExportLayout::heading(size_t column) const {
    return column < columns_.size() && columns_[column].kind != Kind::dropped ? columns_[column].heading : std::string();
}

void ExportLayout::fail(size_t column, uint64_t row, const std::string& message) const {
    std::string text = message;
    if (describe_heading_ && !heading(column).empty()) text += " (under the heading \"" + heading(column) + "\")";
    throw Error(GF_ERR_INPUT, row, column == SIZE_MAX ? std::string() : field_(column, row), text);
}

void ExportLayout::question_row(uint64_t row, std::vector<std::string> cells) {
    question_row_ = row;
    question_ = std::move(cells);
    for (auto& q : question_) q = std::string(trim(q));
}

void ExportLayout::option_row(uint64_t row, std::vector<std::string> cells) {
    option_row_ = row;
    const size_t width = question_.size();
    cells.resize(width);
    for (auto& o : cells) o = std::string(trim(o));

    // Is this really the option row, or already a response (an export with one header row)?
    bool has_marker = false, carries_forward = false;
    for (size_t c = 0; c < width; ++c) {
        if (!question_[c].empty() && !cells[c].empty() && is_known_metadata(question_[c]))
            throw Error(GF_ERR_INPUT, row, field_(c, row),
                        "the second header row should be blank under " + quote(question_[c]) + " but holds " + quote(cells[c]) +
                            ": it looks like a response, so the file has only one header row. An online survey export "
                            "has two (question text, then \"Response\" or each option); read a file with one heading row "
                            "with --plugin citizens-panel-csv (or xlsx)");
        has_marker = has_marker || is_response_marker(cells[c]);
        carries_forward = carries_forward || (question_[c].empty() && !cells[c].empty());
    }
    if (!has_marker && !carries_forward)
        throw Error(GF_ERR_INPUT, row, "",
                    "is not the second header row of an online survey export: no cell says \"Response\" or \"Open-Ended "
                    "Response\", and no question spreads over several option columns. Read a file with one heading row "
                    "with --plugin citizens-panel-csv (or xlsx)");

    // Columns, and the questions spread over several of them.
    columns_.assign(width, Column{});
    std::vector<std::string> personal, metadata_kept, metadata_dropped;
    size_t open = SIZE_MAX;  // the question whose columns are being read
    std::vector<std::pair<std::string, std::vector<size_t>>> spans;
    for (size_t c = 0; c < width; ++c) {
        const std::string& q = question_[c];
        const std::string& o = cells[c];
        Column& column = columns_[c];
        if (!q.empty() && o.empty()) {  // the tool's metadata
            open = SIZE_MAX;
            column.heading = q;
            if (is_personal(q)) {
                column.kind = Kind::dropped;
                personal.push_back(q);
            } else if (!settings_.keep_metadata && !is_respondent_id(q)) {
                column.kind = Kind::dropped;
                metadata_dropped.push_back(q);
            } else {
                metadata_kept.push_back(q);
            }
            continue;
        }
        if (q.empty() && o.empty())
            throw Error(GF_ERR_INPUT, question_row_, field_(c, question_row_),
                        "the column has no heading in either header row (neither a question nor an option)");
        if (!q.empty()) {
            open = spans.size();
            spans.push_back({q, {}});
        } else if (open == SIZE_MAX) {
            throw Error(GF_ERR_INPUT, row, field_(c, row),
                        "the second header row names the option " + quote(o) +
                            ", but no question heads it: the first header row is blank here and there is no question to "
                            "its left for it to belong to");
        }
        spans[open].second.push_back(c);
    }

    for (const auto& [question, members] : spans) {
        if (members.size() == 1 && is_response_marker(cells[members[0]])) {
            columns_[members[0]].heading = question;  // a question answered in one column
            continue;
        }
        Group group{question, members, Mode::undecided};
        bool has_options = false;
        for (size_t c : members) {
            Column& column = columns_[c];
            column.heading = question + ": " + cells[c];
            column.group = groups_.size();
            const bool free = is_response_marker(cells[c]) || is_other(cells[c]);
            column.kind = free ? Kind::free_text : Kind::option;
            if (!free) column.option = cells[c];
            has_options = has_options || !free;
        }
        if (!has_options)  // only write-in boxes: each is sent as written
            for (size_t c : members) columns_[c].kind = Kind::as_written, columns_[c].group = SIZE_MAX;
        else groups_.push_back(std::move(group));
    }

    // Unique headings, ignoring case and spacing as the host compares them: a heading met
    // again becomes "Heading (2)", then "(3)"...
    std::set<std::string> used;
    for (auto& column : columns_) {
        if (column.kind == Kind::dropped) continue;
        std::string heading = column.heading;
        for (int n = 2; !used.insert(folded(heading)).second; ++n) heading = column.heading + " (" + std::to_string(n) + ")";
        if (heading != column.heading)
            log_(GF_LOG_INFO, "the heading " + quote(column.heading) + " appears more than once; this column is called " +
                                  quote(heading));
        column.heading = heading;
    }

    if (!personal.empty())
        log_(GF_LOG_INFO, "dropped the personal data columns " + list(personal) + " (always dropped: no analysis needs them)");
    if (!metadata_dropped.empty()) log_(GF_LOG_INFO, "dropped the metadata columns " + list(metadata_dropped) + " (metadata=drop)");
    if (!metadata_kept.empty())
        log_(GF_LOG_DEBUG, "kept the metadata columns " + list(metadata_kept) + " as context (metadata=drop leaves them out)");

    for (const auto& column : columns_)
        if (column.kind != Kind::dropped) headings_.push_back({column.heading.data(), column.heading.size()});
    out_.resize(headings_.size());
    answered_.resize(groups_.size());
    if (sink_.begin(sink_.ctx, question_row_, headings_.data(), headings_.size()) != 0) throw Cancelled{};
}

void ExportLayout::decide(Group& group, uint64_t row, const std::vector<std::string_view>& cells) {
    size_t matching = 0, other = 0, first_other = SIZE_MAX, first_matching = SIZE_MAX;
    for (size_t c : group.columns) {
        if (columns_[c].kind != Kind::option) continue;
        const std::string_view text = trim(cells[c]);
        if (text.empty()) continue;
        if (text == columns_[c].option) {
            ++matching;
            if (first_matching == SIZE_MAX) first_matching = c;
        } else {
            ++other;
            if (first_other == SIZE_MAX) first_other = c;
        }
    }
    if (matching == 0 && other == 0) return;  // only a write-in box: still undecided
    if (matching > 0 && other > 0)
        fail(first_other, row,
             "the cell holds " + quote(trim(cells[first_other])) + ", but its column is for the option " +
                 quote(columns_[first_other].option) + " of the multi-choice question " + quote(group.question) +
                 ", which holds that text when ticked and nothing otherwise (as the cell under " +
                 quote(columns_[first_matching].option) + " does)");
    group.mode = matching > 0 ? Mode::multi_choice : Mode::grid;
    log_(GF_LOG_DEBUG, "the question " + quote(group.question) + " is read as " +
                           (group.mode == Mode::grid ? "a grid (each column a statement, holding its answer)"
                                                     : "multi-choice (Selected / Not selected per option)") +
                           ", from row " + std::to_string(row));
}

void ExportLayout::response(uint64_t row, const std::vector<std::string_view>& cells) {
    for (size_t g = 0; g < groups_.size(); ++g) {
        Group& group = groups_[g];
        answered_[g] = std::any_of(group.columns.begin(), group.columns.end(), [&](size_t c) { return !trim(cells[c]).empty(); });
        if (answered_[g] && group.mode == Mode::undecided) decide(group, row, cells);
    }
    size_t k = 0;
    for (size_t c = 0; c < columns_.size(); ++c) {
        const Column& column = columns_[c];
        if (column.kind == Kind::dropped) continue;
        std::string_view value = cells[c];
        if (column.kind == Kind::option) {
            const Group& group = groups_[column.group];
            const std::string_view text = trim(value);
            if (group.mode == Mode::multi_choice) {
                if (!text.empty() && text != column.option)
                    fail(c, row,
                         "the cell holds " + quote(text) + ", but its column is for the option " + quote(column.option) +
                             " of the multi-choice question " + quote(group.question) +
                             ", which holds that text when ticked and nothing otherwise");
                value = !text.empty() ? "Selected" : answered_[column.group] ? "Not selected" : "";
            } else if (group.mode == Mode::undecided) {
                value = {};
            }
        }
        out_[k++] = {value.data(), value.size()};
    }
    if (sink_.row(sink_.ctx, row, out_.data(), out_.size()) != 0) throw Cancelled{};
    ++responses_;
}

void ExportLayout::finish(const std::string& what) const {
    if (question_row_ == 0) throw Error(GF_ERR_INPUT, 0, "", what + " is empty: it has no header rows");
    if (option_row_ == 0)
        throw Error(GF_ERR_INPUT, question_row_, "",
                    what + " ends after its first header row: an online survey export has two header rows (the question "
                    "text, then \"Response\" or each option's text) before the responses");
}

}  // namespace gapfinder::online
