// Parsing a CSV file in chunks on several threads (csv/chunked_reader.hpp, plugin API 1.1
// batches) must give exactly what reading it record by record gives: the same rows with
// the same numbers, or the same first error naming the same row, line and column. Each
// test reads its input both ways, the chunked way with chunks of 1 KiB so that even a
// small file is cut many times, and compares.
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <random>

#include "ingest/dataset_builder.hpp"
#include "domain/survey_definition.hpp"
#include "plugin_host/plugin_host.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"

namespace gapfinder {
namespace {

// Takes rows one by one, or batches from several threads, and puts them in file order.
struct BatchCapture : RowSink {
    std::mutex mutex;
    std::map<uint64_t, std::pair<std::vector<uint64_t>, std::vector<std::vector<std::string>>>> batches;
    std::vector<uint64_t> numbers;
    std::vector<std::vector<std::string>> records;
    size_t stop_after_batches = SIZE_MAX;

    bool begin(uint64_t, std::span<const gf_str>) override { return true; }
    bool row(uint64_t n, std::span<const gf_str> cells) override {
        numbers.push_back(n);
        records.emplace_back();
        for (const auto& s : cells) records.back().emplace_back(s.data, s.size);
        return true;
    }
    unsigned batch_threads() const override { return 4; }
    bool rows(uint64_t batch, std::span<const uint64_t> row_numbers, std::span<const gf_str> cells, size_t columns) override {
        std::vector<std::vector<std::string>> copied;
        for (size_t r = 0; r < row_numbers.size(); ++r) {
            copied.emplace_back();
            for (size_t c = 0; c < columns; ++c) copied.back().emplace_back(cells[r * columns + c].data, cells[r * columns + c].size);
        }
        std::lock_guard lock(mutex);
        const bool added =
            batches.emplace(batch, std::make_pair(std::vector<uint64_t>(row_numbers.begin(), row_numbers.end()), copied)).second;
        EXPECT_TRUE(added) << "batch " << batch << " given twice";
        return batches.size() < stop_after_batches;
    }
    void put_in_order() {
        for (auto& [batch, part] : batches) {
            numbers.insert(numbers.end(), part.first.begin(), part.first.end());
            records.insert(records.end(), part.second.begin(), part.second.end());
        }
    }
};

// What a read gives: the rows, or the error and the rows before the row it names.
struct Outcome {
    std::vector<uint64_t> row_numbers;
    std::vector<std::vector<std::string>> rows;
    std::string error;
    bool batched = false;  // the rows came in batches: the file was cut into chunks
};

class ChunkedCsv : public test::PluginTest {
protected:
    ChunkedCsv() : PluginTest("citizens-panel-csv") {}

    Outcome read_with(const std::string& path, bool chunked, Options options = {}) {
        BatchCapture sink;
        options.emplace_back("threads", chunked ? "4" : "0");
        if (chunked) options.emplace_back("chunk-kib", "1");
        Outcome out;
        try {
            host.read(*plugin, path, options, sink);
        } catch (const InputError& e) {
            out.error = e.what();
        }
        if (!chunked) {
            EXPECT_TRUE(sink.batches.empty()) << "threads=0 reads record by record";
        }
        out.batched = !sink.batches.empty();
        sink.put_in_order();
        out.row_numbers = sink.numbers;
        out.rows = sink.records;
        // After an error, rows past the row it names may have been parsed ahead: the host
        // ignores them (plugin_api.h), so the comparison does too.
        if (!out.error.empty()) {
            const size_t at = out.error.find(": row ");
            const uint64_t stopped = at == std::string::npos ? UINT64_MAX : std::stoull(out.error.substr(at + 6));
            while (!out.row_numbers.empty() && out.row_numbers.back() >= stopped) {
                out.row_numbers.pop_back();
                out.rows.pop_back();
            }
        }
        return out;
    }

