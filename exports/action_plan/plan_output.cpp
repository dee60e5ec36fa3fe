#include <sstream>

#include "action_plan/writers.hpp"
#include "output_file.hpp"
#include "util/errors.hpp"

namespace gapfinder::plan {

std::string plan_format(const std::string& format, const std::string& output) {
    return output_format(format, output, {"xlsx", "csv", "md", "html", "json"});
}

void write_plan(const ActionPlan& plan, const std::string& format, const std::string& path) {
    if (format == "xlsx") {
        if (path.empty()) throw InputError("--format xlsx needs -o FILE.xlsx: a workbook cannot go to the terminal");
        write_plan_xlsx(plan, path);
        return;
    }
    std::ostringstream text;
    if (format == "csv") write_plan_csv(plan, text);
    else if (format == "md") write_plan_markdown(plan, text);
    else if (format == "html") write_plan_html(plan, text);
    else text << plan_to_json(plan);
    write_text_output(text.str(), path);
}

}  // namespace gapfinder::plan
