// Hand codes through a workbook, as analysts code comments today (issue 19, items 2 and
// 3): `gapfinder codes export` writes one row per comment with one column per theme of
// the codebook, prefilled with the codes the analysis uses now, and `gapfinder codes
// import` reads the edited workbook back as hand codes. docs/comments.md, "Hand codes
// through a workbook", describes the sheets and the rules:
//   - "Codes": respondent_id, comment, a column per theme (1 = mentions it, blank or 0 =
//     does not), coded_by (hand / rule / model p=0.87 / none), notes; with suggestions the
//     model's suggested themes and a p_<theme> column each; exported_codes (hidden): the
//     themes each row was written with.
//   - "Codebook" (the coding frame), "Model" (cross-validated precision and recall, with
//     suggestions), "README" (what to do), "Settings" (survey, wave, comment question).
// On import a row is hand-coded when its coded_by says "hand" or its theme cells differ
// from exported_codes (the analyst changed them); any other row is not hand-coded, and
// a stored hand code for it is removed. Without the exported_codes column (a sheet made
// by hand) every row is hand-coded.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "plugin_host/plugin_runner.hpp"
#include "text/classifier.hpp"
#include "text/codebook.hpp"
#include "text/hand_codes.hpp"

namespace gapfinder::coding {

inline constexpr const char* kCodesSchema = "gapfinder-codes/1";
inline constexpr const char* kCodesSheet = "Codes";

struct CodesRow {
    std::string respondent, comment;
    text::ThemeIds themes;  // the codes the analysis uses now
    std::string coded_by;   // "hand", "rule", "model p=0.87", "none"
    text::ThemeProbabilities probabilities;  // with suggestions, for a comment not hand-coded
};

struct CodesWorkbook {
    std::string survey_id, survey_title, wave, comment_id, comment_text, codebook_file;
    const text::Codebook* codebook = nullptr;
    std::vector<CodesRow> rows;
    std::optional<double> model_threshold;  // stored with the codes: suggestions applied at or above it
    // With suggestions: the threshold for the "suggested" column, the themes the model
    // was trained for, and each theme's cross-validated figures at that threshold.
    bool suggestions = false;
    double suggest_threshold = 0.5;
    std::vector<std::string> trained_themes;
    std::vector<text::ThemeValidation> validation;
};

void write_codes_xlsx(const CodesWorkbook& workbook, const std::string& path);

struct ImportedCodes {
    std::string survey_id, wave, comment_id;
    // Each row's respondent: its hand codes, or nullopt when the row is not hand-coded.
    std::map<text::CommentId, std::optional<text::ThemeIds>> rows;
};

// Reads and checks an edited codes workbook for `expected` (its survey_id, wave and
// comment_id; rows unused): its Settings sheet must name the same. `comments` are the wave's comments by
// respondent (those who commented), `respondents` every respondent id of the wave.
// Throws InputError listing every problem (up to 20), each naming the file, sheet, row
// and column: a column that is not a theme of the codebook, a cell that is not 1, 0 or
// blank, an unknown or repeated respondent id, a respondent with no comment, a coded_by
// that is none of hand, rule, model..., none.
ImportedCodes read_codes_workbook(const std::string& path, const PluginRunner& plugins, const ImportedCodes& expected,
                                  const text::Codebook& codebook, const text::CommentTexts& comments, const std::unordered_set<std::string>& respondents);

}  // namespace gapfinder::coding
