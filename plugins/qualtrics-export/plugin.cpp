// qualtrics-export: Qualtrics's data downloads, as CSV (or TSV) and as Excel, whose first
// three rows are headers:
//
//   row 1  StartDate  | ... | ResponseId  | IPAddress  | Q1                          | Q2_1 ...   export tags
//   row 2  Start Date | ... | Response ID | IP Address | How satisfied are you ...?  | ...        question text
//   row 3  {"ImportId":"startDate","timeZone":"Europe/London"} | ... | {"ImportId":"QID1"} | ...  import ids
//   row 4  the first response
//
// Read as any other file with those rows, the second and third became respondents (an
// inspect counted them; an ingest stopped at row 2). Here the headings are row 2's text
// (what the council wrote; a text met again gets " (2)", " (3)"...), row 3 is checked to
// be the import ids and skipped, and responses keep the row numbers a spreadsheet shows.
// Personal data Qualtrics records (IP address, the recipient's names and e-mail, the
// location) is always dropped. Cells are sent as written (CSV) or as the xlsx reader
// sends them (dates as ISO 8601).
#include <gapfinder/plugin_api.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "boundary/boundary.hpp"
#include "csv/csv_plugin.hpp"
#include "csv/decoded_file.hpp"
#include "xlsx/errors.hpp"
#include "xlsx/first_rows.hpp"
#include "xlsx/package.hpp"
#include "xlsx/sheet_rows.hpp"
#include "xlsx/workbook.hpp"

namespace {

using gapfinder::xlsx::Cancelled;
using gapfinder::xlsx::Error;
using gapfinder::xlsx::input_error;

std::string_view view(const gf_str& s) { return {s.data ? s.data : "", s.data ? s.size : 0}; }

std::string folded(std::string_view s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '"' && c != '_') out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    return out;
}

bool is_import_id(std::string_view cell) { return folded(cell).rfind("{importid:", 0) == 0; }

// The three header rows, told from a file's first rows.
bool looks_like_qualtrics(const std::vector<std::vector<std::string>>& rows) {
    if (rows.size() < 3) return false;
    const bool response_id = std::any_of(rows[0].begin(), rows[0].end(), [](const std::string& c) { return folded(c) == "responseid"; });
    size_t ids = 0, filled = 0;
    for (const auto& c : rows[2])
        if (!c.empty()) ++filled, ids += is_import_id(c);
    return response_id && filled > 0 && ids == filled;
}

// Export tags of the personal data Qualtrics records with each response.
bool is_personal(std::string_view tag) {
    static const std::set<std::string> tags = {"ipaddress", "recipientlastname", "recipientfirstname", "recipientemail",
                                               "locationlatitude", "locationlongitude"};
    return tags.count(folded(tag)) > 0;
}

// The header rows, then each response sent to the sink with the kept columns.
class Layout {
public:
    Layout(const gf_sink& sink, const gf_host* host) : sink_(sink), host_(host) {}

    bool in_headers() const { return header_rows_ < 3; }
    size_t width() const { return tags_.size(); }

    // field(column) names a cell of row `row` for an error.
    template <typename Field>
    void header(uint64_t row, std::vector<std::string> cells, Field field) {
        ++header_rows_;
        if (header_rows_ == 1) {
            tags_ = std::move(cells);
            return;
        }
        cells.resize(std::max(cells.size(), tags_.size()));
        tags_.resize(cells.size());
        if (header_rows_ == 2) {
            texts_ = std::move(cells);
            return;
        }
        for (size_t c = 0; c < cells.size(); ++c)
            if (!cells[c].empty() && !is_import_id(cells[c]))
                throw Error(GF_ERR_INPUT, row, field(c),
                            "the third header row should hold Qualtrics's import ids ({\"ImportId\":...}) but holds \"" + cells[c] +
                                "\"; export again from Qualtrics with the default options, or read the file with "
                                "--plugin citizens-panel-csv (or xlsx) and --option header_row=2");
        begin(row - 1);
    }

    void response(uint64_t row, const std::vector<std::string_view>& cells) {
        for (size_t k = 0; k < kept_.size(); ++k) out_[k] = {cells[kept_[k]].data(), cells[kept_[k]].size()};
        if (sink_.row(sink_.ctx, row, out_.data(), out_.size()) != 0) throw Cancelled{};
        ++responses_;
    }

    void warn(const std::string& message) const { log(GF_LOG_WARN, message); }

