// The codebook (coding frame, core/text/codebook.hpp) as a sheet analysts can edit in
// Excel, and back: one row per theme with its id, label, keywords, phrases and
// exclusions, each list written "a; b; c". `gapfinder codebook export` writes it and
// `gapfinder codebook import` turns an edited sheet into the codebook's JSON, checked by
// the same parser as a JSON codebook, so that every error names the theme and the field.
#pragma once

#include <xlsxwriter.h>

#include <string>

#include "plugin_host/plugin_runner.hpp"
#include "text/codebook.hpp"

namespace gapfinder::coding {

inline constexpr const char* kCodebookSheet = "Codebook";
inline constexpr const char* kCodebookSchema = "gapfinder-codebook/1";

// The "Codebook" sheet, into a workbook being written (the codes workbook has one too).
void write_codebook_sheet(lxw_workbook* wb, const text::Codebook& codebook);

// A workbook of the codebook alone: the sheet, a README sheet and a Settings sheet.
void write_codebook_xlsx(const text::Codebook& codebook, const std::string& path);

// The codebook's JSON, laid out one theme to a few lines as analysts write it.
std::string codebook_to_json(const text::Codebook& codebook);

// Reads the "Codebook" sheet of an edited workbook (through the xlsx plugin) and gives
// the codebook's JSON. Throws InputError naming the file, sheet, row and column when a
// heading is not a theme's field; the JSON is then checked by parse_codebook, whose
// "theme N" is the N-th row of themes under the headings.
std::string codebook_json_from_workbook(const std::string& path, const PluginRunner& plugins);

}  // namespace gapfinder::coding