    // Reads bytes both ways and expects the same; returns the chunked outcome.
    Outcome expect_same(const std::string& bytes, const std::string& what) {
        const std::string path = input_file("input.csv", bytes);
        const Outcome serial = read_with(path, false), chunked = read_with(path, true);
        EXPECT_EQ(chunked.error, serial.error) << what;
        EXPECT_EQ(chunked.row_numbers, serial.row_numbers) << what;
        EXPECT_TRUE(chunked.rows == serial.rows) << what;
        return chunked;
    }
};

// A seeded generator of awkward but valid CSV: quoted cells holding delimiters, LF, CRLF
// and lone CR breaks and "" escapes, blank lines, and any of the three line ends. The
// heading row first, then one string per record.
std::vector<std::string> awkward_records(uint32_t seed, size_t records, const char* line_end) {
    std::mt19937 random(seed);
    auto pick = [&](size_t n) { return static_cast<size_t>(random() % n); };
    const char* plain[] = {"1", "2", "Strongly agree", "", "White: English", "Prefer not to say", "Zo\xC3\xAB"};
    const char* quoted[] = {"\"Smith, J\"", "\"line one\nline two\"", "\"said \"\"no\"\"\"", "\"a\r\nb\"", "\"cr\rhere\"",
                            "\"\"", "\"x\"\"\""};
    std::vector<std::string> out{std::string("ID,Q1,Comment,Group") + line_end};
    for (size_t r = 0; r < records; ++r) {
        std::string record = pick(40) == 0 ? line_end : "";  // a blank line is a row too
        record += std::to_string(r + 1);
        for (int c = 0; c < 3; ++c) record += std::string(",") + (pick(3) == 0 ? quoted[pick(7)] : plain[pick(7)]);
        out.push_back(record + line_end);
    }
    return out;
}

std::string joined(const std::vector<std::string>& records) {
    std::string out;
    for (const auto& r : records) out += r;
    return out;
}

std::string awkward_csv(uint32_t seed, size_t records, const char* line_end) {
    return joined(awkward_records(seed, records, line_end));
}

TEST_F(ChunkedCsv, AwkwardValidFilesGiveTheSameRowsAndNumbers) {
    for (const char* end : {"\n", "\r\n", "\r"})
        for (uint32_t seed = 1; seed <= 3; ++seed) {
            const std::string text = awkward_csv(seed, 400, end);
            ASSERT_GT(text.size(), 8u * 1024) << "the file must span several 1 KiB chunks";
            const Outcome o = expect_same(text, "seed " + std::to_string(seed));
            EXPECT_EQ(o.error, "");
            EXPECT_EQ(o.rows.size(), 400u);
            EXPECT_TRUE(o.batched);
        }
    // No line end after the last record, and a file ending in blank lines.
    expect_same(awkward_csv(7, 300, "\n") + "301,1,x,y", "no final line end");
    expect_same(awkward_csv(8, 300, "\n") + "\n\n\n", "trailing blank lines");
}

TEST_F(ChunkedCsv, AnErrorAnywhereNamesTheSameRowLineAndColumn) {
    const std::vector<std::string> valid = awkward_records(11, 400, "\n");
    // Each fault goes in between records at several places, early and late, so that it
    // falls in different chunks and after quoted line breaks have shifted lines from rows.
    // The chunks find the first two; the last three make a file that only a read from the
    // top can judge (the Reader takes a quote inside a cell as text), which read_chunked
    // sees before it sends anything.
    struct Fault {
        const char* name;
        const char* record;
        bool is_error, chunked;
    };
    const Fault faults[] = {
        {"ragged", "9999,1,2\n", true, true},
        {"text after a closing quote", "9999,\"ab\"c,x,y\n", true, true},
        {"an unclosed quote", "9999,\"never closed,x,y\n", true, false},
        {"a quote inside a cell", "9999,5'10\",x,y\n", false, false},
        {"a quote after a space", "9999, \"spaced\",x,y\n", false, false},
    };
    for (const Fault& fault : faults)
        for (size_t at : {5, 200, 380}) {
            std::vector<std::string> records = valid;
            records.insert(records.begin() + static_cast<std::ptrdiff_t>(at), fault.record);
            const Outcome o = expect_same(joined(records), std::string(fault.name) + " at record " + std::to_string(at));
            EXPECT_EQ(o.error.find(": row ") != std::string::npos, fault.is_error) << fault.name << ": " << o.error;
            EXPECT_EQ(o.batched, fault.chunked) << fault.name;
        }
}

TEST_F(ChunkedCsv, StopsWhenTheSinkAsksAndGivesNothingAfter) {
    const std::string path = input_file("input.csv", awkward_csv(3, 2000, "\n"));
    BatchCapture sink;
    sink.stop_after_batches = 2;
    host.read(*plugin, path, {{"chunk-kib", "1"}}, sink);
    EXPECT_LT(sink.batches.size(), 60u) << "the read went on long after the sink asked it to stop";
}

TEST_F(ChunkedCsv, RefusesBadThreadAndChunkOptions) {
    const std::string path = input_file("input.csv", "ID,Q1\n1,2\n");
    for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"threads", "-1"}, {"threads", "many"}, {"chunk-kib", "0"}, {"chunk-kib", "1k"}}) {
        const std::string e = error_of_path(path, {{key, value}});
        EXPECT_NE(e.find("option " + key + "=" + value + ": use a whole number"), std::string::npos) << e;
    }
}

