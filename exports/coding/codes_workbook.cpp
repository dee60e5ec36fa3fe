#include "coding/codes_workbook.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "coding/codebook_workbook.hpp"
#include "util/errors.hpp"
#include "xlsx/sheet_table.hpp"
#include "xlsx/workbook.hpp"

namespace gapfinder::coding {

namespace {

constexpr const char* kExported = "exported_codes";

std::string probability_text(double p) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%.2f", p);
    return buffer;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

void codes_sheet(lxw_workbook* wb, const CodesWorkbook& w) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, kCodesSheet);
    lxw_format* heading = xlsx::format(wb, true, true, 0x1D70B8, LXW_COLOR_WHITE);
    lxw_format* theme_heading = xlsx::format(wb, true, true, 0x1D70B8, LXW_COLOR_WHITE, true);
    lxw_format* machine_heading = xlsx::format(wb, true, true, 0xD9D9D9);
    lxw_format* text = xlsx::format(wb, false, true);
    lxw_format* mark = xlsx::format(wb, true, false, 0, 0, true);
    lxw_format* hand_mark = xlsx::format(wb, true, false, 0xDBE7F3, 0, true);
    lxw_format* probability = xlsx::with_num_format(xlsx::format(wb, false, false, 0xF2F2F2, 0x505A5F), "0.00");
    lxw_format* machine = xlsx::format(wb, false, false, 0xF2F2F2, 0x505A5F);
    const auto& themes = w.codebook->themes;

    std::vector<std::pair<std::string, double>> columns = {{"respondent_id", 14}, {"comment", 70}};
    for (const auto& t : themes) columns.emplace_back(t.id, std::max<double>(8, static_cast<double>(t.id.size()) + 2));
    const auto first_theme = static_cast<lxw_col_t>(2), coded_by = static_cast<lxw_col_t>(2 + themes.size());
    columns.emplace_back("coded_by", 16);
    columns.emplace_back("notes", 24);
    if (w.suggestions) {
        columns.emplace_back("suggested", 24);
        for (const auto& t : w.trained_themes) columns.emplace_back("p_" + t, std::max<double>(8, static_cast<double>(t.size()) + 4));
    }
    columns.emplace_back(kExported, 16);
    const auto exported = static_cast<lxw_col_t>(columns.size() - 1);

    for (lxw_col_t c = 0; c < columns.size(); ++c) {
        const bool is_theme = c >= first_theme && c < coded_by;
        const bool is_machine = c == exported || columns[c].first.rfind("p_", 0) == 0 || columns[c].first == "suggested";
        if (c == exported) {
            lxw_row_col_options hidden{};
            hidden.hidden = 1;
            worksheet_set_column_opt(ws, c, c, columns[c].second, nullptr, &hidden);
        } else {
            worksheet_set_column(ws, c, c, columns[c].second, nullptr);
        }
        xlsx::write_text(ws, 0, c, columns[c].first, is_theme ? theme_heading : is_machine ? machine_heading : heading);
    }
    worksheet_freeze_panes(ws, 1, 2);
    // A theme cell takes 1, 0 or nothing; Excel and LibreOffice refuse anything else as it is typed.
    if (!themes.empty() && !w.rows.empty()) {
        lxw_data_validation v{};
        v.validate = LXW_VALIDATION_TYPE_LIST;
        const char* values[] = {"1", "0", nullptr};
        v.value_list = const_cast<char**>(values);
        v.ignore_blank = LXW_VALIDATION_ON;
        v.error_title = const_cast<char*>("1 or 0");
        v.error_message = const_cast<char*>("Type 1 when the comment mentions the theme; leave it blank (or 0) when it does not.");
        worksheet_data_validation_range(ws, 1, first_theme, static_cast<lxw_row_t>(w.rows.size()), coded_by - 1, &v);
    }

