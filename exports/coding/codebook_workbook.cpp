#include "coding/codebook_workbook.hpp"

#include <cctype>
#include <map>

#include "util/errors.hpp"
#include "util/json_writer.hpp"
#include "xlsx/sheet_table.hpp"
#include "xlsx/workbook.hpp"

namespace gapfinder::coding {

namespace {

constexpr const char* kFields[] = {"id", "label", "keywords", "phrases", "exclude"};

std::string join_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : "; ") + s;
    return out;
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(';', start);
        if (end == std::string::npos) end = text.size();
        std::string item = xlsx::cell_text(std::string_view(text).substr(start, end - start));
        if (!item.empty()) out.push_back(item);
        start = end + 1;
    }
    return out;
}

void write_list(JsonWriter& j, const char* key, const std::vector<std::string>& items) {
    j.key(key).begin_array();
    for (const auto& s : items) j.value(s);
    j.end_array();
}

}  // namespace

void write_codebook_sheet(lxw_workbook* wb, const text::Codebook& codebook) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, kCodebookSheet);
    lxw_format* heading = xlsx::format(wb, true, true, 0x1D70B8, LXW_COLOR_WHITE);
    lxw_format* text = xlsx::format(wb, false, true);
    const double widths[] = {14, 30, 50, 50, 30};
    for (lxw_col_t c = 0; c < 5; ++c) {
        worksheet_set_column(ws, c, c, widths[c], nullptr);
        xlsx::write_text(ws, 0, c, kFields[c], heading);
    }
    worksheet_freeze_panes(ws, 1, 1);
    lxw_row_t r = 1;
    for (const auto& t : codebook.themes) {
        const std::string cells[] = {t.id, t.label, join_list(t.keywords), join_list(t.phrases), join_list(t.exclude)};
        std::vector<std::pair<std::string_view, double>> wrapped;
        for (lxw_col_t c = 0; c < 5; ++c) {
            if (cells[c].empty()) worksheet_write_blank(ws, r, c, text);
            else xlsx::write_text(ws, r, c, cells[c], text);
            wrapped.emplace_back(cells[c], widths[c]);
        }
        worksheet_set_row(ws, r, xlsx::wrapped_height(wrapped), nullptr);
        ++r;
    }
}

void write_codebook_xlsx(const text::Codebook& codebook, const std::string& path) {
    xlsx::Workbook wb(path);
    write_codebook_sheet(wb.get(), codebook);
    xlsx::text_sheet(wb.get(), "README", {
        "Codebook for the comment question \"" + codebook.question + "\"",
        "The sheet \"Codebook\" holds one row per theme. Edit it, save it as .xlsx and run "
        "gapfinder codebook import FILE.xlsx -o codebook.json to turn it back into the codebook's JSON.",
        "id: the theme's id (a-z, 0-9, _ and -), unique. It names the theme's column in a coding workbook and its "
        "question in the analysis (comment__id), so renaming it loses the hand codes made under the old id.",
        "label: the theme's name as reports show it.",
        "keywords: single words, separated by \"; \". Each matches its word's forms (ramp matches ramps).",
        "phrases: two or more words in order, separated by \"; \" (e.g. disabled parking; hearing loop).",
        "exclude: words or phrases whose occurrences cancel the theme's matches they overlap (e.g. step change).",
        "A theme needs at least one keyword or phrase. Add a theme as a new row; delete a row to drop a theme.",
        "Keep the headings on row 1 and the sheet's name \"Codebook\".",
    });
    xlsx::key_value_sheet(wb.get(), "Settings", {{"schema", kCodebookSchema}, {"question", codebook.question}});
    wb.close();
}

std::string codebook_to_json(const text::Codebook& codebook) {
    std::string out = "{\"question\": ";
    {
        std::string q;
        JsonWriter j(q);
        j.value(codebook.question);
        out += q;
    }
    out += ",\n \"themes\": [";
    for (size_t i = 0; i < codebook.themes.size(); ++i) {
        const auto& t = codebook.themes[i];
        std::string theme;
        JsonWriter j(theme);
        j.begin_object().field("id", t.id).field("label", t.label);
        write_list(j, "keywords", t.keywords);
        write_list(j, "phrases", t.phrases);
        if (!t.exclude.empty()) write_list(j, "exclude", t.exclude);
        j.end_object();
        out += (i ? ",\n  " : "\n  ") + theme;
    }
    out += "\n ]}\n";
    return out;
}

std::string codebook_json_from_workbook(const std::string& path, const PluginRunner& plugins) {
    const Plugin& plugin = plugins.choose(path, std::nullopt);
    std::string question;
    try {
        const xlsx::SheetTable settings = xlsx::read_sheet(plugins, plugin, path, "Settings", 1);
        for (const auto& r : settings.rows)
            if (r.size() >= 2 && r[0] == "question") question = r[1];
    } catch (const InputError&) {
        // A codebook sheet made by hand has no Settings: the question must then be given.
    }
    xlsx::SheetTable t;
    try {
        t = xlsx::read_sheet(plugins, plugin, path, kCodebookSheet, 1);
    } catch (const InputError& e) {
        throw InputError(path + ": no sheet \"Codebook\" with the headings id, label, keywords, phrases, exclude on row 1: " +
                         e.what());
    }
    const std::string where = path + ": sheet \"Codebook\"";
    std::map<std::string, size_t> column;
    for (size_t i = 0; i < t.headings.size(); ++i) {
        std::string h = t.headings[i];
        for (char& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (h.empty()) continue;
        bool known = false;
        for (const char* f : kFields) known = known || h == f;
        if (!known)
            throw InputError(locate(where, 1, t.headings[i], "is not a field of a theme (known: id, label, keywords, phrases, exclude)"));
        if (column.count(h)) throw InputError(locate(where, 1, t.headings[i], "is a second column with this heading"));
        column[h] = i;
    }
    for (const char* f : {"id", "label"})
        if (!column.count(f)) throw InputError(where + ", row 1: no column headed \"" + f + "\"");
    if (question.empty()) throw InputError(path + ": sheet \"Settings\" does not say which comment question (the key \"question\")");

    std::string out;
    JsonWriter j(out);
    j.begin_object().field("question", question).key("themes").begin_array();
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const auto& cells = t.rows[i];
        auto get = [&](const char* key) -> std::string {
            auto it = column.find(key);
            return it == column.end() || it->second >= cells.size() ? std::string() : cells[it->second];
        };
        bool any = false;
        for (const auto& c : cells) any = any || !c.empty();
        if (!any) continue;  // a blank row
        j.begin_object().field("id", get("id")).field("label", get("label"));
        for (const char* f : {"keywords", "phrases", "exclude"})
            if (column.count(f)) write_list(j, f, split_list(get(f)));
        j.end_object();
    }
    j.end_array().end_object();
    return out;
}

}  // namespace gapfinder::coding