    std::string heading(size_t column) const {
        if (column < texts_.size() && !texts_[column].empty()) return texts_[column];
        return column < tags_.size() ? tags_[column] : "column " + std::to_string(column + 1);
    }

    void finish(const std::string& what) const {
        if (in_headers())
            throw input_error(what + " ends within its three header rows (" + std::to_string(header_rows_) +
                              " found): it holds no responses");
        log(GF_LOG_DEBUG, std::to_string(responses_) + " responses");
    }

private:
    void log(int32_t level, const std::string& message) const {
        if (host_ && host_->log) host_->log(host_->ctx, level, {message.data(), message.size()});
    }

    void begin(uint64_t heading_row) {
        std::set<std::string> used;
        std::vector<std::string> dropped;
        for (size_t c = 0; c < tags_.size(); ++c) {
            if (is_personal(tags_[c])) {
                dropped.push_back(tags_[c]);
                continue;
            }
            const std::string base = heading(c);
            std::string name = base;
            for (int n = 2; !used.insert(folded(name)).second; ++n) name = base + " (" + std::to_string(n) + ")";
            headings_.push_back(name);
            kept_.push_back(c);
        }
        if (!dropped.empty()) {
            std::string list;
            for (const auto& d : dropped) list += (list.empty() ? "" : ", ") + d;
            log(GF_LOG_INFO, "dropped the personal data columns " + list + " (always dropped: no analysis needs them)");
        }
        std::vector<gf_str> views;
        for (const auto& h : headings_) views.push_back({h.data(), h.size()});
        out_.resize(kept_.size());
        if (sink_.begin(sink_.ctx, heading_row, views.data(), views.size()) != 0) throw Cancelled{};
    }

    const gf_sink& sink_;
    const gf_host* host_;
    int header_rows_ = 0;
    std::vector<std::string> tags_, texts_, headings_;
    std::vector<size_t> kept_;
    std::vector<gf_str> out_;
    uint64_t responses_ = 0;
};

class Read {
public:
    Read(const gf_read_request* request, const gf_sink* sink, const gf_host* host) : request_(request), layout_(*sink, host) {}

    int32_t run() {
        gapfinder::csv::FileOptions csv;
        std::string sheet;
        for (size_t i = 0; i < request_->option_count; ++i) {
            const std::string_view key = view(request_->options[i].key), value = view(request_->options[i].value);
            std::string problem;
            if (key == "sheet") sheet = value;
            else if (!gapfinder::csv::take_file_option(key, value, csv, problem))
                problem = "unknown option \"" + std::string(key) + "\" (this plugin knows sheet, encoding and delimiter)";
            if (!problem.empty()) throw input_error(problem);
        }
        std::ifstream in(request_->path, std::ios::binary);
        char magic[4] = {};
        in.read(magic, sizeof magic);
        if (in.gcount() == 4 && std::memcmp(magic, "PK\x03\x04", 4) == 0) read_workbook(sheet);
        else read_csv(csv);
        return GF_OK;
    }

private:
    void read_csv(const gapfinder::csv::FileOptions& options) {
        try {
            gapfinder::csv::DecodedFile file(request_->path, options, [&](const std::string& warning) { layout_.warn(warning); });
            std::vector<gf_str> cells;
            std::vector<std::string_view> row;
            while (file.next(cells)) {
                const uint64_t n = file.record().row;
                if (layout_.in_headers()) {
                    std::vector<std::string> text;
                    for (const auto& c : cells) text.emplace_back(view(c));
                    layout_.header(n, std::move(text), [&](size_t c) { return layout_.heading(c); });
                    continue;
                }
                if (cells.size() != layout_.width())
                    throw Error(GF_ERR_INPUT, n, "",
                                "has " + std::to_string(cells.size()) + " cells but the header rows have " +
                                    std::to_string(layout_.width()) + file.where());
                row.resize(cells.size());
                for (size_t i = 0; i < cells.size(); ++i) row[i] = view(cells[i]);
                layout_.response(n, row);
            }
        } catch (const gapfinder::csv::ParseError& e) {
            throw Error(GF_ERR_INPUT, e.row, e.row ? layout_.heading(e.column) : std::string(), e.what());
        }
        layout_.finish("the file");
    }

