#include <sstream>

#include "eqia/eqia.hpp"
#include "output_file.hpp"
#include "util/errors.hpp"

namespace gapfinder::eqia {

std::string eqia_format(const std::string& format, const std::string& output) {
    return output_format(format, output, {"xlsx", "html", "md"});
}

void write_eqia(const Eqia& e, const std::string& format, const std::string& path) {
    if (format == "xlsx") {
        if (path.empty()) throw InputError("--format xlsx needs -o FILE.xlsx: a workbook cannot go to the terminal");
        write_eqia_xlsx(e, path);
        return;
    }
    std::ostringstream text;
    if (format == "html") write_eqia_html(e, text);
    else write_eqia_markdown(e, text);
    write_text_output(text.str(), path);
}

}  // namespace gapfinder::eqia
