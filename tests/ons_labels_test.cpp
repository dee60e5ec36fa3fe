// ONS's own lists (tests/fixtures/ons/census2021-labels.json: every Census 2021 label of
// the catalogue's characteristics, and the questionnaires' and GSS harmonised wordings)
// must be placed without a hand-written map: a council that copies a Census question onto
// its form, or a table's labels into a file, ingests without stopping at "Separated, but
// still legally married or in a civil partnership".
#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <filesystem>
#include <map>
#include <set>

#include "domain/catalogue.hpp"
#include "domain/ons_labels.hpp"
#include "domain/survey_definition.hpp"
#include "ingest/ingest.hpp"
#include "plugin_host/plugin_host.hpp"
#include "test_support.hpp"

namespace gapfinder {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr labels_fixture() {
    Poco::JSON::Parser parser;
    return parser.parse(test::read_file(test::fixture("ons/census2021-labels.json"))).extract<Object::Ptr>();
}

struct Listed {
    std::string characteristic, heading, classification;
    std::vector<std::pair<std::string, std::string>> labels;  // label, category id or "undisclosed"
};

std::vector<Listed> listed() {
    std::vector<Listed> out;
    const Array::Ptr lists = labels_fixture()->getArray("lists");
    for (size_t i = 0; i < lists->size(); ++i) {
        const Object::Ptr l = lists->getObject(static_cast<unsigned>(i));
        Listed x{l->getValue<std::string>("characteristic"), l->getValue<std::string>("heading"),
                 l->getValue<std::string>("classification"), {}};
        const Array::Ptr labels = l->getArray("labels");
        for (size_t k = 0; k < labels->size(); ++k) {
            const Object::Ptr e = labels->getObject(static_cast<unsigned>(k));
            x.labels.emplace_back(e->getValue<std::string>("label"), e->getValue<std::string>("category"));
        }
        out.push_back(std::move(x));
    }
    return out;
}

// The fixture is the reference: check it is what it says before trusting it.
TEST(OnsLabels, TheFixtureCoversEveryCensusCharacteristicWithRealCategories) {
    std::set<std::string> covered;
    size_t labels = 0;
    for (const auto& l : listed()) {
        const Characteristic* ch = find_characteristic(l.characteristic);
        ASSERT_NE(ch, nullptr) << l.characteristic;
        covered.insert(l.characteristic);
        for (const auto& [label, category] : l.labels) {
            ++labels;
            EXPECT_TRUE(category == "undisclosed" || ch->find(category) >= 0) << l.classification << ": " << category;
        }
    }
    EXPECT_EQ(covered, (std::set<std::string>{"age", "caring", "disability", "gender_reassignment", "marriage_civil_partnership",
                                              "race", "religion_belief", "sex", "sexual_orientation"}));
    EXPECT_GE(labels, 250u);
}

// The table in the catalogue: each wording names a real category, and no wording means
// two things within a characteristic (the first would win silently).
TEST(OnsLabels, TheCatalogueTableIsConsistent) {
    for (const PublishedLabel& p : published_labels()) {
        SCOPED_TRACE(p.label);
        if (*p.characteristic == '\0') {
            EXPECT_STREQ(p.category, "undisclosed");
            EXPECT_TRUE(is_undisclosed_label(p.label));
            continue;
        }
        const Characteristic* ch = find_characteristic(p.characteristic);
        ASSERT_NE(ch, nullptr);
        ASSERT_GE(ch->find(p.category), 0);
        EXPECT_EQ(ch->match_label(p.label), ch->find(p.category));
    }
    for (const auto& ch : catalogue()) {
        std::map<std::string, std::string> meaning;  // normalised wording -> category id
        for (const auto& cat : ch.categories) {
            std::vector<std::string> wordings = cat.synonyms;
            wordings.push_back(cat.label);
            for (const auto& w : wordings) {
                const auto [it, fresh] = meaning.emplace(normalise_label(w), cat.id);
                EXPECT_TRUE(fresh || it->second == cat.id) << ch.id << ": \"" << w << "\" is both " << it->second << " and " << cat.id;
                EXPECT_FALSE(is_undisclosed_label(w)) << ch.id << ": \"" << w << "\"";
            }
        }
    }
}

// Without a map, as a hand-written definition reads them at ingest.
TEST(OnsLabels, EveryPublishedLabelIsPlacedWithoutAMap) {
    for (const auto& l : listed()) {
        const Characteristic* ch = find_characteristic(l.characteristic);
        for (const auto& [label, category] : l.labels) {
            SCOPED_TRACE(l.classification + ": " + label);
            if (category == "undisclosed") {
                EXPECT_TRUE(is_undisclosed_label(label));
                EXPECT_EQ(ch->match_label(label), -1);
            } else {
                EXPECT_EQ(ch->match_label(label), ch->find(category));
            }
        }
    }
    // And what lies in no catalogue category is never placed in one by a guess.
    const Array::Ptr not_placed = labels_fixture()->getArray("not_placed");
    ASSERT_GE(not_placed->size(), 5u);
    for (size_t i = 0; i < not_placed->size(); ++i) {
        const Object::Ptr e = not_placed->getObject(static_cast<unsigned>(i));
        const std::string label = e->getValue<std::string>("label");
        EXPECT_EQ(find_characteristic(e->getValue<std::string>("characteristic"))->match_label(label), -1) << label;
        EXPECT_FALSE(is_undisclosed_label(label)) << label;
    }
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// As a user meets them: a file per list, `gapfinder inspect`, the unedited draft into a
// surveys folder, `gapfinder ingest`; then the ingest's own read says where each
// respondent landed.
TEST(OnsLabels, EveryPublishedLabelGoesThroughInspectAndIngestToItsCategory) {
    test::TempDir dir;
    std::filesystem::create_directory(dir.path() / "surveys");
    PluginHost host;
    host.load_folder(GAPFINDER_PLUGIN_DIR);
    const std::vector<Listed> lists = listed();
    for (size_t i = 0; i < lists.size(); ++i) {
        const Listed& l = lists[i];
        SCOPED_TRACE(l.characteristic + ", " + l.classification);
        const std::string id = "ons-list-" + std::to_string(i + 1);
        const std::string file = dir.file(id + ".csv");
        std::string csv = "Respondent ID,Are you satisfied with your local area?," + csv_field(l.heading) + "\n";
        for (size_t r = 0; r < l.labels.size(); ++r)
            csv += "R" + std::to_string(r) + "," + (r % 2 ? "Yes" : "No") + "," + csv_field(l.labels[r].first) + "\n";
        test::write_file(file, csv);

        auto run = test::run_gapfinder({"inspect", file, "-o", "surveys/" + id + ".json"}, dir.path().string());
        ASSERT_EQ(run.exit_code, 0) << run.err;
        EXPECT_NE(run.out.find("characteristic " + l.characteristic + " (" + std::to_string(l.labels.size()) + " label(s) mapped, 0 not)"),
                  std::string::npos)
            << run.out;
        run = test::run_gapfinder({"ingest", file, "--survey", id, "--wave", "2026", "--surveys-dir", "surveys"}, dir.path().string());
        ASSERT_EQ(run.exit_code, 0) << run.err;
        EXPECT_NE(run.out.find("Ingested " + std::to_string(l.labels.size()) + " respondents"), std::string::npos) << run.out;

        const SurveyDefinition survey = SurveyDefinition::load((dir.path() / "surveys" / (id + ".json")).string());
        IngestRequest request;
        request.file = file;
        request.wave = "2026";
        request.show_progress = false;
        const Dataset data = read_for_survey(host, survey, request).data;
        size_t g = 0;
        while (g < survey.groupings.size() && survey.groupings[g].id != l.characteristic) ++g;
        ASSERT_LT(g, survey.groupings.size());
        ASSERT_EQ(data.rows(), l.labels.size());
        for (size_t r = 0; r < data.rows(); ++r) {
            const size_t listed_at = std::stoul(std::string(data.ids[r].substr(1)));
            const auto& [label, category] = l.labels[listed_at];
            const uint8_t code = data.groupings[g][r];
            if (category == "undisclosed") {
                EXPECT_EQ(code, kUndisclosed) << label;
            } else {
                ASSERT_TRUE(code != kBlank && code != kUndisclosed) << label;
                EXPECT_EQ(survey.groupings[g].categories[code - 1u].id, category) << label;
            }
        }
    }
}

}  // namespace
}  // namespace gapfinder