    class SheetHandler : public gapfinder::xlsx::RowHandler {
    public:
        SheetHandler(const gapfinder::xlsx::Workbook& workbook, const std::string& sheet, Layout& layout)
            : rows_(workbook, sheet, *this), layout_(layout) {}
        gapfinder::xlsx::SheetRows& parser() { return rows_; }

        void row(uint64_t row, std::vector<std::string>& cells, const std::vector<uint32_t>& filled) override {
            if (filled.empty()) return;  // a blank row
            const size_t last = *std::max_element(filled.begin(), filled.end());
            if (layout_.in_headers()) {
                layout_.header(row, std::vector<std::string>(cells.begin(), cells.begin() + static_cast<std::ptrdiff_t>(last + 1)),
                               [&](size_t c) { return rows_.cell_name(static_cast<uint32_t>(c)); });
                return;
            }
            if (last >= layout_.width())
                rows_.fail(static_cast<uint32_t>(last), "the cell holds " + gapfinder::xlsx::quote(cells[last]) +
                                                            ", right of the last column of the header rows");
            cells.resize(layout_.width());
            views_.assign(cells.begin(), cells.end());
            layout_.response(row, views_);
        }
        std::string heading(uint32_t column) const override { return layout_.heading(column); }

    private:
        gapfinder::xlsx::SheetRows rows_;
        Layout& layout_;
        std::vector<std::string_view> views_;
    };

    void read_workbook(const std::string& requested_sheet) {
        gapfinder::xlsx::Package package(request_->path);
        gapfinder::xlsx::Workbook workbook(package);
        const auto& sheet = gapfinder::xlsx::choose_sheet(workbook, requested_sheet, [](const std::string&) {});
        gapfinder::xlsx::prepare_sheet(package, workbook, sheet);
        SheetHandler handler(workbook, sheet.name, layout_);
        package.parse(sheet.part, handler.parser());
        layout_.finish("sheet \"" + sheet.name + "\"");
    }

    const gf_read_request* request_;
    Layout layout_;
};

// The first three records of a CSV head.
std::vector<std::vector<std::string>> csv_head_rows(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    gapfinder::csv::Reader reader(text, gapfinder::csv::Reader::detect_delimiter(text));
    gapfinder::csv::Record record;
    std::vector<std::vector<std::string>> rows;
    while (rows.size() < 3 && reader.next(record)) rows.emplace_back(record.cells.begin(), record.cells.end());
    return rows;
}

int32_t identify(const char* path, const unsigned char* head, size_t head_size) noexcept {
    try {
        const std::string name(path ? path : "");
        if (!head || head_size == 0) return 0;
        const std::string_view bytes(reinterpret_cast<const char*>(head), head_size);
        const bool zip = bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
        if (!zip && gapfinder::csv::looks_binary(bytes)) return 0;
        const auto rows = zip ? gapfinder::xlsx::first_rows(name, 3) : csv_head_rows(gapfinder::csv::head_text(bytes));
        if (!looks_like_qualtrics(rows)) return 0;
        const bool named = zip ? gapfinder::plugin::has_extension(name, ".xlsx")
                               : gapfinder::plugin::has_extension(name, ".csv") || gapfinder::plugin::has_extension(name, ".tsv") ||
                                     gapfinder::plugin::has_extension(name, ".txt");
        return named ? 95 : 85;  // above the generic readers (80, 90) that would count rows 2 and 3 as respondents
    } catch (...) {
        return 0;
    }
}

int32_t read(const gf_read_request* request, const gf_sink* sink, const gf_host* host, gf_status* status) noexcept {
    return gapfinder::xlsx::guarded_workbook_read(status, GF_ERR_IO, [&] { return Read(request, sink, host).run(); });
}

const gf_plugin_info kInfo = {
    sizeof(gf_plugin_info),
    "qualtrics-export",
    "Qualtrics export",
    "1.0.0",
    ".csv;.tsv;.txt;.xlsx",
    "Qualtrics data downloads (CSV, TSV or Excel): export tags, question text and import ids as three header rows",
};

const gf_plugin kPlugin = {sizeof(gf_plugin), GF_PLUGIN_API_VERSION, &kInfo, &identify, &read};

}  // namespace

extern "C" GF_PLUGIN_EXPORT uint32_t gapfinder_plugin_api_version(void) { return GF_PLUGIN_API_VERSION; }
extern "C" GF_PLUGIN_EXPORT const gf_plugin* gapfinder_plugin_entry(void) { return &kPlugin; }
