// Reads the records of a CSV file after its heading row on several threads, and hands
// them to the host in batches (plugin API 1.1, gf_sink.rows), so that a large file is
// parsed on every core the host allows instead of one.
//
// How a file is cut. Records may hold line breaks inside quotes, so a chunk cannot start
// at just any line break. First, every thread scans a range of the file for quotes and
// line breaks only, for both states the range might start in (inside quotes or not);
// then the ranges are joined in order, which tells each range's real state, where the
// first record in it starts, and how many rows and lines come before it. Second, the
// threads parse the chunks that start there with the ordinary Reader, numbering rows on
// from those counts, so every message names the same row, line and column as reading the
// file from the top would.
//
// Counting quotes gives the Reader's answer only when every quote that opens a field is
// the field's first character (RFC 4180). A file with a quote anywhere else (a cell
// such as 5'10" or a quoted field after a space), or whose quotes never close, is left
// to the one-record-at-a-time reader, which says exactly what is wrong where.
#pragma once

#include <gapfinder/plugin_api.h>

#include <cstddef>
#include <string>
#include <vector>

#include "csv/decoded_file.hpp"

namespace gapfinder::csv {

struct ChunkOptions {
    unsigned threads = 1;               // at most this many threads parse at once
    size_t chunk_bytes = size_t(4) << 20;  // the size of a range, and so of a chunk
};

// read_chunked() returned without sending anything: read the file record by record.
constexpr int32_t kNotChunkable = -1;

// Sends every record after the heading row to sink->rows, which the caller has checked
// (GF_SINK_HAS_ROWS), for a file whose cells need no decoding. `headings` name columns
// in messages; every record must have headings.size() cells. Returns GF_OK,
// GF_ERR_CANCELLED (the sink asked to stop), GF_ERR_INPUT or GF_ERR_INTERNAL with status
// filled for the first problem in file order, or kNotChunkable.
int32_t read_chunked(const DecodedFile& file, const std::vector<std::string>& headings, const gf_sink* sink,
                     const ChunkOptions& options, gf_status* status);

}  // namespace gapfinder::csv
