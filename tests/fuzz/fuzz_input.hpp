// How a fuzz input (and so every regression file in tests/fuzz/regressions/) is read, shared
// by the libFuzzer driver (plugin_fuzzer.cpp) and the regression test that replays the
// files through the real plugin host (tests/fuzz_regression_test.cpp).
//
// The first byte is a control byte, the rest is the file the plugin reads:
//   bits 0-3  which option set the read gets (modulo the number of sets for the plugin;
//             set 0 is no options), so that sheet=, header_row=, headings=labels... are
//             fuzzed too;
//   bits 4-5  when the sink asks the plugin to stop: 0 never, 1 at the headings, 2 after
//             the first row, 3 after the third, so that cancelling is fuzzed too.
// An empty input is an empty file with no options.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gapfinder::fuzz {

using Options = std::vector<std::pair<std::string, std::string>>;

inline bool has_extension(std::string_view extensions, std::string_view ext) {
    size_t start = 0;
    while (start <= extensions.size()) {
        const size_t end = std::min(extensions.find(';', start), extensions.size());
        if (extensions.substr(start, end - start) == ext) return true;
        start = end + 1;
    }
    return false;
}

// The option sets a plugin is fuzzed with, by its id, or by its extensions for plugins
// this table does not name (a new CSV plugin gets the CSV file options). The first is
// always "no options".
inline std::vector<Options> option_sets(std::string_view id, std::string_view extensions) {
    std::vector<Options> sets{{}};
    if (id == "xlsx") {
        for (Options o : std::vector<Options>{{{"sheet", "2"}},
                                              {{"sheet", "1"}, {"header_row", "2"}},
                                              {{"header_row", "1"}},
                                              {{"header_row", "3"}},
                                              {{"sheet", "Sheet1"}},
                                              {{"sheet", "responses"}, {"header_row", "2"}},
                                              {{"sheet", "9"}}})
            sets.push_back(std::move(o));
    } else if (id == "spss-sav") {
        for (Options o : std::vector<Options>{{{"headings", "labels"}},
                                              {{"user_missing", "keep"}},
                                              {{"headings", "labels"}, {"user_missing", "keep"}},
                                              {{"encoding", "windows-1252"}},
                                              {{"encoding", "UTF-8"}, {"headings", "labels"}}})
            sets.push_back(std::move(o));
    } else if (has_extension(extensions, ".csv")) {
        for (Options o : std::vector<Options>{{{"encoding", "utf-8"}},
                                              {{"encoding", "windows-1252"}},
                                              {{"delimiter", ";"}},
                                              {{"delimiter", "tab"}},
                                              {{"delimiter", "pipe"}, {"encoding", "windows-1252"}},
                                              {{"delimiter", "x"}}})
            sets.push_back(std::move(o));
    }
    return sets;
}

struct Input {
    Options options;
    size_t stop_after = SIZE_MAX;  // rows the sink accepts before asking to stop; SIZE_MAX never
    bool stop_at_headings = false;
    std::string_view file;
};

inline Input decode(std::string_view id, std::string_view extensions, std::string_view data) {
    Input in;
    if (data.empty()) return in;
    const auto control = static_cast<unsigned char>(data[0]);
    in.file = data.substr(1);
    const std::vector<Options> sets = option_sets(id, extensions);
    in.options = sets[(control & 0x0F) % sets.size()];
    switch ((control >> 4) & 0x3) {
        case 1: in.stop_at_headings = true; break;
        case 2: in.stop_after = 1; break;
        case 3: in.stop_after = 3; break;
        default: break;
    }
    return in;
}

// A fuzz target's (or regression folder's) name: a plugin id, or "<plugin id>-parts" for
// a structure-aware target whose input is a zip's parts as text (zip_parts.hpp).
struct TargetName {
    std::string plugin;
    bool zip_parts = false;
};
inline TargetName parse_target_name(std::string_view name) {
    constexpr std::string_view suffix = "-parts";
    if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix)
        return {std::string(name.substr(0, name.size() - suffix.size())), true};
    return {std::string(name), false};
}

// The file name identify() is shown: the plugin's first extension, so name-based scores
// are exercised as they are for real files.
inline std::string file_name(std::string_view extensions) {
    return "fuzz-input" + std::string(extensions.substr(0, extensions.find(';')));
}

}  // namespace gapfinder::fuzz
