// A survey definition: what a survey asks and how its files are laid out (see
// docs/survey-definition.md). Loaded from JSON, validated in full, then immutable.
//
// Cell values become small integer codes through the definition:
//   answers:    0 = not answered, i + 1 = scale point i
//   groupings:  0 = blank, i + 1 = category i, kUndisclosed = "Prefer not to say"
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalogue.hpp"
#include "stats/stats.hpp"

namespace gapfinder {

namespace text {
struct Codebook;  // text/codebook.hpp: kept out of this header, which half of core includes
}

inline constexpr uint8_t kBlank = 0;
inline constexpr uint8_t kUndisclosed = 255;
inline constexpr size_t kMaxCodes = 254;  // scale points or categories per column

struct ScalePoint {
    int code = 0;
    std::string label;
    std::vector<std::string> aliases;
    double score = 0;
    bool positive = false;
    bool substantive = true;
};

struct Scale {
    std::string name;
    std::vector<ScalePoint> points;

    // Code for a cell (label, alias or number), kBlank for an empty cell, -1 if unknown.
    int match(std::string_view cell) const;
    std::string allowed_labels() const;
};

struct Question {
    std::string id, column, text, theme;
    // What a positive answer means, to finish "say they ...": "feel local public services
    // treat them fairly". Used to draft action plans; empty: the question text is quoted.
    std::string outcome;
    Scale scale;
    // A theme of a coded comment question, analysed as a question: "mentions access to
    // buildings" (1) or not (2) among those who commented, blank for no comment. Its
    // column is not in the file: core/text/comment_themes.hpp codes it from the comments.
    std::string comment_id, comment_theme_id;
    bool from_comment() const { return !comment_id.empty(); }
};

// A free-text column ("Please tell us why", "Any other comments"): kept with its
// respondent so that what each group writes can be coded into themes and quoted
// safely (docs/comments.md). A blank or whitespace-only cell is "no comment".
struct CommentQuestion {
    std::string id, column;
    std::string text;      // the question as asked; empty: the column heading
    std::string explains;  // the closed question it follows ("why did you answer so?"), or empty
    // Its coding frame (core/text/codebook.hpp), loaded from `codebook` (a path relative
    // to the definition's folder); null when the comments are not coded. Each theme
    // becomes a question of the survey (Question::from_comment).
    std::string codebook;
    std::shared_ptr<const text::Codebook> rules;
};

// A column that splits respondents into groups: a catalogue characteristic or a
// survey-specific dimension such as directorate or pay band.
struct Grouping {
    enum class Kind { characteristic, dimension };
    Kind kind = Kind::characteristic;
    std::string id;       // characteristic id ("race") or dimension id ("pay_band")
    std::string label;
    std::string column;
    std::vector<Category> categories;
    // A characteristic whose categories are the survey's own numeric bands (18-34, 35-54...)
    // rather than the catalogue's: categories then hold those bands (domain/bands.hpp).
    bool banded = false;
    std::map<std::string, int> map;  // normalised file label -> category index, or -2 = undisclosed
    std::vector<std::string> map_labels;  // the same labels as written in the definition

