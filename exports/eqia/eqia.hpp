// The evidence for an equality impact assessment (EqIA) of a proposal consulted on
// (issue 19, item 7; docs/eqia.md): per protected characteristic, each group's support
// for the proposal with its confirmed gaps, the comment themes the group raises more or
// less than others (confirmed gaps only), a few redacted quotes, and a draft "potential
// impact" line for the equality officer to confirm; then whom the consultation did not
// hear (respondents against the population), and how the figures were made.
//
// The model is built from the Findings (every figure, already suppressed and corrected),
// quotes chosen by core/text/quotes (redacted, only from groups at the suppression
// threshold), and a count of how the proposal's support differs between those who raise
// each theme and those who do not (which themes are concerns). Writers: Markdown, one
// self-contained accessible HTML page, and an XLSX workbook.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "analysis/findings.hpp"
#include "domain/dataset.hpp"
#include "domain/survey_definition.hpp"
#include "text/redact.hpp"

namespace gapfinder::eqia {

// One group's support for the proposal. Suppressed: no figure, only the reason.
struct GroupSupport {
    std::string group, label;
    bool suppressed = false;
    std::string suppressed_reason;  // "fewer than 10 people answered" ...
    bool low_base = false;          // shown, but too few to confirm a gap
    bool reference = false;
    double n = 0, rate = 0, ci_low = 0, ci_high = 0, rest_rate = 0, gap_pp = 0, p_adj = 0;
    bool confirmed = false;  // a confirmed gap (flagged), either side
};

// A confirmed difference for one group: in support, or in how often it raises a theme.
struct Difference {
    std::string question;  // the proposal, or a theme question (why_support__access)
    std::string theme;     // the theme's label ("Access to buildings"); empty for support
    std::string group, label;
    double n = 0, rate = 0, rest_rate = 0, gap_pp = 0, p_adj = 0;
    bool concern = false;  // a theme raised by those who support the proposal less
    std::string sentence;  // in plain words, with both rates and the gap
};

// A few redacted comments of one group on one theme it raises more than others.
struct Quotes {
    std::string group;
    std::string label;  // the group's people: "Disabled respondents"
    std::string theme;
    std::vector<std::string> quotes;
};

enum class Impact { negative, positive, none_found, not_assessed };
std::string impact_name(Impact impact);  // "negative", "positive", "none found", "not assessed"

struct CharacteristicSection {
    std::string id, label;
    // "asked"; "not asked" (the consultation does not record it); "too few" (every
    // group too small to say anything).
    std::string status = "asked";
    std::string note;  // for "not asked" and "too few": the sentence to print
    std::vector<GroupSupport> support;
    std::vector<Difference> support_gaps;  // confirmed, said from the group behind
    std::vector<Difference> themes_more, themes_less;  // confirmed theme gaps
    std::vector<Quotes> quotes;
    Impact impact = Impact::not_assessed;
    std::string impact_reason;  // why the draft says so, from the data
};

// How one theme relates to the proposal: support among those who mention it against
// those who commented without mentioning it.
struct ThemeStance {
    std::string question, label;
    double mentioning = 0, support_mentioning = 0, others = 0, support_others = 0;  // counts among commenters
    bool concern = true;  // false: raised mostly by supporters (a confirmed higher support)
    std::string sentence;
};

struct NotHeard {
    std::string characteristic, label;  // the characteristic's label
    std::vector<std::string> groups;    // under-represented groups' labels
    std::string sentence;
};

struct Eqia {
    std::string survey_id, survey_title, organisation, wave;
    std::string people = "respondents";  // how the survey names the people who answered
    std::string proposal, proposal_text, outcome;  // the closed question: id, wording, "support the proposal"
    std::string comment_question;                  // the comment that explains it, e.g. why_support
    double respondents = 0, commenters = 0;
    AnalysisSettings settings;
    bool perturbed = false;        // figures from the web app's perturbed counts
    bool quotes_included = true;   // false: left out (the reader may not see unchecked quotes)
    std::string quotes_note;       // why quotes are left out, when they are
    std::vector<ThemeStance> themes;
    std::vector<CharacteristicSection> sections;
    std::string population_source;  // the population profile's id; empty: none
    std::vector<Representativeness> representativeness;
    std::vector<NotHeard> not_heard;
    std::vector<std::string> method;  // the method note, one paragraph each
};

struct BuildOptions {
    std::string proposal;      // the closed question; empty: the one a coded comment explains
    size_t quotes_per_group = 3;
    bool include_quotes = true;
    std::string quotes_note;   // printed instead of quotes when include_quotes is false
};

// The closed question an EqIA is about: options.proposal when given (it must be a
// question that is not a comment theme), else the question a coded comment explains.
// Throws InputError naming what is missing.
std::string proposal_question(const SurveyDefinition& survey, const std::string& proposal);

// findings: the wave analysed (compared with the rest, by every characteristic) over the
// proposal and its comment themes; data: the same wave, for the quotes and the themes'
// stance. redactor is used for every quote.
Eqia build_eqia(const Findings& findings, const SurveyDefinition& survey, const Dataset& data, const text::Redactor& redactor,
                const BuildOptions& options);

std::string eqia_title(const Eqia& e);

void write_eqia_markdown(const Eqia& e, std::ostream& out);
void write_eqia_html(const Eqia& e, std::ostream& out);
// Throws InputError when the file cannot be written.
void write_eqia_xlsx(const Eqia& e, const std::string& path);

// "xlsx", "html" or "md" from --format or, when empty, from the output's extension.
std::string eqia_format(const std::string& format, const std::string& output);
// To path, or standard output for md and html when path is empty.
void write_eqia(const Eqia& e, const std::string& format, const std::string& path);

}  // namespace gapfinder::eqia