    lxw_row_t r = 1;
    for (const CodesRow& row : w.rows) {
        xlsx::write_text(ws, r, 0, row.respondent, text);
        xlsx::write_text(ws, r, 1, row.comment, text);
        worksheet_set_row(ws, r, std::min(150.0, xlsx::wrapped_height({{row.comment, 70}})), nullptr);
        const bool by_hand = row.coded_by == "hand";
        for (size_t t = 0; t < themes.size(); ++t) {
            const auto c = static_cast<lxw_col_t>(first_theme + t);
            if (row.themes.count(themes[t].id)) worksheet_write_number(ws, r, c, 1, by_hand ? hand_mark : mark);
            else worksheet_write_blank(ws, r, c, by_hand ? hand_mark : mark);
        }
        xlsx::write_text(ws, r, coded_by, row.coded_by, text);
        worksheet_write_blank(ws, r, coded_by + 1, text);
        if (w.suggestions) {
            std::string suggested;
            for (const auto& [theme, p] : row.probabilities)
                if (p >= w.suggest_threshold) suggested += (suggested.empty() ? "" : "; ") + theme + " (" + probability_text(p) + ")";
            if (suggested.empty()) worksheet_write_blank(ws, r, coded_by + 2, machine);
            else xlsx::write_text(ws, r, coded_by + 2, suggested, machine);
            for (size_t t = 0; t < w.trained_themes.size(); ++t) {
                const auto c = static_cast<lxw_col_t>(coded_by + 3 + t);
                auto it = row.probabilities.find(w.trained_themes[t]);
                if (it == row.probabilities.end()) worksheet_write_blank(ws, r, c, probability);
                else worksheet_write_number(ws, r, c, it->second, probability);
            }
        }
        const std::string codes = text::join_themes(row.themes);
        if (codes.empty()) worksheet_write_blank(ws, r, exported, machine);
        else xlsx::write_text(ws, r, exported, codes, machine);
        ++r;
    }
    if (r > 1) worksheet_autofilter(ws, 0, 0, r - 1, exported - 1);
}

void model_sheet(lxw_workbook* wb, const CodesWorkbook& w) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Model");
    lxw_format* heading = xlsx::format(wb, true, true, 0x1D70B8, LXW_COLOR_WHITE);
    lxw_format* text = xlsx::format(wb, false, true);
    lxw_format* share = xlsx::with_num_format(xlsx::format(wb, false, false), "0.00");
    lxw_format* count = xlsx::with_num_format(xlsx::format(wb, false, false), "#,##0");
    const char* headings[] = {"theme", "label", "hand-coded examples", "precision", "recall", "true positives",
                              "false positives", "false negatives", "note"};
    const double widths[] = {14, 30, 12, 10, 10, 10, 10, 10, 50};
    for (lxw_col_t c = 0; c < 9; ++c) {
        worksheet_set_column(ws, c, c, widths[c], nullptr);
        xlsx::write_text(ws, 0, c, headings[c], heading);
    }
    lxw_row_t r = 1;
    for (const auto& v : w.validation) {
        const text::Theme* theme = w.codebook->find(v.theme);
        xlsx::write_text(ws, r, 0, v.theme, text);
        xlsx::write_text(ws, r, 1, theme ? theme->label : "", text);
        worksheet_write_number(ws, r, 2, static_cast<double>(v.examples), count);
        auto figure = [&](lxw_col_t c, const std::optional<double>& x) {
            if (x) worksheet_write_number(ws, r, c, *x, share);
            else worksheet_write_blank(ws, r, c, share);
        };
        figure(3, v.precision);
        figure(4, v.recall);
        if (v.too_few_to_train) {
            for (lxw_col_t c = 5; c < 8; ++c) worksheet_write_blank(ws, r, c, count);
            xlsx::write_text(ws, r, 8, "too few hand-coded examples to train (at least " + std::to_string(text::kMinExamples) + ")", text);
        } else {
            worksheet_write_number(ws, r, 5, static_cast<double>(v.true_positives), count);
            worksheet_write_number(ws, r, 6, static_cast<double>(v.false_positives), count);
            worksheet_write_number(ws, r, 7, static_cast<double>(v.false_negatives), count);
            worksheet_write_blank(ws, r, 8, text);
        }
        ++r;
    }
    xlsx::write_text(ws, r + 1, 0,
                     "Cross-validated on the hand-coded comments (5 folds) at p >= " + probability_text(w.suggest_threshold) +
                         ". Precision: the share of suggestions a coder agreed with. Recall: the share of the comments "
                         "that raise the theme which the model finds.",
                     xlsx::format(wb, false, false, 0, 0, false, false));
}

}  // namespace

