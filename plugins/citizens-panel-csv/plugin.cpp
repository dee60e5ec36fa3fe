// citizens-panel-csv: reads Citizen's Panel and other survey exports saved as CSV.
//
// It hands the host one row of text cells at a time; which column is which question,
// and what each label means, is the survey definition's business, not this plugin's.
//
// Encodings: UTF-8 with or without a byte order mark, or Windows-1252 as Excel on
// Windows saves "CSV (Comma delimited)". A file that is valid UTF-8 is read as UTF-8;
// otherwise as Windows-1252 (with a warning), unless --option encoding=... says which.
// A byte that neither encoding defines is an error naming its row and column: names are
// never silently mangled.
//
// Options: encoding=auto|utf-8|windows-1252, delimiter=auto|,|;|tab|pipe.
#include <gapfinder/plugin_api.h>

#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "boundary/boundary.hpp"
#include "csv/csv_reader.hpp"
#include "io/mapped_file.hpp"
#include "text/encoding.hpp"

namespace {

using gapfinder::csv::ParseError;
using gapfinder::csv::Reader;
using gapfinder::csv::Record;

enum class Encoding { automatic, utf8, windows1252 };

struct Settings {
    Encoding encoding = Encoding::automatic;
    char delimiter = 0;  // 0: detect
};

std::string_view view(const gf_str& s) { return {s.data, s.size}; }

// Returns an error message, or empty when all options are understood.
std::string parse_options(const gf_read_request* request, Settings& settings) {
    for (size_t i = 0; i < request->option_count; ++i) {
        const std::string_view key = view(request->options[i].key), value = view(request->options[i].value);
        if (key == "encoding") {
            if (value == "auto") settings.encoding = Encoding::automatic;
            else if (value == "utf-8" || value == "utf8") settings.encoding = Encoding::utf8;
            else if (value == "windows-1252" || value == "cp1252") settings.encoding = Encoding::windows1252;
            else return "option encoding=" + std::string(value) + ": use auto, utf-8 or windows-1252";
        } else if (key == "delimiter") {
            if (value == "auto") settings.delimiter = 0;
            else if (value == "tab" || value == "\\t") settings.delimiter = '\t';
            else if (value == "pipe") settings.delimiter = '|';
            else if (value.size() == 1 && value != "\"" && value != "\n" && value != "\r") settings.delimiter = value[0];
            else return "option delimiter=" + std::string(value) + ": use auto, a single character, tab or pipe";
        } else {
            return "unknown option \"" + std::string(key) + "\" (this plugin knows encoding and delimiter)";
        }
    }
    return {};
}

class CsvRead {
public:
    CsvRead(const gf_read_request* request, const gf_sink* sink, const gf_host* host, gf_status* status)
        : request_(request), sink_(sink), host_(host), status_(status) {}

