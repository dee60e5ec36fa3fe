// The charts of one findings document, made the one way both the HTML report
// (report/report.cpp) and the web app (app/web/api_figures.cpp) show them: a heatmap of
// each characteristic's groups over the questions, and a bar chart of one question's
// groups for a characteristic or an intersection. Labels come from the survey
// definition's groupings, so both outputs name things alike.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "analysis/findings.hpp"
#include "charts/bar_chart.hpp"
#include "charts/heatmap.hpp"

namespace gapfinder::charts {

// An id for an element: lower-case letters, digits and '-' only.
std::string slug(const std::string& text);

class FindingsCharts {
public:
    // characteristic_labels: grouping id -> label ("disability" -> "Disability"). The
    // findings must outlive this object: charts point at its rows.
    FindingsCharts(const Findings& findings, std::map<std::string, std::string> characteristic_labels);

    // Characteristics with results, in findings order.
    const std::vector<std::string>& characteristics() const { return characteristics_; }
    // "Q1".. for each question, with its id and wording.
    const std::vector<HeatmapColumn>& columns() const { return columns_; }
    // What every group is compared with, in words.
    const std::string& comparison() const { return comparison_; }

    // "disability" -> its label, or "Sexual orientation" from "sexual_orientation".
    std::string label_of(const std::string& characteristic) const;
    // "sex x disability" -> "Sex × Disability"
    std::string pair_label(const std::string& pair) const;
    std::string short_question(const std::string& question_id) const;  // "Q3"
    std::string question_text(const std::string& question_id) const;

    // Rows of one characteristic (and one question, when given), in findings order.
    static std::vector<const GroupResult*> rows_of(const std::vector<GroupResult>& rows, const std::string& characteristic,
                                                   const std::string& question = "");
    // Each question x characteristic with a shown, flagged gap, once, in findings order.
    static std::vector<std::pair<std::string, std::string>> flagged_pairs(const std::vector<GroupResult>& rows);

    // The heatmap of a characteristic's groups over every question.
    Heatmap heatmap(const std::string& characteristic) const;
    // One question's groups of a characteristic; source is findings.results, or
    // findings.intersections for a pair such as "sex x disability".
    BarChart bar_chart(const std::vector<GroupResult>& source, const std::string& question,
                       const std::string& characteristic) const;

private:
    const Findings& findings_;
    std::map<std::string, std::string> labels_;
    std::map<std::string, size_t> question_index_;
    std::vector<HeatmapColumn> columns_;
    std::vector<std::string> characteristics_;
    std::string comparison_;
};

}  // namespace gapfinder::charts
