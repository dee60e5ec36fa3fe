#include "csv/chunked_reader.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <exception>
#include <limits>
#include <mutex>
#include <string_view>
#include <thread>
#include <utility>

#include "csv/csv_plugin.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace gapfinder::csv {

namespace {

constexpr size_t kNone = std::numeric_limits<size_t>::max();
constexpr size_t kBatchRows = 4096;  // about 3.5 MB of views at 50 columns

// What one scan of a range learns, for each state it might start in: [0] outside
// quotes, [1] inside. A record ends at a line break outside quotes (LF, CRLF counted
// once, or a lone CR); a physical line ends at any of them, quoted or not, as the
// Reader counts lines.
struct RangeScan {
    bool odd_quotes = false;
    uint64_t line_ends = 0;
    std::array<uint64_t, 2> record_ends{};
    std::array<size_t, 2> first_record_start{kNone, kNone};  // just after the first record end
    std::array<uint64_t, 2> line_ends_to_first{};              // line ends up to and including it
    std::array<bool, 2> misplaced_quote{};                     // a quote opens a field past its start
};

// Counts quotes and line breaks in text[begin, end). begin > 0: the heading row comes
// first. Nearly every byte is neither, so 16 bytes at a time are tested for all three
// at once (SSE2, in every x86-64 CPU), and only the bytes found are looked at.
RangeScan scan_range(std::string_view text, size_t begin, size_t end, char delimiter) {
    RangeScan scan;
    const char* const data = text.data();
    unsigned quotes = 0;  // parity: for a start state s, the state here is s ^ quotes
    auto look_at = [&](size_t i) {
        const char c = data[i];
        if (c == '"') {
            // For the start state s == quotes this quote opens a field: the Reader treats
            // it as an opening quote only as a field's first byte (or the second of a
            // "" pair, which opens nothing new and keeps the parity right).
            const char before = data[i - 1];
            if (before != delimiter && before != '\n' && before != '\r' && before != '"') scan.misplaced_quote[quotes] = true;
            quotes ^= 1;
            return;
        }
        if (c == '\r' && i + 1 < text.size() && data[i + 1] == '\n') return;  // CRLF ends at its LF
        ++scan.line_ends;
        ++scan.record_ends[quotes];  // outside quotes for the start state equal to the parity
        if (scan.first_record_start[quotes] == kNone) {
            scan.first_record_start[quotes] = i + 1;
            scan.line_ends_to_first[quotes] = scan.line_ends;
        }
    };
    size_t i = begin;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    for (; i + 16 <= end; i += 16) {
        const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
        const __m128i found =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, quote), _mm_cmpeq_epi8(block, lf)), _mm_cmpeq_epi8(block, cr));
        for (unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(found)); mask != 0; mask &= mask - 1)
            look_at(i + static_cast<size_t>(__builtin_ctz(mask)));
    }
#endif
    for (; i < end; ++i)
        if (data[i] == '"' || data[i] == '\n' || data[i] == '\r') look_at(i);
    scan.odd_quotes = quotes != 0;
    return scan;
}

struct Chunk {
    size_t begin, end;     // in the rest of the file
    uint64_t rows_before;  // rows of the file before it
    uint64_t line;         // the line it starts on
};

// Runs work(i) for i = 0, 1, ... on up to `threads` threads (this one among them), each
// taking the next index in order, until next_index() says there is none left.
template <typename Work, typename More>
void run_in_order(unsigned threads, std::atomic<size_t>& next, More more, Work work) {
    auto loop = [&] {
        for (size_t i = next++; more(i); i = next++) work(i);
    };
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(loop);
    loop();
    for (auto& h : helpers) h.join();
}

// The records of one chunk, gathered into batches for sink->rows. Cells are views into
// the file, except those with "" escapes, which the Reader unescapes into a buffer it
// reuses: those are copied into the batch's own arena.
class BatchWriter {
public:
    BatchWriter(const gf_sink* sink, size_t columns, uint64_t first_batch)
        : sink_(sink), columns_(columns), batch_(first_batch) {
        cells_.reserve(kBatchRows * columns);
        rows_.reserve(kBatchRows);
    }
    // False when the sink asked to stop.
    bool add(const Record& record, std::string_view file) {
        for (const std::string_view cell : record.cells) {
            if (cell.data() >= file.data() && cell.data() + cell.size() <= file.data() + file.size()) {
                cells_.push_back({cell.data(), cell.size()});
            } else {
                copied_.emplace_back(cells_.size(), arena_.size());
                arena_.append(cell);
                cells_.push_back({nullptr, cell.size()});
            }
        }
        rows_.push_back(record.row);
        return rows_.size() < kBatchRows || flush();
    }
    bool flush() {
        if (rows_.empty()) return true;
        for (const auto& [cell, offset] : copied_) cells_[cell].data = arena_.data() + offset;  // arena_ is complete
        const int32_t stop = sink_->rows(sink_->ctx, batch_++, rows_.data(), rows_.size(), cells_.data(), columns_);
        cells_.clear();
        rows_.clear();
        copied_.clear();
        arena_.clear();
        return stop == 0;
    }

private:
    const gf_sink* sink_;
    size_t columns_;
    uint64_t batch_;
    std::vector<gf_str> cells_;
    std::vector<uint64_t> rows_;
    std::vector<std::pair<size_t, size_t>> copied_;  // cell index, offset in arena_
    std::string arena_;
};