void write_codes_xlsx(const CodesWorkbook& w, const std::string& path) {
    xlsx::Workbook wb(path);
    codes_sheet(wb.get(), w);
    write_codebook_sheet(wb.get(), *w.codebook);
    if (w.suggestions) model_sheet(wb.get(), w);
    std::vector<std::string> readme = {
        "Coding the comments of \"" + (w.comment_text.empty() ? w.comment_id : w.comment_text) + "\"",
        w.survey_title + ", wave " + w.wave + ": " + std::to_string(w.rows.size()) + " comments, one row each on the sheet \"Codes\".",
        "Each theme of the codebook (sheet \"Codebook\") has a column headed with its id. 1 means the comment mentions the "
        "theme; blank (or 0) means it does not. The cells hold the codes the analysis uses now.",
        "coded_by says where each row's codes come from: hand (an analyst's codes, shaded), rule (the codebook's keywords "
        "and phrases), model p=0.87 (the model's suggestion, applied because a threshold was chosen) or none.",
        "To code a comment, change its theme cells. A row whose cells you change becomes hand-coded. To confirm a row as it "
        "stands (including a row with no theme), type hand in its coded_by cell.",
        "Hand codes always win over the rules and the model. To undo a hand code, type rule in coded_by and restore the cells "
        "you changed.",
        "Do not change respondent_id, the headings on row 1, or the hidden column exported_codes; you may sort and filter "
        "rows, delete rows you do not want to import, and write in notes. The comment text is not read back.",
        "Then: gapfinder codes import THIS.xlsx --survey " + w.survey_id + " --wave " + w.wave + " --comment " + w.comment_id +
            ". The import checks every cell first and saves nothing if any is wrong.",
    };
    if (w.suggestions)
        readme.push_back("suggested and the p_ columns are the model's suggestions for comments not hand-coded (trained on "
                         "your hand codes, nothing downloaded). They are not applied: to accept one, put 1 in the theme's "
                         "column. The sheet \"Model\" shows how often such suggestions agreed with hand codes.");
    xlsx::text_sheet(wb.get(), "README", readme);
    xlsx::key_value_sheet(wb.get(), "Settings",
                          {{"schema", kCodesSchema},
                           {"survey", w.survey_id},
                           {"wave", w.wave},
                           {"comment", w.comment_id},
                           {"codebook", w.codebook_file},
                           {"model_threshold", w.model_threshold ? probability_text(*w.model_threshold) : ""}});
    wb.close();
}

