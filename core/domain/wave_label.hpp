// The one rule for a wave's label, checked by the store before it writes anything.
// A label travels far: into web addresses (/api/surveys/{id}/waves/{label}/...),
// download names, every export's cells and the audit log. Kept to a few safe
// characters, it cannot start a spreadsheet formula, carry markup or a path, or hide
// behind a control character; every label in use ("2024", "2025 spring", "2025-10")
// fits.
#pragma once

#include <string>

namespace gapfinder {

constexpr size_t kMaxWaveLabelLength = 40;

// Throws InputError naming the label and the rule when the label breaks it: 1 to 40
// characters from A-Z a-z 0-9 space . _ -, not starting or ending with a space.
void check_wave_label(const std::string& label);

}  // namespace gapfinder
