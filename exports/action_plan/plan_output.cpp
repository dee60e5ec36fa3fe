#include <fstream>
#include <iostream>
#include <sstream>

#include "action_plan/writers.hpp"
#include "util/errors.hpp"

namespace gapfinder::plan {

std::string plan_format(const std::string& format, const std::string& output) {
    std::string f = format;
    if (f.empty()) {
        const size_t dot = output.rfind('.');
        f = dot == std::string::npos ? "md" : output.substr(dot + 1);
        if (f == "markdown") f = "md";
        if (f == "htm") f = "html";
    }
    if (f != "xlsx" && f != "csv" && f != "md" && f != "html" && f != "json")
        throw InputError((format.empty() ? "-o " + output + ": cannot tell the format from the name; give --format"
                                         : "--format \"" + format + "\"") +
                         " (use xlsx, csv, md, html or json)");
    return f;
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
    if (path.empty()) {
        std::cout << text.str();
        return;
    }
    std::ofstream out(path, std::ios::binary);
    if (!(out << text.str()) || !out.flush()) throw InputError(path + ": cannot write there");
}

}  // namespace gapfinder::plan
