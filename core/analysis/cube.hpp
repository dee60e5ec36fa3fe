// Count cubes: one organisation's wave as sufficient statistics, so that a partnership
// can analyse its councils together without pooling any respondent's row
// (docs/partnerships.md).
//
// A cube holds, for every question and every split the analysis uses (each grouping,
// and each pair of groupings for intersections), the count table the breakdown itself
// computes every figure from (count_table.hpp): per group (or cell) and answer code,
// the respondents, and, weighted, the sums of weights and of squared weights. Rates,
// Wilson intervals, rest-of-sample comparisons, z and Fisher tests, mean scores and
// Welch tests, chi-square omnibus tests, the correction and the flags are all functions
// of those tables (the rest of a group is the total less the group), so the analysis of
// merged cubes is the analysis of the union of the rows. What is not poolable (the
// design-based variances of a weighted analysis, raking on the pooled population,
// representativeness, trends, filters) is listed in docs/partnerships.md with what the
// pooled analysis does instead. A cube built with record keys also holds their sums per
// cell (the cell key method, cell_key.hpp), so that the pooled outputs can be perturbed
// exactly as each council's own findings are.
//
// A cube is row-level-equivalent sensitive data: its cells hold counts of one or two
// people. It is for transfer between trusted parties only; partnership users see the
// pooled outputs, which go through the same suppression as any analysis.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/findings.hpp"
#include "analysis/settings.hpp"
#include "domain/dataset.hpp"
#include "domain/survey_definition.hpp"

