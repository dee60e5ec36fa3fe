// The spss-sav plugin, loaded from its shared library as gapfinder loads it, reading the
// SPSS fixtures that scripts/fixtures/make_sav_fixtures.R writes into fixtures/sav/:
// headings in both modes, every cell, missing values both ways, text beyond ASCII,
// damaged and foreign files, and a whole ingest that must give the same dataset as the
// same survey saved as CSV (fixtures/mini-good.csv).
#include <gtest/gtest.h>

#include "ingest/ingest.hpp"
#include "plugin_host/plugin_host.hpp"
#include "store/store.hpp"
#include "test_support.hpp"
#include "util/errors.hpp"

namespace gapfinder {
namespace {

using Rows = std::vector<std::vector<std::string>>;
using Options = std::vector<std::pair<std::string, std::string>>;

using Capture = test::CaptureSink;

std::string sav_fixture(const std::string& name) { return test::fixture("sav/" + name); }

// fixtures/sav/mini-panel.sav read with default options (headings are variable names).
const std::vector<std::string> kMiniNames = {"ID", "q1", "q2", "sex", "age", "ethnic", "disabled", "ward", "weight"};
const std::vector<std::string> kMiniLabels = {"ID", "Satisfaction with local area", "Treated fairly", "Sex", "Age",
                                              "Ethnic group", "Disabled?", "Ward", "Weight"};
const Rows kMiniRows = {
    {"R1", "Very satisfied", "Agree", "Female", "34", "White - British", "No", "North", "1.25"},
    {"R2", "Fairly dissatisfied", "Disagree", "Male", "67", "Indian", "Yes", "South", "0.8"},
    // q2 is 9 "Refused", a user-missing value: empty. age is the labelled band code 902.
    {"R3", "Don't know", "", "Prefer not to say", "25-34", "Black, Black British, Black Welsh, Caribbean or African", "No",
     "Southside", "1"},
    // q1 is code 2, which q1's label set leaves unlabelled; age is system-missing.
    {"R4", "2", "Agree", "Female", "", "Other", "Prefer not to say", "North", "0.95"},
};

class SpssPlugin : public test::PluginTest {
protected:
    SpssPlugin() : PluginTest("spss-sav") {}
    Capture read(const std::string& path, const Options& options = {}) { return read_path(path, options); }
    std::string error_of(const std::string& path, const Options& options = {}, Capture* partial = nullptr) {
        return error_of_path(path, options, partial);
    }
    // A copy of a fixture cut to its first `size` bytes.
    std::string truncated(const std::string& fixture, size_t size, const std::string& name) {
        const std::string bytes = test::read_file(sav_fixture(fixture));
        EXPECT_LT(size, bytes.size());
        test::write_file(dir.file(name), bytes.substr(0, size));
        return dir.file(name);
    }
};

TEST_F(SpssPlugin, NamesHeadingsAndEveryCell) {
    const Capture c = read(sav_fixture("mini-panel.sav"));
    EXPECT_EQ(c.heading_row, 1u);
    EXPECT_EQ(c.headings, kMiniNames);
    EXPECT_EQ(c.rows, kMiniRows);
    // Case N is row N + 1, as if a heading row were row 1.
    EXPECT_EQ(c.row_numbers, (std::vector<uint64_t>{2, 3, 4, 5}));
    // Asking for names explicitly changes nothing.
    EXPECT_EQ(read(sav_fixture("mini-panel.sav"), {{"headings", "names"}}).headings, kMiniNames);
}

TEST_F(SpssPlugin, LabelHeadingsAndUserMissingKept) {
    const Capture c = read(sav_fixture("mini-panel.sav"), {{"headings", "labels"}});
    EXPECT_EQ(c.headings, kMiniLabels);
    EXPECT_EQ(c.rows, kMiniRows);

    const Capture kept = read(sav_fixture("mini-panel.sav"), {{"user_missing", "keep"}});
    Rows expected = kMiniRows;
    expected[2][2] = "Refused";  // its label; system-missing age stays empty
    EXPECT_EQ(kept.rows, expected);
    EXPECT_EQ(read(sav_fixture("mini-panel.sav"), {{"user_missing", "empty"}}).rows, kMiniRows);
}

TEST_F(SpssPlugin, ReadsLikeTheSameSurveySavedAsCsv) {
    const Plugin* csv = host.find("citizens-panel-csv");
    ASSERT_NE(csv, nullptr);
    Capture from_csv;
    host.read(*csv, test::fixture("mini-good.csv"), {}, from_csv);
    const Capture from_sav = read(sav_fixture("mini-panel.sav"), {{"headings", "labels"}});

    // The same headings, and one more: the weight variable the CSV does not have.
    ASSERT_EQ(from_sav.headings.size(), from_csv.headings.size() + 1);
    EXPECT_EQ(std::vector<std::string>(from_sav.headings.begin(), from_sav.headings.end() - 1), from_csv.headings);
    // The same cells, except where the CSV has a bare code or an abbreviation beside
    // labelled answers of the same column: SPSS stores the code, which has one label.
    Rows expected = from_csv.rows;
    EXPECT_EQ(expected[3][2], "1");
    EXPECT_EQ(expected[3][3], "F");
    expected[3][2] = "Agree";
    expected[3][3] = "Female";
    ASSERT_EQ(from_sav.rows.size(), expected.size());
    for (size_t r = 0; r < expected.size(); ++r)
        EXPECT_EQ(std::vector<std::string>(from_sav.rows[r].begin(), from_sav.rows[r].end() - 1), expected[r]) << "row " << r;
    EXPECT_EQ(from_sav.row_numbers, from_csv.row_numbers);
}

TEST_F(SpssPlugin, ZsavReadsTheSameAsSav) {
    const Capture z = read(sav_fixture("mini-panel.zsav"), {{"headings", "labels"}});
    EXPECT_EQ(z.headings, kMiniLabels);
    EXPECT_EQ(z.rows, kMiniRows);
}

TEST_F(SpssPlugin, TextBeyondAsciiArrivesAsUtf8) {
    const Capture names = read(sav_fixture("non-ascii.sav"));
    EXPECT_EQ(names.headings,
              (std::vector<std::string>{"id", "nom", "q1", "dur\xC3\xA9" "e", "s1", "s2", "secteur", "big"}));
    const Rows expected = {
        // Strings as they are; labels for labelled values, numbers otherwise, in plain
        // notation unless very small; -1 "Refusé" and 99 (unlabelled) are user-missing.
        {"1", "Zo\xC3\xAB O\xE2\x80\x99" "Brien", "Tr\xC3\xA8s satisfait", "12.5", "1", "0", "Nord-Est", "-3"},
        {"2", "Ren\xC3\xA9" "e", "", "0.1", "0", "0", "Sud", "1000000000000000"},
        {"3", "", "", "1234567.891", "1", "1", "X", "2.5e-07"},
    };
    EXPECT_EQ(names.rows, expected);

    const Capture labels = read(sav_fixture("non-ascii.sav"), {{"headings", "labels"}, {"user_missing", "keep"}});
    // id and big have no variable label: their names stand in. s1 and s2 share one
    // label, so both add their name, leaving every heading distinct.
    EXPECT_EQ(labels.headings,
              (std::vector<std::string>{"id", "Nom du r\xC3\xA9pondant", "Qualit\xC3\xA9 du service (l\xE2\x80\x99" "accueil)",
                                        "Dur\xC3\xA9" "e (minutes)", "Service used (s1)", "Service used (s2)", "Secteur", "big"}));
    ASSERT_EQ(labels.rows.size(), 3u);
    EXPECT_EQ(labels.rows[1][2], "Refus\xC3\xA9");  // a kept user-missing value: its label
    EXPECT_EQ(labels.rows[2][2], "99");              // ... or, unlabelled, its value
    EXPECT_EQ(labels.rows[0], expected[0]);
}

TEST_F(SpssPlugin, DatesAndTimesArriveAsIso8601ByTheirPrintFormat) {
    // SPSS stores seconds since 1582-10-14; DATE, DATETIME and TIME formats say how to
    // show them. The same dates typed into a CSV or an Excel date cell read the same.
    const Capture dates = read(sav_fixture("dates.sav"));
    EXPECT_EQ(dates.headings, (std::vector<std::string>{"id", "completed", "started", "duration"}));
    const Rows expected = {
        {"1", "2024-03-05", "2024-03-05T14:30:00", "00:12:34"},
        {"2", "1999-12-31", "2000-01-01T00:00:00", "00:00:00"},
        {"3", "", "1582-10-14T00:00:01", "26:03:04"},  // a missing date; a time past a day
    };
    EXPECT_EQ(dates.rows, expected);
}

TEST_F(SpssPlugin, WrongDeclaredEncodingNamesCaseAndVariableAndCanBeOverridden) {
    // An older SPSS file that says UTF-8 but holds Windows-1252: patch the one string
    // value "Zoë O’Brien" (same length, padded with spaces as SPSS pads strings).
    std::string bytes = test::read_file(sav_fixture("non-ascii.sav"));
    const std::string utf8 = "Zo\xC3\xAB O\xE2\x80\x99" "Brien";
    std::string cp1252 = "Zo\xEB O\x92" "Brien";
    cp1252.resize(utf8.size(), ' ');
    const size_t at = bytes.find(utf8);
    ASSERT_NE(at, std::string::npos);
    bytes.replace(at, utf8.size(), cp1252);
    test::write_file(dir.file("legacy.sav"), bytes);

    const std::string e = error_of(dir.file("legacy.sav"));
    EXPECT_NE(e.find("legacy.sav: row 2, column \"nom\": case 1 (variable nom): text that cannot be converted to UTF-8"),
              std::string::npos) << e;
    EXPECT_NE(e.find("says its text is UTF-8"), std::string::npos) << e;
    EXPECT_NE(e.find("--option encoding=windows-1252"), std::string::npos) << e;
    // In labels mode the column is named by its heading; the message still names the variable.
    const std::string l = error_of(dir.file("legacy.sav"), {{"headings", "labels"}});
    EXPECT_NE(l.find("row 2, column \"Nom du r\xC3\xA9pondant\": case 1 (variable nom)"), std::string::npos) << l;

    const Capture c = read(dir.file("legacy.sav"), {{"encoding", "windows-1252"}});
    ASSERT_EQ(c.rows.size(), 3u);
    EXPECT_EQ(c.rows[0][1], utf8);
}

TEST_F(SpssPlugin, CutShortFilesNameTheCase) {
    const size_t size = test::read_file(sav_fixture("mini-panel.sav")).size();
    // Cut inside the last case: the three complete cases arrive, then the error.
    Capture partial;
    std::string e = error_of(truncated("mini-panel.sav", size - 8, "cut.sav"), {}, &partial);
    EXPECT_NE(e.find("cut.sav: row 5: case 4: the file ends after 3 of the 4 cases its header declares: it is cut short "
                     "(ReadStat: "),
              std::string::npos) << e;
    EXPECT_EQ(partial.rows.size(), 3u);
    // Cut in the dictionary, before any case.
    e = error_of(truncated("mini-panel.sav", 600, "dict.sav"));
    EXPECT_NE(e.find("dict.sav: the file is damaged or cut short in its dictionary, before the first case (ReadStat: "),
              std::string::npos) << e;
    // Cut mid-block: ReadStat gives up at the first case.
    e = error_of(truncated("mini-panel.sav", size - 1, "odd.sav"));
    EXPECT_NE(e.find("odd.sav: row 2: case 1: "), std::string::npos) << e;
    // A zlib-compressed file cut short.
    const size_t zsize = test::read_file(sav_fixture("mini-panel.zsav")).size();
    e = error_of(truncated("mini-panel.zsav", zsize - 10, "cut.zsav"));
    EXPECT_NE(e.find("cut.zsav: row 2: case 1: the file is damaged or cut short (ReadStat: "), std::string::npos) << e;
    // Just the magic, then nothing.
    e = error_of(truncated("mini-panel.sav", 4, "magic.sav"));
    EXPECT_NE(e.find("magic.sav: the file is damaged or cut short in its dictionary"), std::string::npos) << e;
}

TEST_F(SpssPlugin, FilesThatAreNotSpssAreRefused) {
    test::write_file(dir.file("x.sav"), "ID,Q1\n1,2\n");
    std::string e = error_of(dir.file("x.sav"));
    EXPECT_NE(e.find("x.sav: not an SPSS file (ReadStat: "), std::string::npos) << e;
    test::write_file(dir.file("empty.sav"), "");
    e = error_of(dir.file("empty.sav"));
    EXPECT_NE(e.find("empty.sav: not an SPSS file (ReadStat: "), std::string::npos) << e;
    e = error_of(dir.file("missing.sav"));
    EXPECT_NE(e.find("missing.sav: cannot open the file"), std::string::npos) << e;
}

TEST_F(SpssPlugin, OptionsAreChecked) {
    const std::string f = sav_fixture("mini-panel.sav");
    EXPECT_NE(error_of(f, {{"sheet", "1"}}).find("unknown option \"sheet\""), std::string::npos);
    EXPECT_NE(error_of(f, {{"headings", "titles"}}).find("option headings=titles: use names or labels"), std::string::npos);
    EXPECT_NE(error_of(f, {{"user_missing", "maybe"}}).find("option user_missing=maybe: use empty or keep"), std::string::npos);
    const std::string e = error_of(f, {{"encoding", "no-such-encoding"}});
    EXPECT_NE(e.find("option encoding=no-such-encoding: not an encoding ReadStat can convert"), std::string::npos) << e;
}

TEST_F(SpssPlugin, StopsWhenTheSinkSaysSo) {
    Capture c;
    c.stop_after = 1;
    host.read(*plugin, sav_fixture("mini-panel.sav"), {}, c);  // a cancelled read is not an error
    EXPECT_EQ(c.rows.size(), 1u);
}

TEST_F(SpssPlugin, IdentifyTrustsTheMagicThenTheName) {
    auto confidence = [&](const std::string& path, const std::string& head) {
        return plugin->table->identify(path.c_str(), reinterpret_cast<const unsigned char*>(head.data()), head.size());
    };
    EXPECT_EQ(confidence("survey.sav", "$FL2@(#) IBM SPSS"), 95);
    EXPECT_EQ(confidence("survey.zsav", "$FL3@(#) IBM SPSS"), 95);
    EXPECT_EQ(confidence("survey.dat", "$FL2"), 95);
    EXPECT_EQ(confidence("SURVEY.SAV", "ID,Q1\n"), 10);
    EXPECT_EQ(confidence("survey.csv", "ID,Q1\n"), 0);
    EXPECT_EQ(confidence("survey.sav", ""), 10);

    EXPECT_EQ(&host.choose(sav_fixture("mini-panel.sav"), std::nullopt), plugin);
    EXPECT_EQ(&host.choose(sav_fixture("mini-panel.zsav"), std::nullopt), plugin);
}

// Whole ingests: the SPSS file and the CSV of the same survey give the same dataset.
class SpssIngest : public ::testing::Test {
protected:
    void SetUp() override { host.load_folder(GAPFINDER_PLUGIN_DIR); }
    Dataset ingest(const SurveyDefinition& def, const std::string& file, const std::string& wave, const Options& options) {
        IngestRequest r;
        r.file = file;
        r.wave = wave;
        r.options = options;
        r.show_progress = false;
        ingest_file(host, def, store, r);
        return store.load_wave(def, wave);
    }
    PluginHost host;
    test::TempDir dir;
    SurveyDefinition survey = SurveyDefinition::load(test::fixture("surveys/mini-panel.json"));
    Store store{dir.file("store.db")};
};

TEST_F(SpssIngest, SameDatasetAsTheCsv) {
    const Dataset csv = ingest(survey, test::fixture("mini-good.csv"), "csv", {});
    const Dataset sav = ingest(survey, sav_fixture("mini-panel.sav"), "sav", {{"headings", "labels"}});
    const Dataset zsav = ingest(survey, sav_fixture("mini-panel.zsav"), "zsav", {{"headings", "labels"}});
    ASSERT_EQ(csv.rows(), 4u);
    for (const Dataset* d : {&sav, &zsav}) {
        EXPECT_EQ(d->rows(), csv.rows());
        EXPECT_EQ(d->ids.text(), csv.ids.text());
        EXPECT_EQ(d->ids.offsets(), csv.ids.offsets());
        EXPECT_EQ(d->answers, csv.answers);
        EXPECT_EQ(d->groupings, csv.groupings);
        EXPECT_EQ(d->weights, csv.weights);
    }
    // The codes themselves, as store_test checks them for the CSV.
    EXPECT_EQ(sav.answers[0], (std::vector<uint8_t>{1, 4, 6, 2}));
    EXPECT_EQ(sav.answers[1], (std::vector<uint8_t>{1, 2, kBlank, 1}));
}

TEST_F(SpssIngest, NameHeadingsNeedADefinitionThatUsesNames) {
    try {
        ingest(survey, sav_fixture("mini-panel.sav"), "2024", {});
        FAIL() << "the mini-panel definition names columns by their labels";
    } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("needs column(s) \"Satisfaction with local area\""), std::string::npos) << m;
        EXPECT_NE(m.find("\"q1\""), std::string::npos) << m;
    }
}

TEST_F(SpssIngest, WeightColumnCanNameTheWeightVariable) {
    std::string json = test::read_file(test::fixture("surveys/mini-panel.json"));
    const std::string id_line = "\"respondent_id_column\": \"ID\",";
    ASSERT_NE(json.find(id_line), std::string::npos);
    json.replace(json.find(id_line), id_line.size(), id_line + " \"weight_column\": \"Weight\",");
    test::write_file(dir.file("weighted.json"), json);
    const SurveyDefinition weighted = SurveyDefinition::load(dir.file("weighted.json"));
    const Dataset d = ingest(weighted, sav_fixture("mini-panel.sav"), "2024", {{"headings", "labels"}});
    EXPECT_EQ(d.weights, (std::vector<double>{1.25, 0.8, 1, 0.95}));
}

}  // namespace
}  // namespace gapfinder
