// online-survey-export: reads the CSV and Excel exports of online survey tools
// (SurveyMonkey, SmartSurvey and the like): two header rows, the question text then each
// column's option, one column per option for multi-choice questions, and the tool's
// metadata (respondent id, start and end time, collector...) on the left.
//
// What the header rows mean and how each response becomes cells is in export_layout.hpp,
// the same for both variants. This file reads the rows: CSV through the shared decoder
// (common/csv/decoded_file.hpp, so encodings and bad bytes are handled as by every CSV
// plugin), workbooks through the shared xlsx reader (common/xlsx/), which sends dates as
// ISO 8601 and numbers in their shortest exact form.
//
// Options: metadata=keep|drop; for CSV encoding= and delimiter= (as citizens-panel-csv);
// for workbooks sheet=NAME or N (as the xlsx plugin).
#include <gapfinder/plugin_api.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "boundary/boundary.hpp"
#include "csv/csv_plugin.hpp"
#include "csv/decoded_file.hpp"
#include "export_layout.hpp"
#include "xlsx/cell_text.hpp"
#include "xlsx/errors.hpp"
#include "xlsx/first_rows.hpp"
#include "xlsx/package.hpp"
#include "xlsx/sheet_rows.hpp"
#include "xlsx/workbook.hpp"
#include "xlsx/zip_head.hpp"

namespace {

using gapfinder::online::ExportLayout;
using gapfinder::xlsx::Cancelled;
using gapfinder::xlsx::Error;
using gapfinder::xlsx::input_error;

std::string_view view(const gf_str& s) { return {s.data ? s.data : "", s.data ? s.size : 0}; }

struct Options {
    gapfinder::online::Settings settings;
    gapfinder::csv::FileOptions csv;
    std::string sheet;
    std::vector<std::string> csv_only, xlsx_only;  // given, for a check once the kind is known
};

Options parse_options(const gf_read_request* request) {
    Options options;
    for (size_t i = 0; i < request->option_count; ++i) {
        const std::string_view key = view(request->options[i].key), value = view(request->options[i].value);
        std::string problem;
        if (key == "metadata") {
            if (value == "keep") options.settings.keep_metadata = true;
            else if (value == "drop") options.settings.keep_metadata = false;
            else problem = "option metadata=" + std::string(value) + ": use keep or drop";
        } else if (key == "sheet") {
            if (value.empty()) problem = "option sheet= needs a sheet's name or its position (1 for the first)";
            options.sheet = value;
            options.xlsx_only.emplace_back(key);
        } else if (gapfinder::csv::take_file_option(key, value, options.csv, problem)) {
            options.csv_only.emplace_back(key);
        } else {
            problem = "unknown option \"" + std::string(key) + "\" (this plugin knows metadata, sheet, encoding and delimiter)";
        }
        if (!problem.empty()) throw input_error(problem);
    }
    return options;
}

class Read {
public:
    Read(const gf_read_request* request, const gf_sink* sink, const gf_host* host) : request_(request), sink_(sink), host_(host) {}

    int32_t run() {
        const Options options = parse_options(request_);
        if (is_zip_or_ole2()) {
            if (!options.csv_only.empty())
                throw input_error("option " + options.csv_only.front() + "= is for CSV files; this file is an Excel workbook");
            read_workbook(options);
        } else {
            if (!options.xlsx_only.empty())
                throw input_error("option " + options.xlsx_only.front() + "= is for Excel workbooks; this file is CSV");
            read_csv(options);
        }
        return GF_OK;
    }

private:
    void log(int32_t level, const std::string& message) const {
        if (host_ && host_->log) host_->log(host_->ctx, level, {message.data(), message.size()});
    }

