// citizens-panel-csv: reads Citizen's Panel and other survey exports saved as CSV.
//
// It hands the host one row of text cells at a time; which column is which question,
// and what each label means, is the survey definition's business, not this plugin's.
//
// Encodings and bad bytes are handled by csv/decoded_file.hpp, as for every CSV plugin.
//
// Options: encoding=auto|utf-8|windows-1252, delimiter=auto|,|;|tab|pipe.
#include <gapfinder/plugin_api.h>

#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "boundary/boundary.hpp"
#include "csv/decoded_file.hpp"

namespace {

using gapfinder::csv::DecodedFile;
using gapfinder::csv::ParseError;

std::string_view view(const gf_str& s) { return {s.data, s.size}; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

int32_t read_csv(const gf_read_request* request, const gf_sink* sink, const gf_host* host, gf_status* status) {
    gapfinder::csv::FileOptions options;
    for (size_t i = 0; i < request->option_count; ++i) {
        const std::string_view key = view(request->options[i].key), value = view(request->options[i].value);
        std::string problem;
        if (!gapfinder::csv::take_file_option(key, value, options, problem))
            problem = "unknown option \"" + std::string(key) + "\" (this plugin knows " + gapfinder::csv::kFileOptionNames + ")";
        if (!problem.empty()) return gf_status_set(status, GF_ERR_INPUT, 0, "", "%s", problem.c_str());
    }

    std::vector<std::string> headings;
    auto heading = [&](size_t column) {
        return column < headings.size() && !headings[column].empty() ? headings[column] : "column " + std::to_string(column + 1);
    };
    try {
        DecodedFile file(request->path, options, [&](const std::string& warning) {
            if (host && host->log) host->log(host->ctx, GF_LOG_WARN, {warning.data(), warning.size()});
        });
        std::vector<gf_str> cells;
        if (!file.next(cells)) return gf_status_set(status, GF_ERR_INPUT, 0, "", "the file is empty");
        headings.reserve(cells.size());  // the views below point into it
        for (auto& cell : cells) {
            headings.emplace_back(trim(view(cell)));
            cell = {headings.back().data(), headings.back().size()};
        }
        if (sink->begin(sink->ctx, file.record().row, cells.data(), cells.size()) != 0) return GF_ERR_CANCELLED;
        const size_t expected = cells.size();
        while (file.next(cells)) {
            if (cells.size() != expected)
                return gf_status_set(status, GF_ERR_INPUT, file.record().row, "", "has %zu cells but the heading row has %zu%s",
                                     cells.size(), expected, file.where().c_str());
            if (sink->row(sink->ctx, file.record().row, cells.data(), cells.size()) != 0) return GF_ERR_CANCELLED;
        }
    } catch (const ParseError& e) {
        return gf_status_set(status, GF_ERR_INPUT, e.row, e.row ? heading(e.column).c_str() : "", "%s", e.what());
    }
    return GF_OK;
}

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
    return gapfinder::plugin::guarded_read(status, GF_ERR_IO, [&] { return read_csv(request, sink, host, status); });
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