    // Code for a cell: kBlank, kUndisclosed, category index + 1, or -1 if unknown.
    int match(std::string_view cell) const;
    std::string allowed_labels() const;
};

// A workforce representation target, as council equality schemes set them: "11% BME in
// the top 5% of earners", "8% of staff disabled".
struct WorkforceTarget {
    std::string id, label;
    std::string dimension;                // e.g. "pay_band"; empty: all staff
    std::vector<std::string> categories;  // the dimension's categories in scope, e.g. senior_management
    std::string characteristic;           // e.g. "race"
    std::vector<std::string> groups;      // catalogue categories that count, e.g. asian, black, mixed, other
    double target = 0;                    // share, 0..1
};

struct WaveInfo {
    std::string label;
    std::string fieldwork;  // when it was (or will be) in the field: "2024-10" or "2024-10-15"; may be empty
};

// The five areas of the Equality Framework for Local Government (EFLG), by which
// partnership equality schemes group their action plans.
struct EflgArea {
    std::string id, label;  // "responsive_services", "Responsive services and customer care"
};
const std::vector<EflgArea>& eflg_areas();  // in the framework's order, 1 to 5

// Who answers for a theme's questions in an action plan, and where its actions sit.
struct ThemePlan {
    std::string theme;      // a theme of the survey's questions, e.g. "Fair treatment"
    std::string objective;  // the equality objective its actions serve; empty: the theme
    std::string lead;       // directorate or lead officer; empty: left for the team
    std::string eflg_area;  // an EflgArea id, or empty
    std::vector<std::string> partners;  // partner ids sharing the actions; empty: all partners
};

struct Partner {
    std::string id, name;  // "HBBC", "Hinckley and Bosworth Borough Council"
};

// The disclosure floor of a survey (docs/method.md, "Disclosure control"): what no table
// of it may go below, whoever asks and through whichever door. A request may raise these
// settings, never lower them; only the command line can go below, with
// --below-disclosure-floor, and what it writes then says it is not for publication.
struct DisclosureFloor {
    double suppress_below = 10;  // groups with fewer valid answers are not shown
    double min_base = 30;        // smallest base a gap is flagged on
    int round_counts_to = 0;     // published counts rounded to this (0: exact; 5 or 10)
    // The fewest respondents a filter may leave: a filtered table of a handful of people
    // would describe each of them.
    uint64_t min_filtered_respondents = 50;
    // Groupings a filter may use. When the definition does not list them: the survey's
    // dimensions (directorate, pay band...), never a protected characteristic.
    std::vector<std::string> filter_by;

    bool allows_filter_by(std::string_view grouping) const;
};

struct SurveyDefinition {
    std::string source;  // file it was read from, for messages
    std::string json;    // the text it was read from, kept with the data in the store
    std::string id, title, kind, organisation;
    std::string respondent_id_column, weight_column;
    // The sample design of a weighted file (docs/method.md, "Design-based variance"):
    // each respondent's stratum and cluster (PSU), both optional, and what to do with a
    // stratum that has a single PSU.
    std::string strata_column, cluster_column;
    stats::LonelyPsu lonely_psu = stats::LonelyPsu::adjust;
    std::vector<Question> questions;
    std::vector<Grouping> groupings;
    std::vector<CommentQuestion> comments;
    std::vector<WaveInfo> waves;
    // The population the survey stands for (a profile under surveys/benchmarks/, e.g.
    // "harrow-2021") and the characteristics weighting rakes on; both optional.
    std::string population_profile;
    std::vector<std::string> rake_on;
    // Analysis settings this survey uses by default, by command-line option name
    // ("compare", "min-base", ...); options given on the command line win.
    std::map<std::string, std::string> analysis_defaults;
    DisclosureFloor disclosure;
    std::vector<WorkforceTarget> workforce_targets;
    // Action plans drafted from this survey (docs/survey-definition.md, "Action plans").
    std::vector<ThemePlan> theme_plans;
    std::vector<Partner> partners;  // organisations sharing one plan; empty: a single organisation

    // Parses and validates; throws InputError listing every problem by JSON path.
    static SurveyDefinition parse(const std::string& json_text, const std::string& source);
    static SurveyDefinition load(const std::string& path);

    const Question* find_question(std::string_view id) const;
    const Grouping* find_grouping(std::string_view id) const;
    const CommentQuestion* find_comment(std::string_view id) const;
    const ThemePlan* find_theme_plan(std::string_view theme) const;
    const WaveInfo* find_wave(std::string_view label) const;
    // The wave listed after this one in `waves`, or null (an unlisted wave has none).
    const WaveInfo* next_wave(std::string_view label) const;
};

// All definitions found in a list of folders; the first file with a given id wins.
class SurveyCatalogue {
public:
    // Throws InputError if a definition is invalid or the same id appears twice in one folder.
    explicit SurveyCatalogue(const std::vector<std::string>& folders);
    const SurveyDefinition* find(std::string_view id) const;
    // Throws InputError naming the known ids when id is unknown.
    const SurveyDefinition& get(std::string_view id) const;
    const std::vector<SurveyDefinition>& all() const { return surveys_; }
    const std::vector<std::string>& folders() const { return folders_; }

private:
    std::vector<SurveyDefinition> surveys_;
    std::vector<std::string> folders_;
};

}  // namespace gapfinder
