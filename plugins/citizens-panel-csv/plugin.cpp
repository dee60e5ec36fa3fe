// citizens-panel-csv: reads Citizen's Panel and other survey exports saved as CSV.
//
// It hands the host one row of text cells at a time; which column is which question,
// and what each label means, is the survey definition's business, not this plugin's.
//
// Encodings and bad bytes are handled by csv/decoded_file.hpp, as for every CSV plugin.
//
// A large file is parsed on several cores when the host takes batches of rows (plugin
// API 1.1; see csv/chunked_reader.hpp), and record by record otherwise.
//
// Options: encoding=auto|utf-8|windows-1252, delimiter=auto|,|;|tab|pipe, threads=N (at
// most N parsing threads; 0 reads record by record), chunk-kib=N (the size of a chunk,
// 4096 by default).
#include <gapfinder/plugin_api.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "boundary/boundary.hpp"
#include "csv/chunked_reader.hpp"
#include "csv/csv_plugin.hpp"

namespace {

using gapfinder::csv::DecodedFile;
using gapfinder::csv::ParseError;
using gapfinder::csv::view;

// threads=N and chunk-kib=N: a whole number within [low, high].
bool take_count(std::string_view key, std::string_view value, size_t low, size_t high, size_t& out, std::string& problem) {
    size_t n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (value.empty() || ec != std::errc() || end != value.data() + value.size() || n < low || n > high) {
        problem = "option " + std::string(key) + "=" + std::string(value) + ": use a whole number from " + std::to_string(low) +
                  " to " + std::to_string(high);
        return true;
    }
    out = n;
    return true;
}

int32_t read_csv(const gf_read_request* request, const gf_sink* sink, const gf_host* host, gf_status* status) {
    gapfinder::csv::FileOptions options;
    size_t threads = SIZE_MAX, chunk_kib = 4096;
    auto chunk_option = [&](std::string_view key, std::string_view value, std::string& problem) {
        if (key == "threads") return take_count(key, value, 0, 256, threads, problem);
        if (key == "chunk-kib") return take_count(key, value, 1, size_t(1) << 20, chunk_kib, problem);
        return false;
    };
    if (!gapfinder::csv::read_options(request, options, chunk_option,
                                      std::string(gapfinder::csv::kFileOptionNames) + ", threads and chunk-kib", status))
        return GF_ERR_INPUT;

    std::vector<std::string> headings;
    try {
        DecodedFile file(request->path, options, [&](const std::string& warning) {
            if (host && host->log) host->log(host->ctx, GF_LOG_WARN, {warning.data(), warning.size()});
        });
        std::vector<gf_str> cells;
        if (!file.next(cells)) return gf_status_set(status, GF_ERR_INPUT, 0, "", "the file is empty");
        headings.reserve(cells.size());  // the views below point into it
        for (auto& cell : cells) {
            headings.emplace_back(gapfinder::csv::trim_blanks(view(cell)));
            cell = {headings.back().data(), headings.back().size()};
        }
        if (sink->begin(sink->ctx, file.record().row, cells.data(), cells.size()) != 0) return GF_ERR_CANCELLED;
        if (threads > 0 && GF_SINK_HAS_ROWS(sink)) {
            const gapfinder::csv::ChunkOptions chunking{static_cast<unsigned>(std::min<size_t>(threads, sink->batch_threads)),
                                                        chunk_kib << 10};
            const int32_t code = gapfinder::csv::read_chunked(file, headings, sink, chunking, status);
            if (code != gapfinder::csv::kNotChunkable) return code;
        }
        const size_t expected = cells.size();
        while (file.next(cells)) {
            if (cells.size() != expected) return gapfinder::csv::ragged_row_status(file.record(), cells.size(), expected, status);
            if (sink->row(sink->ctx, file.record().row, cells.data(), cells.size()) != 0) return GF_ERR_CANCELLED;
        }
    } catch (const ParseError& e) {
        return gapfinder::csv::parse_error_status(e, headings, status);
    }
    return GF_OK;
}

int32_t identify(const char* path, const unsigned char* head, size_t head_size) noexcept {
    const std::string_view name(path ? path : "");
    const std::string_view bytes(reinterpret_cast<const char*>(head), head_size);
    if (gapfinder::csv::looks_binary(bytes)) return 0;  // xlsx, sav...
    const std::string text = gapfinder::csv::head_text(bytes);
    const bool csv = gapfinder::plugin::has_extension(name, ".csv"), txt = gapfinder::plugin::has_extension(name, ".txt");
    if (!csv && !txt && !gapfinder::csv::looks_tabular(text)) return 0;  // an unknown file is not claimed
    int score = csv ? 60 : txt ? 30 : 5;
    if (gapfinder::csv::first_line_has_delimiter(text)) score += 20;
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
