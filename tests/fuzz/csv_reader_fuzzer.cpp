// libFuzzer target for the CSV record reader every CSV plugin shares
// (plugins/common/csv/csv_reader.hpp), without a plugin or a file around it.
//
// The first byte chooses the delimiter (0: detected from the first line as the plugins
// do; any other byte is the delimiter itself, except a quote or a line break, which the
// plugins' delimiter option refuses, giving a comma), the rest is the text. Each record
// is checked (rows 1-based and increasing, never past the physical line, at least one
// cell, every cell a readable view) and written back out as CSV with every field quoted,
// which must read back as the same cells: a differential check of the quoting rules.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "csv/csv_reader.hpp"

namespace {

[[noreturn]] void violated(const std::string& what) {
    std::fprintf(stderr, "\n==gapfinder-fuzz== CSV reader check failed: %s\n", what.c_str());
    std::fflush(stderr);
    __builtin_trap();
}

std::string quoted_record(const std::vector<std::string_view>& cells, char delimiter) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
        if (i) out += delimiter;
        out += '"';
        for (char c : cells[i]) {
            if (c == '"') out += '"';
            out += c;
        }
        out += '"';
    }
    return out + "\r\n";
}

}  // namespace

// GAPFINDER_FUZZ_INFO=1: what scripts/fuzz.sh seeds this target with (see plugin_fuzzer.cpp).
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* info = std::getenv("GAPFINDER_FUZZ_INFO"); info && *info == '1') {
        std::printf("csv-reader .csv;.txt;.tsv\n");
        std::fflush(stdout);
        std::_Exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);  // its own allocation, for ASan
    char delimiter = static_cast<char>(data[0]);
    if (delimiter == 0) delimiter = gapfinder::csv::Reader::detect_delimiter(text);
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') delimiter = ',';

    gapfinder::csv::Reader reader(text, delimiter);
    gapfinder::csv::Record record;
    uint64_t last_row = 0;
    try {
        while (reader.next(record)) {
            if (record.row <= last_row) violated("row " + std::to_string(record.row) + " after row " + std::to_string(last_row));
            if (record.line < record.row)
                violated("row " + std::to_string(record.row) + " starts on line " + std::to_string(record.line));
            if (record.cells.empty()) violated("a record with no cells");
            last_row = record.row;
            const std::string again = quoted_record(record.cells, delimiter);
            gapfinder::csv::Reader check(again, delimiter);
            gapfinder::csv::Record copy;
            if (!check.next(copy) || copy.cells != record.cells)
                violated("row " + std::to_string(record.row) + " does not read back the same when written quoted");
        }
    } catch (const gapfinder::csv::ParseError& e) {
        if (std::string_view(e.what()).empty()) violated("a ParseError without a message");
        if (e.row <= last_row) violated("a ParseError on a row already read");
    }
    return 0;
}