// The whole ingest read: a file with bad answers in many chunks and a broken row late on
// gives the same list of problems, in the same order, read either way.
TEST_F(ChunkedCsv, DatasetBuilderListsTheSameProblemsEitherWay) {
    const SurveyDefinition survey = SurveyDefinition::load(std::string(SOURCE_DIR) + "/surveys/citizens-panel.json");
    const std::string text = test::read_file(std::string(SOURCE_DIR) + "/surveys/samples/citizens-panel-2024.csv");
    const auto outcome = [&](const std::string& bytes, bool chunked) {
        const std::string path = input_file("panel.csv", bytes);
        DatasetBuilder builder(survey, "panel.csv");
        try {
            host.read(*plugin, path, {{"threads", chunked ? "2" : "0"}, {"chunk-kib", "1"}}, builder);
            const Dataset data = builder.finish();
            std::string summary = std::to_string(data.rows()) + " rows";
            for (const auto& column : data.answers) summary += "|" + std::string(column.begin(), column.end());
            for (const auto& column : data.groupings) summary += "|" + std::string(column.begin(), column.end());
            return summary + "|" + data.ids.text();
        } catch (const InputError& e) {
            try {
                builder.fail(e);
            } catch (const InputError& all) {
                return std::string(all.what());
            }
        }
        return std::string("no error");
    };
    const std::string clean_serial = outcome(text, false);
    EXPECT_EQ(outcome(text, true), clean_serial);
    EXPECT_EQ(clean_serial.find("problem"), std::string::npos) << clean_serial;

    // Spoil an answer on every 97th line, and break a row near the end.
    std::string spoiled;
    size_t line = 0;
    for (size_t start = 0; start < text.size();) {
        size_t end = text.find('\n', start);
        end = end == std::string::npos ? text.size() : end + 1;
        std::string record = text.substr(start, end - start);
        if (++line > 1 && line % 97 == 0) {
            const size_t comma = record.find(',');
            record.insert(comma + 1, "zz");
        }
        spoiled += record;
        start = end;
    }
    const std::string many_serial = outcome(spoiled, false);
    EXPECT_NE(many_serial.find("20+ problem(s)"), std::string::npos) << many_serial.substr(0, 300);
    EXPECT_EQ(outcome(spoiled, true), many_serial);

    const size_t late = text.rfind('\n', text.size() - 2);
    const std::string broken = text.substr(0, late + 1) + "X1,\"open\n" + text.substr(late + 1);
    const std::string few = spoiled.substr(0, spoiled.size() / 3) + "\n" + text.substr(text.size() / 2);
    for (const std::string& bytes : {broken, few}) EXPECT_EQ(outcome(bytes, true), outcome(bytes, false));
}

}  // namespace
}  // namespace gapfinder
