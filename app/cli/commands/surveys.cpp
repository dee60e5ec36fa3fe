#include <iostream>
#include <set>

#include "cli/commands/commands.hpp"
#include "cli/commands/listings.hpp"
#include "util/text_table.hpp"

namespace gapfinder::cli {

void print_surveys(Context& ctx, std::ostream& out) {
    const auto& defs = ctx.surveys().all();
    Store& store = ctx.store();
    const auto waves = store.waves();
    std::set<std::string> listed;
    out << defs.size() << " survey definition(s); store " << store.path() << '\n';
    for (const SurveyDefinition& d : defs) {
        listed.insert(d.id);
        size_t characteristics = 0;
        for (const auto& g : d.groupings) characteristics += g.kind == Grouping::Kind::characteristic;
        out << "  " << d.id << ": " << d.title << " [" << d.kind << "] " << d.questions.size() << " questions, "
            << characteristics << " characteristics, " << d.groupings.size() - characteristics << " other groupings\n"
            << "    definition: " << d.source << '\n';
        TextTable table({"WAVE", "RESPONDENTS", "FILES", "LAST INGEST"});
        bool any = false;
        for (const auto& w : waves)
            if (w.survey_id == d.id) {
                table.add({w.wave, with_commas(w.respondents), std::to_string(w.ingests), w.last_ingested_at});
                any = true;
            }
        if (any) table.print(out, "    ");
        else out << "    no waves ingested yet\n";
    }
    for (const StoredSurvey& s : store.surveys())
        if (!listed.count(s.id)) {
            out << "  " << s.id << ": " << s.title << " [" << s.kind << "] (in the store; its definition file was not found)\n";
            for (const auto& w : waves)
                if (w.survey_id == s.id) out << "    wave " << w.wave << ": " << with_commas(w.respondents) << " respondents\n";
        }
}

int run_surveys(const Args& raw) {
    Arguments args("surveys", "[--db PATH] [--surveys-dir DIR]", {}, raw);
    if (args.help_requested()) return args.print_help(std::cout), 0;
    Context ctx(args);
    print_surveys(ctx, std::cout);
    return 0;
}

}  // namespace gapfinder::cli
