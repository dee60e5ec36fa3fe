// The columns and sections of each layout, shared by every tabular writer (XLSX, CSV,
// Markdown, HTML) and by the reader, which maps an edited sheet's headings back to
// fields through the same names.
//
//   harrow: Action | Directorate / Lead | Target Date | How will we measure our success
//           | Age ... Socio-economic (X) ; one section per objective
//   eflg:   Ref | Commitments | Responsible Officer | Action required | Outcome |
//           Target/Date | [Cross-ref to Partner authority] | X ... ; one section per EFLG area
//   simple: Objective | Theme | Action | Lead | Target date | How will we measure our
//           success | X ... ; one flat table
// then, in a tracked plan, Status and Progress; then the machine-readable baseline.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "action_plan/plan.hpp"

namespace gapfinder::plan {

enum class ColumnKind { text, mark, number, machine_text, machine_number };

struct Column {
    std::string key;      // field: "action", "lead", "x:disability", "baseline_gap_pp" ...
    std::string heading;  // as written in the sheet
    double width = 12;    // Excel character widths
    ColumnKind kind = ColumnKind::text;
    bool machine() const { return kind == ColumnKind::machine_text || kind == ColumnKind::machine_number; }
};

struct Section {
    std::string title;  // the objective, or "3. Community engagement and satisfaction"; empty: no title
    std::vector<const Row*> rows;
    std::vector<std::string> refs;  // EFLG: "3.1", "3.2" ...; else empty strings
};

struct TableView {
    std::vector<Column> columns;
    std::string section_heading;  // "Objective", "EFLG area", or "" for the simple layout
    std::vector<Section> sections;
    std::vector<MatrixColumn> matrix;
};

// machine: include the machine-readable columns (CSV, XLSX); otherwise one readable
// "Baseline" column takes their place (Markdown, HTML).
TableView table_view(const ActionPlan& plan, bool machine);

// A cell's text (numbers as the shortest text that reads back exactly, for machine
// columns) and, for number columns, its value.
struct Cell {
    std::string text;
    bool is_number = false;
    double number = 0;
};
Cell cell(const ActionPlan& plan, const Row& row, const std::string& ref, const Column& column);

// The human-readable wording of a tracked row's progress.
std::string progress_text(const ActionPlan& plan, const Row& row);

// "3. Community engagement and satisfaction"; the area id from such a title or from the
// label alone, or "" when it names none.
std::string eflg_title(const std::string& area_id);
std::string eflg_area_from_title(const std::string& title);

// The title of a plan ("Single Equality Scheme action plan ...").
std::string plan_title(const ActionPlan& plan);
std::string plan_subtitle(const ActionPlan& plan);

// What the workbook shows in a blank Lead (Directorate / Lead, Responsible Officer)
// cell, highlighted, for the council to replace; the reader takes it as no lead, so a
// blank lead reads back blank (docs/action-plans.md). Compared ignoring case and the
// spaces around it.
inline constexpr std::string_view kLeadPlaceholder = "To be assigned";
bool is_lead_placeholder(std::string_view text);

// A number to 15 significant digits (Excel's precision), shortest form; "" for NaN.
std::string number_text(double v);

}  // namespace gapfinder::plan