    bool is_zip_or_ole2() const {
        std::ifstream in(request_->path, std::ios::binary);
        char magic[8] = {};
        in.read(magic, sizeof magic);
        const auto got = in.gcount();
        return (got >= 4 && std::memcmp(magic, "PK\x03\x04", 4) == 0) ||
               (got == 8 && std::memcmp(magic, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0);
    }

    void read_csv(const Options& options) {
        ExportLayout* layout_ptr = nullptr;
        std::vector<std::string> first_row;
        auto field = [&](size_t column, uint64_t) -> std::string {
            std::string heading = layout_ptr ? layout_ptr->heading(column) : std::string();
            if (heading.empty() && column < first_row.size()) heading = first_row[column];
            return heading.empty() ? "column " + std::to_string(column + 1) : heading;
        };
        ExportLayout layout(options.settings, *sink_, field, false, [&](int32_t level, const std::string& m) { log(level, m); });
        layout_ptr = &layout;
        try {
            gapfinder::csv::DecodedFile file(request_->path, options.csv, [&](const std::string& w) { log(GF_LOG_WARN, w); });
            std::vector<gf_str> cells;
            std::vector<std::string_view> row;
            while (file.next(cells)) {
                const uint64_t n = file.record().row;
                if (!layout.has_question_row()) {
                    for (const auto& c : cells) first_row.emplace_back(view(c));
                    layout.question_row(n, first_row);
                    continue;
                }
                if (cells.size() != layout.width())
                    throw Error(GF_ERR_INPUT, n, "",
                                "has " + std::to_string(cells.size()) + " cells but the " +
                                    (layout.has_option_row() ? "header rows have " : "first header row has ") +
                                    std::to_string(layout.width()) + file.where());
                if (!layout.has_option_row()) {
                    std::vector<std::string> options_row;
                    for (const auto& c : cells) options_row.emplace_back(view(c));
                    layout.option_row(n, std::move(options_row));
                    continue;
                }
                row.resize(cells.size());
                for (size_t i = 0; i < cells.size(); ++i) row[i] = view(cells[i]);
                layout.response(n, row);
            }
        } catch (const gapfinder::csv::ParseError& e) {
            throw Error(GF_ERR_INPUT, e.row, e.row ? field(e.column, e.row) : std::string(), e.what());
        }
        layout.finish();
        log(GF_LOG_DEBUG, std::to_string(layout.responses()) + " responses");
    }

    // The sheet's rows into the layout: the first two non-blank rows are the header rows.
    class SheetHandler : public gapfinder::xlsx::RowHandler {
    public:
        SheetHandler(const gapfinder::xlsx::Workbook& workbook, const std::string& sheet, const Options& options,
                     const gf_sink& sink, const Read& read)
            : rows_(workbook, sheet, *this),
              sheet_ref_(gapfinder::xlsx::quoted_sheet_name(sheet)),
              layout_(
                  options.settings, sink,
                  [this](size_t column, uint64_t row) {
                      return sheet_ref_ + "!" + gapfinder::xlsx::column_letters(static_cast<uint32_t>(column)) + std::to_string(row);
                  },
                  true, [&read](int32_t level, const std::string& m) { read.log(level, m); }) {}

        // The SAX handler to parse the sheet's part with.
        gapfinder::xlsx::SheetRows& parser() { return rows_; }
        const ExportLayout& layout() const { return layout_; }

        void row(uint64_t row, std::vector<std::string>& cells, const std::vector<uint32_t>& filled) override {
            if (filled.empty()) return;  // a blank row
            const size_t last = *std::max_element(filled.begin(), filled.end());
            if (first_row_ == 0) {
                first_row_ = row;
                first_.assign(cells.begin(), cells.begin() + static_cast<std::ptrdiff_t>(last + 1));
                return;
            }
            if (!layout_.has_option_row()) {
                // A multi-choice question at the right end leaves row 1 shorter than row 2.
                first_.resize(std::max(first_.size(), last + 1));
                layout_.question_row(first_row_, first_);
                layout_.option_row(row, std::vector<std::string>(cells.begin(), cells.begin() + static_cast<std::ptrdiff_t>(last + 1)));
                return;
            }
            const size_t width = layout_.width();
            if (last >= width) {
                size_t beyond = last;
                for (uint32_t c : filled)
                    if (c >= width) beyond = std::min<size_t>(beyond, c);
                rows_.fail(static_cast<uint32_t>(beyond),
                           "the cell holds " + gapfinder::xlsx::quote(cells[beyond]) + ", right of the last column of the header rows (" +
                               std::to_string(width) + " columns, A to " +
                               gapfinder::xlsx::column_letters(static_cast<uint32_t>(width - 1)) + ")");
            }
            if (cells.size() < width) cells.resize(width);
            views_.resize(width);
            for (size_t i = 0; i < width; ++i) views_[i] = cells[i];
            layout_.response(row, views_);
        }
        std::string heading(uint32_t column) const override { return layout_.heading(column); }

        // After the parse: a sheet that ended within its header rows is an error.
        void finish() {
            if (first_row_ != 0 && !layout_.has_question_row()) layout_.question_row(first_row_, first_);
            layout_.finish("sheet \"" + rows_.sheet_name() + "\"");
        }

    private:
        gapfinder::xlsx::SheetRows rows_;
        std::string sheet_ref_;
        ExportLayout layout_;
        uint64_t first_row_ = 0;
        std::vector<std::string> first_;
        std::vector<std::string_view> views_;
    };

    void read_workbook(const Options& options) {
        gapfinder::xlsx::Package package(request_->path);
        gapfinder::xlsx::Workbook workbook(package);
        const auto& sheet = gapfinder::xlsx::choose_sheet(workbook, options.sheet, [&](const std::string& m) { log(GF_LOG_INFO, m); });
        gapfinder::xlsx::prepare_sheet(package, workbook, sheet);
        SheetHandler handler(workbook, sheet.name, options, *sink_, *this);
        package.parse(sheet.part, handler.parser());
        handler.finish();
        log(GF_LOG_DEBUG, "sheet \"" + sheet.name + "\": " + std::to_string(handler.layout().responses()) + " responses");
    }

    const gf_read_request* request_;
    const gf_sink* sink_;
    const gf_host* host_;
};

// --- identify -------------------------------------------------------------------------

std::string folded(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '"') out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    return out;
}

bool is_metadata_heading(std::string_view cell) {
    const std::string f = folded(cell);
    return f == "respondentid" || f == "collectorid" || f == "startdate" || f == "enddate" || f == "responseid";
}

bool is_marker(std::string_view cell) {
    const std::string f = folded(cell);
    return f == "response" || f == "open-endedresponse";
}

// How sure we are from the signature: tool metadata headings, and "Response" options (or
// a question spreading over option columns) in the second row.
int32_t score(bool metadata, bool options) { return metadata && options ? 95 : metadata || options ? 50 : 0; }

// How sure we are from a file's first two rows (second absent when the file has one),
// named as this plugin's files are (named) or not.
int32_t score_header_rows(const std::vector<std::string>& first, const std::vector<std::string>* second, bool named) {
    bool metadata = std::any_of(first.begin(), first.end(), [](const std::string& c) { return is_metadata_heading(c); });
    bool options = false;
    if (second) {
        for (size_t i = 0; i < second->size(); ++i) {
            const std::string& cell = (*second)[i];
            options = options || is_marker(cell) || (i < first.size() && folded(first[i]).empty() && !folded(cell).empty());
            // A value under a metadata heading means row 2 is a response: one header row.
            if (i < first.size() && is_metadata_heading(first[i]) && !folded(cell).empty()) return 5;
        }
    }
    const int32_t s = score(metadata, options);
    if (s == 0) return named ? 10 : 0;
    return named ? s : s - 10;
}

int32_t identify_csv(std::string_view name, std::string_view bytes) {
    const bool csv_name = gapfinder::plugin::has_extension(name, ".csv") || gapfinder::plugin::has_extension(name, ".txt");
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    gapfinder::csv::Reader reader(bytes, gapfinder::csv::Reader::detect_delimiter(bytes));
    gapfinder::csv::Record record;
    if (!reader.next(record)) return 0;
    // Copied: a cell with "" escapes is a view into the reader's buffer for one record,
    // which reading the second record reuses.
    const std::vector<std::string> first(record.cells.begin(), record.cells.end());
    if (!reader.next(record)) return score_header_rows(first, nullptr, csv_name);
    const std::vector<std::string> second(record.cells.begin(), record.cells.end());
    return score_header_rows(first, &second, csv_name);
}

int32_t identify_xlsx(const std::string& path, const unsigned char* head, size_t size) {
    const bool xlsx_name = gapfinder::plugin::has_extension(path, ".xlsx") || gapfinder::plugin::has_extension(path, ".xlsm");
    if (!xlsx_name && !gapfinder::xlsx::head_names_xl_part(head, size)) return 0;
    std::vector<std::vector<std::string>> rows;
    try {
        rows = gapfinder::xlsx::first_rows(path, 2);
    } catch (...) {
        return 5;  // damaged, or not a workbook: the read will say why
    }
    if (rows.empty()) return 5;
    const int32_t s = score_header_rows(rows[0], rows.size() > 1 ? &rows[1] : nullptr, xlsx_name);
    return s <= 10 ? 5 : s;
}

int32_t identify(const char* path, const unsigned char* head, size_t head_size) noexcept {
    try {
        const std::string_view name(path ? path : "");
        if (!head || head_size == 0) return 0;
        if (head_size >= 4 && std::memcmp(head, "PK\x03\x04", 4) == 0) return identify_xlsx(std::string(name), head, head_size);
        const std::string_view bytes(reinterpret_cast<const char*>(head), head_size);
        if (gapfinder::csv::looks_binary(bytes)) return 0;  // .sav, .xls...
        return identify_csv(name, gapfinder::csv::head_text(bytes));
    } catch (...) {
        return 0;  // a head cut inside a quoted field, or out of memory: not ours to claim
    }
}

int32_t read(const gf_read_request* request, const gf_sink* sink, const gf_host* host, gf_status* status) noexcept {
    // A std::exception that is not ours is the file failing to open or map: an I/O error.
    return gapfinder::xlsx::guarded_workbook_read(status, GF_ERR_IO, [&] { return Read(request, sink, host).run(); });
}

const gf_plugin_info kInfo = {
    sizeof(gf_plugin_info),
    "online-survey-export",
    "Online survey tool export",
    "1.0.0",
    ".csv;.xlsx;.xlsm;.txt",
    "CSV and Excel exports of online survey tools (SurveyMonkey, SmartSurvey...): two header rows, a column per option",
};

const gf_plugin kPlugin = {sizeof(gf_plugin), GF_PLUGIN_API_VERSION, &kInfo, &identify, &read};

}  // namespace

extern "C" GF_PLUGIN_EXPORT uint32_t gapfinder_plugin_api_version(void) { return GF_PLUGIN_API_VERSION; }
extern "C" GF_PLUGIN_EXPORT const gf_plugin* gapfinder_plugin_entry(void) { return &kPlugin; }
