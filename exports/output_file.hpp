// Where an export goes, shared by the action plan and the EqIA: its format from --format
// or the output file's extension, and its text to the file or the terminal.
#pragma once

#include <string>
#include <vector>

namespace gapfinder {

// format when given, else the output file's extension ("markdown" is md, "htm" html,
// none is md); throws InputError unless the result is one of allowed.
std::string output_format(const std::string& format, const std::string& output, const std::vector<std::string>& allowed);

// text to path, or to standard output when path is empty; throws InputError when the
// file cannot be written.
void write_text_output(const std::string& text, const std::string& path);

}  // namespace gapfinder