    int32_t run() {
        Settings settings;
        if (std::string problem = parse_options(request_, settings); !problem.empty())
            return gf_status_set(status_, GF_ERR_INPUT, 0, "", "%s", problem.c_str());

        gapfinder::io::MappedFile file(request_->path);
        std::string_view text = file.bytes();
        if (text.size() >= 2 && (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF"))
            return gf_status_set(status_, GF_ERR_INPUT, 0, "",
                                 "the file is UTF-16 (as Excel's \"Unicode Text\" writes); save it as \"CSV UTF-8\" instead");
        if (text.substr(0, 3) == "\xEF\xBB\xBF") {
            text.remove_prefix(3);
            if (settings.encoding == Encoding::automatic) settings.encoding = Encoding::utf8;
        }
        if (text.find('\0') != std::string_view::npos)
            return gf_status_set(status_, GF_ERR_INPUT, 0, "", "the file holds NUL bytes: it is not a text CSV file");

        // One pass over the whole file decides the encoding; cells are then checked one by
        // one only when something is wrong, to say which cell.
        size_t bad = 0;
        const bool valid_utf8 = settings.encoding != Encoding::windows1252 && gapfinder::text::is_valid_utf8(text, &bad);
        if (settings.encoding == Encoding::automatic) {
            if (valid_utf8) {
                settings.encoding = Encoding::utf8;
            } else {
                settings.encoding = Encoding::windows1252;
                log(GF_LOG_WARN, "the file is not valid UTF-8 (first at byte " + std::to_string(bad) +
                                     "); reading it as Windows-1252, as Excel saves CSV. Use --option encoding=utf-8 to refuse instead.");
            }
        }
        encoding_ = settings.encoding;
        check_cells_ = !(encoding_ == Encoding::utf8 && valid_utf8);
        const char delimiter = settings.delimiter ? settings.delimiter : Reader::detect_delimiter(text);

        Reader reader(text, delimiter);
        Record record;
        try {
            if (!reader.next(record)) return gf_status_set(status_, GF_ERR_INPUT, 0, "", "the file is empty");
            if (!convert(record)) return GF_ERR_INPUT;
            headings_.assign(record.cells.begin(), record.cells.end());
            for (auto& h : headings_) h = std::string(trim(h));
            if (sink_->begin(sink_->ctx, record.row, cells_.data(), cells_.size()) != 0) return GF_ERR_CANCELLED;
            const size_t expected = record.cells.size();
            while (reader.next(record)) {
                if (record.cells.size() != expected)
                    return gf_status_set(status_, GF_ERR_INPUT, record.row, "",
                                         "has %zu cells but the heading row has %zu%s", record.cells.size(), expected,
                                         where(record).c_str());
                if (!convert(record)) return GF_ERR_INPUT;
                if (sink_->row(sink_->ctx, record.row, cells_.data(), cells_.size()) != 0) return GF_ERR_CANCELLED;
            }
        } catch (const ParseError& e) {
            return gf_status_set(status_, GF_ERR_INPUT, e.row, heading(e.column).c_str(), "%s", e.what());
        }
        return GF_OK;
    }

private:
    static std::string_view trim(std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        return s;
    }

    std::string heading(size_t column) const {
        return column < headings_.size() && !headings_[column].empty() ? headings_[column] : "column " + std::to_string(column + 1);
    }

    static std::string where(const Record& r) {
        return r.line != r.row ? " (the row starts on line " + std::to_string(r.line) + ")" : "";
    }

    // Fills cells_ with the record's cells as UTF-8, converting from Windows-1252 where
    // needed (ASCII cells, nearly all of them, are passed through untouched).
    bool convert(const Record& record) {
        cells_.resize(record.cells.size());
        if (!check_cells_) {
            for (size_t i = 0; i < record.cells.size(); ++i) cells_[i] = {record.cells[i].data(), record.cells[i].size()};
            return true;
        }
        converted_.clear();
        std::vector<std::pair<size_t, size_t>> ranges;  // into converted_, for cells that needed it
        ranges.reserve(4);
        for (size_t i = 0; i < record.cells.size(); ++i) {
            const std::string_view c = record.cells[i];
            cells_[i] = {c.data(), c.size()};
            if (gapfinder::text::is_ascii(c)) continue;
            size_t bad = 0;
            if (encoding_ == Encoding::utf8) {
                if (!gapfinder::text::is_valid_utf8(c, &bad)) {
                    gf_status_set(status_, GF_ERR_INPUT, record.row, heading(i).c_str(),
                                  "byte 0x%02X at character %zu is not valid UTF-8%s; if Excel saved the file as "
                                  "\"CSV (Comma delimited)\", use --option encoding=windows-1252",
                                  static_cast<unsigned char>(c[bad]), bad + 1, where(record).c_str());
                    return false;
                }
                continue;
            }
            const size_t begin = converted_.size();
            if (!gapfinder::text::windows1252_to_utf8(c, converted_, &bad)) {
                gf_status_set(status_, GF_ERR_INPUT, record.row, heading(i).c_str(),
                              "byte 0x%02X at character %zu is not a character in UTF-8 or Windows-1252%s",
                              static_cast<unsigned char>(c[bad]), bad + 1, where(record).c_str());
                return false;
            }
            ranges.emplace_back(i, begin);
        }
        // converted_ has stopped growing: now its views are stable.
        for (size_t k = 0; k < ranges.size(); ++k) {
            const size_t end = k + 1 < ranges.size() ? ranges[k + 1].second : converted_.size();
            cells_[ranges[k].first] = {converted_.data() + ranges[k].second, end - ranges[k].second};
        }
        return true;
    }

    void log(int32_t level, const std::string& message) {
        if (host_ && host_->log) host_->log(host_->ctx, level, {message.data(), message.size()});
    }

    const gf_read_request* request_;
    const gf_sink* sink_;
    const gf_host* host_;
    gf_status* status_;
    Encoding encoding_ = Encoding::utf8;
    bool check_cells_ = true;
    std::vector<std::string> headings_;
    std::vector<gf_str> cells_;
    std::string converted_;
};

int32_t identify(const char* path, const unsigned char* head, size_t head_size) noexcept {
    const std::string_view name(path ? path : "");
    const std::string_view bytes(reinterpret_cast<const char*>(head), head_size);
    if (bytes.find('\0') != std::string_view::npos) return 0;          // binary: xlsx, sav...
    if (bytes.substr(0, 2) == "PK" || bytes.substr(0, 4) == "$FL2") return 0;
    int score = gapfinder::plugin::has_extension(name, ".csv") ? 60 : gapfinder::plugin::has_extension(name, ".txt") ? 30 : 5;
    const std::string_view first_line = bytes.substr(0, bytes.find_first_of("\r\n"));
    if (first_line.find_first_of(",;\t") != std::string_view::npos) score += 20;
    return score;
}

int32_t read(const gf_read_request* request, const gf_sink* sink, const gf_host* host, gf_status* status) noexcept {
    // A std::exception here is the file failing to open or map: an I/O error.
    return gapfinder::plugin::guarded_read(status, GF_ERR_IO, [&] { return CsvRead(request, sink, host, status).run(); });
}

const gf_plugin_info kInfo = {
    sizeof(gf_plugin_info),
    "citizens-panel-csv",
    "Citizen's Panel CSV",
    "1.0.0",
    ".csv;.txt",
    "Survey exports saved as CSV (RFC 4180), in UTF-8 or Excel's Windows-1252",
};

const gf_plugin kPlugin = {sizeof(gf_plugin), GF_PLUGIN_API_VERSION, &kInfo, &identify, &read};

}  // namespace

extern "C" GF_PLUGIN_EXPORT uint32_t gapfinder_plugin_api_version(void) { return GF_PLUGIN_API_VERSION; }
extern "C" GF_PLUGIN_EXPORT const gf_plugin* gapfinder_plugin_entry(void) { return &kPlugin; }
