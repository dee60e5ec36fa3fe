// gapfinder codebook: the coding frame between its JSON and a sheet analysts edit in
// Excel (exports/coding/codebook_workbook.hpp):
//   codebook export (CODEBOOK.json | --survey ID --comment ID) -o codebook.xlsx
//   codebook import codebook.xlsx -o CODEBOOK.json
// An imported sheet is checked by the same parser as a JSON codebook before anything is
// written, so its errors name the theme and the field.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands/commands.hpp"
#include "cli/context.hpp"
#include "coding/codebook_workbook.hpp"
#include "text/tokenise.hpp"
#include "util/errors.hpp"

namespace gapfinder::cli {

int run_codebook(const Args& raw) {
    Poco::Util::OptionSet options;
    add_value_option(options, "survey", "ID", "export: the survey whose comment question's codebook to export");
    add_value_option(options, "comment", "ID", "export: the comment question, e.g. why_support");
    options.addOption(Poco::Util::Option("output", "o", "the file to write: .xlsx for export, .json for import").argument("FILE"));
    Arguments args("codebook",
                   "export (CODEBOOK.json | --survey ID --comment ID) -o codebook.xlsx\n"
                   "       codebook import codebook.xlsx -o CODEBOOK.json",
                   options, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    const auto& pos = args.positional();
    const std::string sub = pos.empty() ? "" : pos[0];
    if (!args.has("output")) throw InputError("gapfinder codebook " + sub + ": say where to write with -o FILE");
    const std::string output = args.get("output");
    text::Stemmer stemmer;

    if (sub == "export") {
        text::Codebook codebook;
        std::string from;
        if (pos.size() == 2) {
            from = pos[1];
            codebook = text::load_codebook(from, stemmer);
        } else if (pos.size() == 1 && args.has("survey") && args.has("comment")) {
            Context ctx(args);
            const SurveyDefinition& survey = ctx.surveys().get(args.get("survey"));
            const CommentQuestion* comment = survey.find_comment(args.get("comment"));
            if (!comment || !comment->rules)
                throw InputError("--comment " + args.get("comment") + ": survey " + survey.id + " has no comment question of that id with a codebook");
            codebook = *comment->rules;
            from = comment->codebook;
        } else {
            throw InputError("gapfinder codebook export: give a codebook file, or --survey and --comment");
        }
        coding::write_codebook_xlsx(codebook, output);
        std::cout << "Wrote the " << codebook.themes.size() << " themes of " << from << " to " << output << "\n";
        return 0;
    }
    if (sub == "import") {
        if (pos.size() != 2) throw InputError("gapfinder codebook import: give the workbook, e.g. codebook import codebook.xlsx -o codebook.json");
        const std::string path = pos[1];
        Context ctx(args);
        const std::string json = coding::codebook_json_from_workbook(path, ctx.plugins());
        // The same checks as a JSON codebook; "theme N" is the N-th theme row of the sheet.
        const text::Codebook codebook = text::parse_codebook(json, path + ": sheet \"" + coding::kCodebookSheet + "\"", stemmer);
        const std::string text = coding::codebook_to_json(codebook);
        const std::string temporary = output + ".part";
        {
            std::ofstream out(temporary, std::ios::binary);
            if (!out) throw InputError(output + ": cannot write there");
            out << text;
            if (!out.flush()) throw InputError(output + ": cannot write there");
        }
        std::filesystem::rename(temporary, output);
        std::cout << "Wrote the " << codebook.themes.size() << " themes of " << path << " to " << output << "\n";
        return 0;
    }
    throw InputError("gapfinder codebook: say export or import (see gapfinder codebook --help)");
}

}  // namespace gapfinder::cli
