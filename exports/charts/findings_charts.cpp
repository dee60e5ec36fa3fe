#include "charts/findings_charts.hpp"

#include <algorithm>

#include "charts/format.hpp"

namespace gapfinder::charts {

std::string slug(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
        if (keep) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        else if (!out.empty() && out.back() != '-') out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

FindingsCharts::FindingsCharts(const Findings& findings, std::map<std::string, std::string> characteristic_labels)
    : findings_(findings), labels_(std::move(characteristic_labels)) {
    for (size_t i = 0; i < findings.questions.size(); ++i) {
        question_index_[findings.questions[i].id] = i;
        columns_.push_back({findings.questions[i].id, "Q" + std::to_string(i + 1), findings.questions[i].text});
    }
    for (const auto& r : findings.results)
        if (std::find(characteristics_.begin(), characteristics_.end(), r.characteristic) == characteristics_.end())
            characteristics_.push_back(r.characteristic);
    comparison_ = comparison_label(findings.settings);
}

std::string FindingsCharts::label_of(const std::string& characteristic) const {
    auto it = labels_.find(characteristic);
    if (it != labels_.end()) return it->second;
    std::string s = characteristic;
    std::replace(s.begin(), s.end(), '_', ' ');
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

std::string FindingsCharts::pair_label(const std::string& pair) const {
    const auto at = pair.find(" x ");
    if (at == std::string::npos) return label_of(pair);
    return label_of(pair.substr(0, at)) + " \u00D7 " + label_of(pair.substr(at + 3));
}

std::string FindingsCharts::short_question(const std::string& id) const {
    auto it = question_index_.find(id);
    return it == question_index_.end() ? id : columns_[it->second].short_label;
}

std::string FindingsCharts::question_text(const std::string& id) const {
    auto it = question_index_.find(id);
    return it == question_index_.end() ? id : findings_.questions[it->second].text;
}

std::vector<const GroupResult*> FindingsCharts::rows_of(const std::vector<GroupResult>& rows, const std::string& characteristic,
                                                        const std::string& question) {
    std::vector<const GroupResult*> out;
    for (const auto& r : rows)
        if (r.characteristic == characteristic && (question.empty() || r.question == question)) out.push_back(&r);
    return out;
}

std::vector<std::pair<std::string, std::string>> FindingsCharts::flagged_pairs(const std::vector<GroupResult>& rows) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& r : rows)
        if (r.flagged && !r.suppressed) {
            std::pair<std::string, std::string> p{r.question, r.characteristic};
            if (std::find(pairs.begin(), pairs.end(), p) == pairs.end()) pairs.push_back(p);
        }
    return pairs;
}

Heatmap FindingsCharts::heatmap(const std::string& characteristic) const {
    Heatmap map;
    map.id = "heatmap-" + slug(characteristic);
    map.title = "Gaps by " + label_of(characteristic) + " on each question";
    map.comparison = comparison_;
    map.min_base = findings_.settings.min_base;
    map.min_gap_pp = findings_.settings.gap_pp;
    map.columns = columns_;
    map.rows = rows_of(findings_.results, characteristic);
    return map;
}

BarChart FindingsCharts::bar_chart(const std::vector<GroupResult>& source, const std::string& question,
                                   const std::string& characteristic) const {
    BarChart chart;
    chart.id = "bars-" + slug(question + " " + characteristic);
    chart.title = short_question(question) + " " + question_text(question) + " By " + pair_label(characteristic) + ".";
    chart.comparison = comparison_;
    chart.confidence = fixed(100 * findings_.settings.confidence, 0) + "%";
    chart.rows = rows_of(source, characteristic, question);
    return chart;
}

}  // namespace gapfinder::charts