ImportedCodes read_codes_workbook(const std::string& path, const PluginRunner& plugins, const ImportedCodes& expected,
                                  const text::Codebook& codebook, const text::CommentTexts& comments, const std::unordered_set<std::string>& respondents) {
    const Plugin& plugin = plugins.choose(path, std::nullopt);
    ImportedCodes out;
    {
        xlsx::SheetTable settings;
        try {
            settings = xlsx::read_sheet(plugins, plugin, path, "Settings", 1);
        } catch (const InputError& e) {
            throw InputError(path + ": not a codes workbook written by gapfinder codes export (it needs the \"Settings\" sheet): " +
                             e.what());
        }
        std::map<std::string, std::string> kv;
        for (const auto& r : settings.rows)
            if (r.size() >= 2 && !r[0].empty()) kv[r[0]] = r[1];
        if (kv["schema"] != kCodesSchema)
            throw InputError(path + ": sheet \"Settings\": schema \"" + kv["schema"] + "\" is not " + kCodesSchema);
        out.survey_id = kv["survey"];
        out.wave = kv["wave"];
        out.comment_id = kv["comment"];
        auto check = [&](const char* what, const std::string& in_book, const std::string& given) {
            if (in_book != given)
                throw InputError(path + ": sheet \"Settings\": the workbook holds the codes of " + what + " \"" + in_book +
                                 "\", not \"" + given + "\"");
        };
        check("survey", out.survey_id, expected.survey_id);
        check("wave", out.wave, expected.wave);
        check("comment", out.comment_id, expected.comment_id);
    }
    xlsx::SheetTable t;
    try {
        t = xlsx::read_sheet(plugins, plugin, path, kCodesSheet, 1);
    } catch (const InputError& e) {
        throw InputError(path + ": no sheet \"Codes\" with its headings on row 1: " + e.what());
    }
    const std::string where = path + ": sheet \"Codes\"";
    std::vector<std::string> problems;
    auto problem = [&](uint64_t row, const std::string& column, const std::string& message) {
        if (problems.size() < 20) problems.push_back(locate(where, row, column, message));
        else if (problems.size() == 20) problems.push_back("... and more; fix these first");
    };

    std::optional<size_t> id_column, coded_by_column, exported_column;
    std::vector<std::pair<size_t, std::string>> theme_columns;  // column, theme id
    std::string known;
    for (const auto& theme : codebook.themes) known += (known.empty() ? "" : ", ") + theme.id;
    for (size_t c = 0; c < t.headings.size(); ++c) {
        const std::string& h = t.headings[c];
        if (h.empty()) continue;
        std::optional<size_t>* fixed = h == "respondent_id" ? &id_column : h == "coded_by" ? &coded_by_column
                                       : h == kExported       ? &exported_column
                                                              : nullptr;
        if (fixed) {
            if (*fixed) problem(1, h, "is a second column with this heading");
            *fixed = c;
        } else if (!codebook.find(h) && (h == "comment" || h == "notes" || h == "suggested" || h.rfind("p_", 0) == 0)) {
            continue;  // read by people only
        } else if (!codebook.find(h)) {
            problem(1, h, "is not a theme of the codebook for \"" + codebook.question + "\" (its themes: " + known +
                              "); rename the column to a theme's id, or add the theme to the codebook first");
        } else {
            for (const auto& [other, id] : theme_columns)
                if (id == h) problem(1, h, "is a second column for this theme");
            theme_columns.emplace_back(c, h);
        }
    }
    if (!id_column) problem(1, "", "no column headed respondent_id");
    if (!problems.empty()) throw InputError(problems.front() + (problems.size() > 1 ? "\n" + problems[1] : ""));

    for (size_t i = 0; i < t.rows.size(); ++i) {
        const auto& cells = t.rows[i];
        const uint64_t n = t.numbers[i];
        auto get = [&](size_t c) { return c < cells.size() ? cells[c] : std::string(); };
        bool any = false;
        for (const auto& cell : cells) any = any || !cell.empty();
        if (!any) continue;
        const std::string id = get(*id_column);
        if (id.empty()) {
            problem(n, "respondent_id", "is empty; every row needs the respondent it was exported with");
            continue;
        }
        if (!respondents.count(id)) {
            problem(n, "respondent_id", "\"" + id + "\" is not a respondent of " + out.survey_id + " wave " + out.wave);
            continue;
        }
        if (!comments.count(id)) {
            problem(n, "respondent_id", "respondent \"" + id + "\" made no comment to code");
            continue;
        }
        if (out.rows.count(id)) {
            problem(n, "respondent_id", "respondent \"" + id + "\" is on an earlier row too");
            continue;
        }
        text::ThemeIds themes;
        bool cells_ok = true;
        for (const auto& [c, theme] : theme_columns) {
            const std::string v = get(c);
            if (v == "1") themes.insert(theme);
            else if (!v.empty() && v != "0") {
                problem(n, theme, "\"" + v + "\" is not 1 (mentions the theme), 0 or blank (does not)");
                cells_ok = false;
            }
        }
        const std::string how = coded_by_column ? lower(get(*coded_by_column)) : std::string();
        const bool confirmed = how == "hand";
        if (!(how.empty() || confirmed || how == "rule" || how == "rules" || how == "none" || how.rfind("model", 0) == 0)) {
            problem(n, "coded_by", "\"" + get(*coded_by_column) + "\" is not hand, rule, model or none");
            cells_ok = false;
        }
        if (!cells_ok) continue;
        const bool changed = !exported_column || themes != text::split_themes(get(*exported_column));
        if (confirmed || changed) out.rows[id] = themes;
        else out.rows[id] = std::nullopt;
    }
    if (!problems.empty()) {
        std::string all;
        for (const auto& p : problems) all += (all.empty() ? "" : "\n") + p;
        throw InputError(all);
    }
    return out;
}

}  // namespace gapfinder::coding