namespace gapfinder {

// The cube file format's version (docs/partnerships.md, "The file format"). A cube of
// another version is refused by name, never read in part. Version 2 added the record
// keys' sums.
inline constexpr uint32_t kCubeSchemaVersion = 2;

// A sum of weights kept exactly: fixed point with 64 fractional bits in a signed
// 128-bit integer, so that adding cubes is exactly associative and commutative (sums
// of doubles are not). Each weight is rounded once, to 2^-64, on the way in.
struct ExactSum {
    uint64_t lo = 0, hi = 0;  // two's complement, little end first
    static ExactSum of(double v);
    ExactSum& operator+=(const ExactSum& o);
    double value() const;  // the nearest double
    bool operator==(const ExactSum&) const = default;
};

struct CubeGroup {
    std::string id, label;
    // Where the group sits in its grouping's categories (catalogue order), and for a
    // cell of a pair, where its column's group sits in the second grouping's: merged
    // cubes order groups by these, as one wave's analysis does.
    uint32_t first = 0, second = 0;
    bool operator==(const CubeGroup&) const = default;
};

// One question on one split: cells [key * codes + code], the key groups.size() being
// the undisclosed. `count` holds every respondent; weighted cubes also hold the
// respondents of weight over 0 (`kept`) and their sums of w and w^2. Cubes with record
// keys hold, as CountTable does, their sum per cell (`key_sum`) and per key over every
// respondent whatever the answer (`member_keys`): sums that add (and wrap) like the
// counts, so that merged cubes give each cell the key sum of its respondents.
struct CubeTable {
    std::vector<double> count, kept;
    std::vector<ExactSum> sum_w, sum_w2;
    std::vector<uint64_t> key_sum, member_keys;
    bool operator==(const CubeTable&) const = default;
};

struct CubeSplit {
    std::string id, label;       // "race", or "sex x race" for a pair
    int first = -1, second = -1;  // indexes into CountCube::groupings; second -1 for one grouping
    std::vector<CubeGroup> groups;  // only groups some respondent belongs to, in catalogue order
    std::vector<CubeTable> tables;  // one per question of the cube
    bool operator==(const CubeSplit&) const = default;
};

// Who contributed: one per organisation's wave, kept through merges, for the council
// comparison and the provenance of pooled outputs.
struct CubePart {
    std::string organisation, wave;
    uint64_t respondents = 0;
    bool operator==(const CubePart&) const = default;
};

struct CountCube {
    uint32_t schema_version = kCubeSchemaVersion;
    std::string survey_id, survey_title;
    std::string fingerprint;  // definition_fingerprint of the survey it was made with
    Level level = Level::recorded;
    bool weighted = false;
    bool keyed = false;  // its tables hold record keys' sums (CubeOptions::record_keys)
    std::vector<std::string> questions;  // question ids (comment themes included)
    std::vector<uint32_t> codes;         // per question: scale points + 1
    std::vector<std::string> groupings;  // grouping ids
    std::vector<CubeSplit> splits;       // each grouping in order, then each pair (a, b), a < b
    std::vector<CubePart> parts;
    uint64_t respondents = 0;
    // Weighted: respondents of weight over 0, and the sums of their weights and squares.
    uint64_t kept = 0;
    ExactSum sum_w, sum_w2;
    bool operator==(const CountCube&) const = default;
};

// A hash (SHA-256, hex) of what a cube's cells mean: each question's id and scale
// (codes, scores, positive and substantive), each grouping's id and categories (ids and
// top-level groups). Titles and wordings are left out, so that each council's copy of
// one definition agrees.
std::string definition_fingerprint(const SurveyDefinition& survey);

struct CubeOptions {
    std::string organisation;     // e.g. "Council A"
    Level level = Level::recorded;
    bool intersections = true;    // also every pair of groupings
    std::vector<double> weights;  // empty: unweighted; else one per respondent (0: left out)
    // Empty: no record keys; else one per respondent, cell_key::record_keys of the wave,
    // for pooled outputs perturbed by the cell key method.
    std::vector<uint8_t> record_keys;
};

// The cube of one loaded wave (Store::load_wave: comment themes already coded).
CountCube build_cube(const SurveyDefinition& survey, const Dataset& data, const std::string& wave,
                     const CubeOptions& options);

// a + b. Exactly associative and commutative. Throws InputError naming both sides when
// they come from different survey definitions (by id and fingerprint), cube schema
// versions, levels, weighting, record keys (one has them, the other not) or splits.
CountCube merge_cubes(const CountCube& a, const CountCube& b);
// Every cube merged (at least one).
CountCube merge_cubes(const std::vector<CountCube>& cubes);

// The file format: a header (magic "GAPFCUBE", schema version), the cube, and a
// checksum. write_cube then read_cube gives the same cube bit for bit.
std::string write_cube(const CountCube& cube);
// Throws InputError naming `source` for a file that is not a cube, of another schema
// version, truncated or damaged.
CountCube read_cube(const std::string& bytes, const std::string& source);

// Throws InputError when `survey` is not the definition the cube was made with.
void check_cube_definition(const CountCube& cube, const SurveyDefinition& survey, const std::string& source);

// A council's group against the partnership: its rate, the partnership's rate for the
// same group (every council), and the test of the council against the other councils.
struct CouncilComparison {
    std::string organisation, question, characteristic, group, group_label;
    bool suppressed = false;
    std::string suppression;  // "small base", "secondary", or "partnership group suppressed"
    bool low_base = false;         // the council's base is under the minimum base
    bool others_low_base = false;  // so is the other councils' (no flag either way)
    double n = 0, positives = 0, rate = 0;
    double partnership_n = 0, partnership_rate = 0;
    double others_n = 0, others_rate = 0;  // the other councils' same group
    double gap_pp = 0;                     // rate - partnership rate, in points
    std::string test;                      // "z" or "fisher"
    double p = 0, p_adj = 0;
    bool flagged = false;
    std::string in_words;  // "Council A's disabled residents: 12.0 points behind the partnership average ..."
};

struct PooledFindings {
    Findings findings;  // the partnership's analysis of the merged cubes
    std::vector<CubePart> parts;
    std::vector<CouncilComparison> councils;  // one family for the correction
};

// The analysis of `analyse` (breakdown.hpp) on merged cubes: settings.by, questions,
// intersections, compare, correction and thresholds as there, checked against the
// survey's disclosure floor. Filters and a level other than the cube's are refused
// (docs/partnerships.md); settings.perturb needs cubes with record keys. With more than
// one part, each council's groups are compared with the partnership's: perturbed, each
// council's, the other councils' and the partnership's counts by their own cell keys,
// so that a council's figures are the ones its own perturbed findings publish.
PooledFindings analyse_pooled(const SurveyDefinition& survey, const std::vector<CountCube>& cubes,
                              const AnalysisSettings& settings);

void write_pooled_json(const PooledFindings& pooled, std::ostream& out);
void write_pooled_text(const PooledFindings& pooled, std::ostream& out);

}  // namespace gapfinder
