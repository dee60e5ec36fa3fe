#include "output_file.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>

#include "util/errors.hpp"

namespace gapfinder {

std::string output_format(const std::string& format, const std::string& output, const std::vector<std::string>& allowed) {
    std::string f = format;
    if (f.empty()) {
        const size_t dot = output.rfind('.');
        f = dot == std::string::npos ? "md" : output.substr(dot + 1);
        if (f == "markdown") f = "md";
        if (f == "htm") f = "html";
    }
    if (std::find(allowed.begin(), allowed.end(), f) == allowed.end()) {
        std::string names;
        for (size_t i = 0; i < allowed.size(); ++i)
            names += (i == 0 ? "" : i + 1 == allowed.size() ? " or " : ", ") + allowed[i];
        throw InputError((format.empty() ? "-o " + output + ": cannot tell the format from the name; give --format"
                                         : "--format \"" + format + "\"") +
                         " (use " + names + ")");
    }
    return f;
}

void write_text_output(const std::string& text, const std::string& path) {
    if (path.empty()) {
        std::cout << text;
        return;
    }
    std::ofstream out(path, std::ios::binary);
    if (!(out << text) || !out.flush()) throw InputError(path + ": cannot write there");
}

}  // namespace gapfinder
