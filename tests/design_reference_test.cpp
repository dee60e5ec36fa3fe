// Design-based variance end to end, against R's survey package: R's own api samples
// (tests/fixtures/design/*.csv, written by scripts/reference/make_design_reference.R)
// are ingested with definitions naming their weights, strata and clusters, analysed
// with --weighted, and every rate, interval, effective base, test and Rao-Scott omnibus
// must equal what the script computed with survey 4.1 (tests/reference/design_reference.json)
// to 1e-9 relative. The five designs cover clusters in strata, raking on top of them, a
// design with single-PSU strata (lonely_psu "adjust"), and stratified samples without
// clusters, raked and not.

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "test_support.hpp"

namespace gapfinder {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using test::run_gapfinder;

// R writes NaN (a rate of 0 has no logit interval) as the string "NaN".
bool number(const Object::Ptr& o, const std::string& key, double& out) {
    if (!o->has(key) || o->isNull(key) || o->get(key).isString()) return false;
    out = o->getValue<double>(key);
    return true;
}

void expect_close(double expected, double actual, const std::string& what) {
    const double scale = std::max(std::fabs(expected), 1e-12);
    EXPECT_LE(std::fabs(expected - actual) / scale, 1e-9) << what << ": R " << expected << ", gapfinder " << actual;
}

class DesignReference : public ::testing::TestWithParam<std::string> {
protected:
    static Object::Ptr reference() {
        std::ifstream in(std::string(SOURCE_DIR) + "/tests/reference/design_reference.json");
        std::stringstream text;
        text << in.rdbuf();
        return test::parse_object(text.str())->getObject("designs");
    }
    test::TempDir dir;
};

TEST_P(DesignReference, WeightedFindingsEqualRsSurveyPackage) {
    const std::string id = GetParam();
    const Object::Ptr design = reference()->getObject(id);
    ASSERT_TRUE(design) << id;
    const std::string csv = test::fixture("design/" + design->getValue<std::string>("file") + ".csv");
    const std::string surveys = test::fixture("design");
    const auto ingest = run_gapfinder({"ingest", csv, "--survey", id, "--wave", "2000", "--surveys-dir", surveys, "--db", "d.db"},
                                      dir.path().string());
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
    const auto r = run_gapfinder({"analyse", "--survey", id, "--wave", "2000", "--surveys-dir", surveys, "--db", "d.db",
                                  "--weighted", "--format", "json"},
                                 dir.path().string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const Object::Ptr findings = test::parse_object(r.out);
    EXPECT_EQ(findings->getObject("weighting")->getObject("design")->getValue<double>("df"), design->getValue<double>("df"));

    using Key = std::tuple<std::string, std::string, std::string>;
    std::map<Key, Object::Ptr> rows;
    const Array::Ptr results = findings->getArray("results");
    for (size_t i = 0; i < results->size(); ++i) {
        const Object::Ptr row = results->getObject(static_cast<unsigned>(i));
        rows[{row->getValue<std::string>("question"), row->getValue<std::string>("characteristic"),
              row->getValue<std::string>("group")}] = row;
    }
    const Array::Ptr expected_rows = design->getArray("rows");
    size_t tests = 0;
    for (size_t i = 0; i < expected_rows->size(); ++i) {
        const Object::Ptr want = expected_rows->getObject(static_cast<unsigned>(i));
        const Key key{want->getValue<std::string>("question"), want->getValue<std::string>("grouping"),
                      want->getValue<std::string>("group")};
        const std::string name = id + " " + std::get<0>(key) + " " + std::get<1>(key) + " " + std::get<2>(key);
        ASSERT_TRUE(rows.count(key)) << name;
        const Object::Ptr got = rows[key];
        for (const auto& [r_name, ours] : std::vector<std::pair<std::string, std::string>>{
                 {"rate", "rate"}, {"ci_low", "ci_low"}, {"ci_high", "ci_high"}, {"n_eff", "n_eff"}}) {
            double w = 0, g = 0;
            if (!number(want, r_name, w)) {
                // R has no logit interval for a rate of 0 or 1; gapfinder falls back to Wilson's.
                EXPECT_TRUE(number(got, ours, g)) << name << " " << ours;
                continue;
            }
            ASSERT_TRUE(number(got, ours, g)) << name << " " << ours;
            expect_close(w, g, name + " " + ours);
        }
        // The larger of two groups mirrors the smaller's test; every other row is tested.
        double p = 0;
        if (!number(got, "p", p)) {
            EXPECT_FALSE(got->getValue<std::string>("mirror_of").empty()) << name;
            continue;
        }
        EXPECT_EQ(got->getValue<std::string>("test"), "design_t") << name;
        double want_p = 0, want_mean_p = 0, welch = 0;
        ASSERT_TRUE(number(want, "p", want_p) && number(want, "mean_p", want_mean_p) && number(got, "welch_p", welch)) << name;
        expect_close(want_p, p, name + " p");
        expect_close(want_mean_p, welch, name + " mean score p");
        ++tests;
    }
    EXPECT_GE(tests, 12u) << id;

    std::map<std::pair<std::string, std::string>, Object::Ptr> omnibus;
    const Array::Ptr got_omnibus = findings->getArray("omnibus");
    for (size_t i = 0; i < got_omnibus->size(); ++i) {
        const Object::Ptr o = got_omnibus->getObject(static_cast<unsigned>(i));
        omnibus[{o->getValue<std::string>("question"), o->getValue<std::string>("characteristic")}] = o;
    }
    const Array::Ptr want_omnibus = design->getArray("omnibus");
    ASSERT_EQ(want_omnibus->size(), omnibus.size());
    for (size_t i = 0; i < want_omnibus->size(); ++i) {
        const Object::Ptr want = want_omnibus->getObject(static_cast<unsigned>(i));
        const auto key = std::make_pair(want->getValue<std::string>("question"), want->getValue<std::string>("grouping"));
        ASSERT_TRUE(omnibus.count(key)) << key.first << " " << key.second;
        const Object::Ptr got = omnibus[key];
        const std::string name = id + " omnibus " + key.first + " by " + key.second;
        EXPECT_EQ(got->getValue<std::string>("test"), "rao_scott_f") << name;
        expect_close(want->getValue<double>("f"), got->getValue<double>("statistic"), name + " F");
        expect_close(want->getValue<double>("ndf"), got->getValue<double>("df"), name + " df");
        expect_close(want->getValue<double>("ddf"), got->getValue<double>("denominator_df"), name + " denominator df");
        expect_close(want->getValue<double>("p"), got->getValue<double>("p"), name + " p");
    }
}

INSTANTIATE_TEST_SUITE_P(Api, DesignReference,
                         ::testing::Values("api-region-clusters", "api-region-clusters-raked", "api-county-clusters",
                                           "api-strata", "api-strata-raked"),
                         [](const auto& info) {
                             std::string name = info.param;
                             for (char& c : name)
                                 if (c == '-') c = '_';
                             return name;
                         });

// What goes wrong with a design is said in words, naming the file, row and column.
class DesignErrors : public ::testing::Test {
protected:
    // A copy of a fixture definition with some fields replaced, in its own surveys folder.
    std::string definition(const std::string& id, const std::map<std::string, std::string>& replace) {
        std::string text = test::read_file(test::fixture("design/" + id + ".json"));
        for (const auto& [from, to] : replace) {
            const size_t at = text.find(from);
            EXPECT_NE(at, std::string::npos) << from;
            if (at != std::string::npos) text.replace(at, from.size(), to);
        }
        std::filesystem::create_directories(dir.path() / "surveys" / "benchmarks");
        std::filesystem::copy_file(test::fixture("design/benchmarks/api-test.json"),
                                   dir.path() / "surveys" / "benchmarks" / "api-test.json",
                                   std::filesystem::copy_options::overwrite_existing);
        test::write_file(dir.file("surveys/" + id + ".json"), text);
        return dir.file("surveys");
    }
    test::RunResult ingest(const std::string& surveys, const std::string& id, const std::string& csv) {
        return run_gapfinder({"ingest", csv, "--survey", id, "--wave", "2000", "--surveys-dir", surveys, "--db", "d.db"},
                             dir.path().string());
    }
    test::RunResult analyse(const std::string& surveys, const std::string& id) {
        return run_gapfinder({"analyse", "--survey", id, "--wave", "2000", "--surveys-dir", surveys, "--db", "d.db", "--weighted"},
                             dir.path().string());
    }
    test::TempDir dir;
};

TEST_F(DesignErrors, ASingleClusterStratumFailsOnlyWhenTheDefinitionSaysSo) {
    const std::string surveys = definition("api-county-clusters", {{"\"lonely_psu\": \"adjust\"", "\"lonely_psu\": \"fail\""}});
    ASSERT_EQ(ingest(surveys, "api-county-clusters", test::fixture("design/apiclus1.csv")).exit_code, 0);
    const auto r = analyse(surveys, "api-county-clusters");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("stratum \"Alameda\", \"Fresno\""), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("column \"county\" has a single cluster (\"district\")"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("choose remove, certainty or adjust"), std::string::npos) << r.err;
}

TEST_F(DesignErrors, BlankOrMissingDesignCellsStopTheIngestByRowAndColumn) {
    std::string csv = test::read_file(test::fixture("design/apistrat.csv"));
    // Row 3 of the file (the second school): blank its stratum; row 4: a negative weight.
    std::vector<std::string> lines;
    std::stringstream in(csv);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    auto blank_field = [&](std::string& line, int field, const std::string& value) {
        size_t start = 0;
        for (int f = 0; f < field; ++f) start = line.find(',', start) + 1;
        const size_t end = line.find(',', start);
        line.replace(start, end - start, value);
    };
    blank_field(lines[2], 4, "\"\"");                          // stype
    blank_field(lines[3], 12, "-3");                          // pw
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    test::write_file(dir.file("bad.csv"), text);
    const auto r = ingest(test::fixture("design"), "api-strata", "bad.csv");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("bad.csv: row 3, column \"stype\": the stratum is blank"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("bad.csv: row 4, column \"pw\": the weight \"-3\" is not a non-negative number"), std::string::npos)
        << r.err;
    EXPECT_NE(run_gapfinder({"surveys", "--db", "d.db", "--surveys-dir", test::fixture("design")}, dir.path().string()).out.find(
                  "api-strata"),
              std::string::npos);
    // Nothing was stored: the wave does not exist.
    EXPECT_NE(analyse(test::fixture("design"), "api-strata").err.find("has no data for wave \"2000\""), std::string::npos);

    const std::string surveys = definition("api-strata", {{"\"strata_column\": \"stype\"", "\"strata_column\": \"Stratum\""}});
    const auto missing = ingest(surveys, "api-strata", test::fixture("design/apistrat.csv"));
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("needs column(s) \"Stratum\" that the file does not have"), std::string::npos) << missing.err;
}

TEST_F(DesignErrors, ADesignWithoutWeightsIsRefusedWhereItIsWritten) {
    const std::string surveys = definition("api-strata", {{"\"weight_column\": \"pw\",", ""}});
    const auto r = run_gapfinder({"surveys", "--surveys-dir", surveys, "--db", "d.db"}, dir.path().string());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("api-strata.json: strata_column: is used by weighted analyses, and this survey has no weights"),
              std::string::npos)
        << r.err;
}

TEST_F(DesignErrors, ALonelyPsuRuleMustBeOneOfRs) {
    const std::string surveys = definition("api-strata", {{"\"lonely_psu\": \"fail\"", "\"lonely_psu\": \"average\""}});
    const auto r = run_gapfinder({"surveys", "--surveys-dir", surveys, "--db", "d.db"}, dir.path().string());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("lonely_psu: \"average\" is not one of fail, remove, certainty, adjust"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gapfinder
