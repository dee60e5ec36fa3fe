// Files made by the tools councils save surveys with (LibreOffice, Gnumeric, PSPP, Python's
// writers; scripts/fixtures/make_real_files.py), read as a new user reads them: the plugin
// gapfinder picks must send the cells an independent reader sees (<file>.cells.json), and
// `inspect` then `ingest` with the unedited draft must succeed, or fail only on labels
// inspect listed to map. A file the tools make that gapfinder does not read is refused with
// the advice in <file>.error.txt.
#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "plugin_host/plugin_host.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"

namespace gapfinder {
namespace {

namespace fs = std::filesystem;

struct Expected {
    std::vector<std::string> headings;
    std::vector<std::vector<std::string>> rows;
};

std::vector<std::string> strings(const Poco::JSON::Array::Ptr& a) {
    std::vector<std::string> out;
    for (size_t i = 0; i < a->size(); ++i) out.push_back(a->getElement<std::string>(static_cast<unsigned>(i)));
    return out;
}

Expected expected_cells(const std::string& path) {
    Poco::JSON::Parser parser;
    const auto doc = parser.parse(test::read_file(path)).extract<Poco::JSON::Object::Ptr>();
    Expected e;
    e.headings = strings(doc->getArray("headings"));
    const auto rows = doc->getArray("rows");
    for (size_t i = 0; i < rows->size(); ++i) e.rows.push_back(strings(rows->getArray(static_cast<unsigned>(i))));
    return e;
}

std::optional<double> number(const std::string& s) {
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
    return v;
}

// Numbers as numbers (an independent reader may write 18 where we write 18.0, or the
// reverse), everything else as text.
bool same_cell(const std::string& ours, const std::string& theirs) {
    if (ours == theirs) return true;
    const auto a = number(ours), b = number(theirs);
    return a && b && std::abs(*a - *b) <= 1e-9 * std::max(1.0, std::abs(*b));
}

// The corpus: every file beside a .cells.json or a .error.txt.
std::vector<std::string> corpus(const std::string& suffix) {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(test::fixture("real"))) {
        const std::string name = entry.path().filename().string();
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            out.push_back(name.substr(0, name.size() - suffix.size()));
    }
    std::sort(out.begin(), out.end());
    return out;
}

class RealFiles : public ::testing::Test {
protected:
    void SetUp() override { host.load_folder(GAPFINDER_PLUGIN_DIR); }
    const Plugin& chosen(const std::string& path) const {
        const auto ranked = host.identify(path);
        const auto best = std::max_element(ranked.begin(), ranked.end(),
                                           [](const Confidence& a, const Confidence& b) { return a.confidence < b.confidence; });
        EXPECT_TRUE(best != ranked.end() && best->confidence > 0) << path;
        return *best->plugin;
    }
    PluginHost host;
    test::TempDir dir;
};

TEST_F(RealFiles, TheCorpusHoldsEveryProducer) {
    const std::vector<std::string> files = corpus(".cells.json");
    for (const char* producer : {"python-csv-module.csv", "libreoffice-unicode-text.txt", "libreoffice-calc.xlsx",
                                 "gnumeric-ssconvert.xlsx", "openpyxl.xlsx", "unsigned-descriptors.xlsx", "pspp.sav"})
        EXPECT_NE(std::find(files.begin(), files.end(), producer), files.end()) << producer;
    EXPECT_EQ(corpus(".error.txt"), (std::vector<std::string>{"pspp-date-past-9999.sav", "pspp.por"}));
}

TEST_F(RealFiles, EveryCellIsTheOneAnIndependentReaderSees) {
    for (const std::string& name : corpus(".cells.json")) {
        SCOPED_TRACE(name);
        const std::string path = test::fixture("real/" + name);
        const Expected expected = expected_cells(path + ".cells.json");
        test::CaptureSink sink;
        host.read(chosen(path), path, {}, sink);
        EXPECT_EQ(sink.headings, expected.headings);
        ASSERT_EQ(sink.rows.size(), expected.rows.size());
        size_t compared = 0;
        for (size_t r = 0; r < expected.rows.size(); ++r) {
            ASSERT_EQ(sink.rows[r].size(), expected.rows[r].size()) << "row " << r + 1;
            for (size_t c = 0; c < expected.rows[r].size(); ++c, ++compared)
                EXPECT_PRED2(same_cell, sink.rows[r][c], expected.rows[r][c]) << "row " << r + 1 << ", column " << c + 1;
        }
        EXPECT_GE(compared, 280u);
    }
}

TEST_F(RealFiles, WhatGapfinderDoesNotReadIsRefusedByName) {
    for (const std::string& name : corpus(".error.txt")) {
        SCOPED_TRACE(name);
        const std::string path = test::fixture("real/" + name);
        std::string advice = test::read_file(path + ".error.txt");
        advice.erase(advice.find_last_not_of("\n") + 1);
        test::CaptureSink sink;
        try {
            host.read(chosen(path), path, {}, sink);
            ADD_FAILURE() << "read without an error";
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find(advice), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
        }
        // And no CSV plugin claims it for itself.
        for (const auto& c : host.identify(path)) {
            if (c.plugin->id().find("csv") != std::string::npos) {
                EXPECT_EQ(c.confidence, 0) << c.plugin->id();
            }
        }
    }
}

// inspect drafts a definition; ingest with it, unedited, succeeds, or stops only on the
// labels inspect listed to map.
TEST_F(RealFiles, TheUneditedDraftIngestsOrInspectListedWhatToMap) {
    fs::create_directory(dir.path() / "surveys");
    for (const std::string& name : corpus(".cells.json")) {
        SCOPED_TRACE(name);
        const std::string path = test::fixture("real/" + name);
        const std::string id = fs::path(name).stem().string();  // the draft's id: the file's name (each is unique here)
        auto r = test::run_gapfinder({"inspect", path, "-o", "surveys/" + id + ".json"}, dir.path().string());
        ASSERT_EQ(r.exit_code, 0) << r.err;
        std::set<std::string> to_map;
        const std::regex listed("\"([^\"]+)\" \\([0-9]+ respondents\\) matches no category");
        for (std::sregex_iterator it(r.out.begin(), r.out.end(), listed), end; it != end; ++it) to_map.insert((*it)[1]);
        r = test::run_gapfinder({"ingest", path, "--survey", id, "--wave", "2025", "--surveys-dir", "surveys"}, dir.path().string());
        if (to_map.empty()) {
            EXPECT_EQ(r.exit_code, 0) << r.err;
            EXPECT_NE(r.out.find("Ingested 40 respondents"), std::string::npos) << r.out;
            continue;
        }
        EXPECT_NE(r.exit_code, 0);
        const std::regex refused("\"([^\"]+)\" is not an allowed answer");
        size_t refusals = 0;
        for (std::sregex_iterator it(r.err.begin(), r.err.end(), refused), end; it != end; ++it, ++refusals)
            EXPECT_TRUE(to_map.count((*it)[1])) << (*it)[1] << " was not listed by inspect";
        EXPECT_GT(refusals, 0u) << r.err;
        // Mapping just those labels, as inspect said to, is all the draft needs.
        const std::string draft_path = (dir.path() / "surveys" / (id + ".json")).string();
        Poco::JSON::Parser parser;
        const auto draft = parser.parse(test::read_file(draft_path)).extract<Poco::JSON::Object::Ptr>();
        const auto characteristics = draft->getArray("characteristics");
        for (size_t i = 0; i < characteristics->size(); ++i) {
            Poco::JSON::Object::Ptr ch = characteristics->getObject(static_cast<unsigned>(i));
            Poco::JSON::Object::Ptr map = ch->has("map") ? ch->getObject("map") : Poco::JSON::Object::Ptr(new Poco::JSON::Object);
            for (const auto& label : to_map) map->set(label, "undisclosed");
            ch->set("map", map);
        }
        std::ostringstream edited;
        draft->stringify(edited, 2);
        test::write_file(draft_path, edited.str());
        r = test::run_gapfinder({"ingest", path, "--survey", id, "--wave", "2025", "--surveys-dir", "surveys"}, dir.path().string());
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_NE(r.out.find("Ingested 40 respondents"), std::string::npos) << r.out;
    }
}

}  // namespace
}  // namespace gapfinder