// The first problem a chunk met, as a status to return.
struct ChunkFailure {
    int32_t code = GF_OK;
    gf_status status{};
};

}  // namespace

int32_t read_chunked(const DecodedFile& file, const std::vector<std::string>& headings, const gf_sink* sink,
                     const ChunkOptions& options, gf_status* status) {
    if (file.cells_need_decoding()) return kNotChunkable;
    const DecodedFile::Rest rest = file.rest();
    const std::string_view whole(rest.text.data() - 1, rest.text.size() + 1);  // scan_range looks one byte back
    const size_t size = rest.text.size();
    const size_t chunk_bytes = std::max<size_t>(options.chunk_bytes, 1);
    const size_t ranges = (size + chunk_bytes - 1) / chunk_bytes;
    const unsigned threads = std::max(1u, std::min<unsigned>(options.threads, static_cast<unsigned>(std::max<size_t>(ranges, 1))));

    // 1. Scan every range for quotes and line breaks.
    std::vector<RangeScan> scans(ranges);
    std::atomic<size_t> next_range{0};
    run_in_order(
        threads, next_range, [&](size_t i) { return i < ranges; },
        [&](size_t i) {
            scans[i] = scan_range(whole, 1 + i * chunk_bytes, 1 + std::min(size, (i + 1) * chunk_bytes), rest.delimiter);
        });

    // 2. Join the ranges in order: each one's start state, and where its first record starts.
    std::vector<Chunk> chunks{{0, size, rest.rows_before, rest.line}};
    unsigned state = 0;
    uint64_t record_ends = 0, line_ends = 0;
    for (size_t i = 0; i < ranges; ++i) {
        const RangeScan& scan = scans[i];
        if (scan.misplaced_quote[state]) return kNotChunkable;
        if (i > 0 && scan.first_record_start[state] != kNone) {
            const size_t begin = scan.first_record_start[state] - 1;  // whole is one byte ahead of rest.text
            if (begin < size) {
                chunks.back().end = begin;
                chunks.push_back({begin, size, rest.rows_before + record_ends + 1, rest.line + line_ends + scan.line_ends_to_first[state]});
            }
        }
        record_ends += scan.record_ends[state];
        line_ends += scan.line_ends;
        state ^= scan.odd_quotes ? 1u : 0u;
    }
    if (state != 0) return kNotChunkable;  // a quote never closed: the Reader names where it opened

    // 3. Parse the chunks, in order of position, on every thread.
    std::vector<ChunkFailure> failures(chunks.size());
    std::atomic<size_t> next_chunk{0};
    std::atomic<size_t> stop_after{kNone};  // no chunk after this one is needed
    std::atomic<bool> cancelled{false};
    auto stop_at = [&](size_t i) {
        size_t seen = stop_after.load();
        while (i < seen && !stop_after.compare_exchange_weak(seen, i)) {
        }
    };
    const size_t columns = headings.size();
    run_in_order(
        threads, next_chunk, [&](size_t i) { return i < chunks.size() && i <= stop_after.load(); },
        [&](size_t i) {
            const Chunk& chunk = chunks[i];
            const std::string_view text = rest.text.substr(chunk.begin, chunk.end - chunk.begin);
            ChunkFailure& failure = failures[i];
            // The rows before a bad one are given too, as a read from the top gives them.
            BatchWriter batches(sink, columns, uint64_t(i) << 32);
            bool go_on = true;
            try {
                Reader reader(text, rest.delimiter, chunk.rows_before, chunk.line);
                Record record;
                while (go_on && i <= stop_after.load() && reader.next(record)) {
                    if (record.cells.size() != columns) {
                        failure.code = ragged_row_status(record, record.cells.size(), columns, &failure.status);
                        break;
                    }
                    go_on = batches.add(record, text);
                }
            } catch (const ParseError& e) {
                failure.code = parse_error_status(e, headings, &failure.status);
            } catch (const std::exception& e) {
                failure.code = gf_status_set(&failure.status, GF_ERR_INTERNAL, 0, "", "reading a chunk failed: %s", e.what());
            }
            if (go_on) go_on = batches.flush();
            if (!go_on) cancelled = true;
            if (failure.code != GF_OK || cancelled) stop_at(i);
            file.release(text);  // read once: its pages can go
        });

    // The first problem in file order; a stop the sink asked for after it does not hide it.
    for (size_t i = 0; i < chunks.size() && i <= stop_after.load(); ++i)
        if (failures[i].code != GF_OK) {
            *status = failures[i].status;
            return failures[i].code;
        }
    return cancelled ? GF_ERR_CANCELLED : GF_OK;
}

}  // namespace gapfinder::csv
