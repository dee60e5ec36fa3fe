#include "ingest/dataset_builder.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

#include "util/errors.hpp"

namespace gapfinder {

namespace {

std::string_view view(const gf_str& s) { return {s.data ? s.data : "", s.data ? s.size : 0}; }

std::string shown(std::string_view value) {
    constexpr size_t kMax = 60;
    return "\"" + std::string(value.substr(0, kMax)) + (value.size() > kMax ? "..." : "") + "\"";
}

}  // namespace

// Codes the cells of one column. A file repeats a handful of distinct texts millions of
// times, so each text is matched through the definition once and then remembered:
// the per-cell cost is a short scan of exact byte strings.
class DatasetBuilder::Coder {
public:
    Coder(const Scale* scale, const Grouping* grouping) : scale_(scale), grouping_(grouping) {}

    // The code, or -1 when the text matches nothing.
    int code(std::string_view cell) {
        if (cell.empty()) return kBlank;
        // Coded files ("1".."9") hit this table: one load per cell.
        if (cell.size() == 1) {
            int16_t& c = single_byte_[static_cast<unsigned char>(cell[0])];
            if (c == kUnseen) c = static_cast<int16_t>(lookup(cell));
            return c;
        }
        for (const auto& [text, code] : seen_)
            if (text.size() == cell.size() && std::memcmp(text.data(), cell.data(), cell.size()) == 0) return code;
        const int c = lookup(cell);
        if (c >= 0 && seen_.size() < kRemembered) seen_.emplace_back(std::string(cell), static_cast<uint8_t>(c));
        return c;
    }
    std::string allowed() const { return scale_ ? scale_->allowed_labels() : grouping_->allowed_labels(); }

private:
    int lookup(std::string_view cell) const { return scale_ ? scale_->match(cell) : grouping_->match(cell); }

    static constexpr size_t kRemembered = 64;
    static constexpr int16_t kUnseen = -2;
    const Scale* scale_;
    const Grouping* grouping_;
    std::vector<std::pair<std::string, uint8_t>> seen_;
    std::array<int16_t, 256> single_byte_ = make_unseen();
    static std::array<int16_t, 256> make_unseen() {
        std::array<int16_t, 256> a;
        a.fill(kUnseen);
        return a;
    }
};

DatasetBuilder::DatasetBuilder(const SurveyDefinition& survey, std::string file_label, size_t max_problems)
    : survey_(survey), file_(std::move(file_label)), max_problems_(max_problems) {
    data_.answers.resize(survey.questions.size());
    data_.groupings.resize(survey.groupings.size());
}

DatasetBuilder::~DatasetBuilder() = default;

void DatasetBuilder::problem(uint64_t row, const std::string& column, const std::string& message) {
    if (problems_.size() >= max_problems_) return;
    located_.push_back({file_, row, column, message});
    problems_.push_back(locate(located_.back()));
}

bool DatasetBuilder::begin(uint64_t row, std::span<const gf_str> headings) {
    began_ = true;
    expected_cells_ = headings.size();
    // Headings compared as labels are (case and spacing aside). A heading may repeat (a
    // SurveyMonkey export repeats "... - Other (please specify)") as long as the
    // definition does not use it: only a column the definition names must be unique.
    std::unordered_map<std::string, std::vector<size_t>> by_name;
    for (size_t i = 0; i < headings.size(); ++i) {
        headings_.emplace_back(view(headings[i]));
        const std::string key = normalise_label(headings_.back());
        if (!key.empty()) by_name[key].push_back(i);
    }
    std::vector<std::string> missing;
    auto column_of = [&](const std::string& name) -> size_t {
        auto it = by_name.find(normalise_label(name));
        if (it == by_name.end()) {
            missing.push_back("\"" + name + "\"");
            return SIZE_MAX;
        }
        if (it->second.size() > 1) {
            std::string columns;
            for (size_t k = 0; k < it->second.size(); ++k)
                columns += (k == 0 ? "" : k + 1 == it->second.size() ? " and " : ", ") + std::to_string(it->second[k] + 1);
            problem(row, headings_[it->second.front()],
                    "the survey definition " + survey_.source + " uses this heading, which appears " +
                        std::to_string(it->second.size()) + " times (columns " + columns +
                        "), so which column it means cannot be told; rename the columns in the file, or give the definition "
                        "the heading the plugin reports for the one meant");
        }
        return it->second.front();
    };
    id_cell_ = column_of(survey_.respondent_id_column);
    if (!survey_.weight_column.empty()) weight_cell_ = column_of(survey_.weight_column);
    if (!survey_.strata_column.empty()) strata_cell_ = column_of(survey_.strata_column);
    if (!survey_.cluster_column.empty()) cluster_cell_ = column_of(survey_.cluster_column);
    for (size_t q = 0; q < survey_.questions.size(); ++q) {
        const size_t cell = column_of(survey_.questions[q].column);
        coders_.push_back(std::make_unique<Coder>(&survey_.questions[q].scale, nullptr));
        if (cell != SIZE_MAX) bindings_.push_back({cell, coders_.back().get(), &data_.answers[q]});
    }
    for (size_t g = 0; g < survey_.groupings.size(); ++g) {
        const size_t cell = column_of(survey_.groupings[g].column);
        coders_.push_back(std::make_unique<Coder>(nullptr, &survey_.groupings[g]));
        if (cell != SIZE_MAX) bindings_.push_back({cell, coders_.back().get(), &data_.groupings[g]});
    }
    if (!missing.empty()) {
        std::string list, found;
        for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
        for (const auto& h : headings_) found += (found.empty() ? "\"" : ", \"") + h + "\"";
        problem(row, "", "the survey definition " + survey_.source + " needs column(s) " + list +
                             " that the file does not have (its headings: " + found + ")");
    }
    return problems_.empty();
}

bool DatasetBuilder::row(uint64_t row, std::span<const gf_str> cells) {
    if (cells.size() != expected_cells_) {
        problem(row, "", "has " + std::to_string(cells.size()) + " cells but the heading row has " + std::to_string(expected_cells_));
        return problems_.size() < max_problems_;
    }
    bool ok = true;

    const std::string_view id = view(cells[id_cell_]);
    if (id.empty()) {
        problem(row, headings_[id_cell_], "the respondent id is blank");
        ok = false;
    } else if (std::memchr(id.data(), '\0', id.size())) {
        problem(row, headings_[id_cell_], "the respondent id contains a NUL character");
        ok = false;
    }
    double weight = 1.0;
    if (weight_cell_ != SIZE_MAX) {
        const std::string_view w = view(cells[weight_cell_]);
        const auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), weight);
        if (w.empty() || ec != std::errc() || end != w.data() + w.size() || !std::isfinite(weight) || weight < 0) {
            problem(row, headings_[weight_cell_], "the weight " + shown(w) + " is not a non-negative number");
            ok = false;
        }
    }
    // Every respondent was sampled in some stratum and cluster: a blank one cannot be
    // placed in the design, and guessing would change every variance.
    auto design_cell = [&](size_t cell, LabelColumn& column, const char* what) {
        if (cell == SIZE_MAX) return;
        const std::string_view value = view(cells[cell]);
        if (value.find_first_not_of(" \t") == std::string_view::npos) {
            problem(row, headings_[cell], std::string("the ") + what + " is blank; every respondent needs one for design-based variance");
            ok = false;
        } else if (std::memchr(value.data(), '\0', value.size())) {
            problem(row, headings_[cell], std::string("the ") + what + " contains a NUL character");
            ok = false;
        }
        column.push_back(value);
    };
    design_cell(strata_cell_, data_.strata, "stratum");
    design_cell(cluster_cell_, data_.clusters, "cluster");

    for (const Binding& b : bindings_) {
        const std::string_view cell = view(cells[b.cell]);
        const int code = b.coder->code(cell);
        if (code < 0) {
            problem(row, headings_[b.cell], shown(cell) + " is not an allowed answer; allowed: " + b.coder->allowed());
            ok = false;
            b.column->push_back(kBlank);
        } else {
            b.column->push_back(static_cast<uint8_t>(code));
        }
    }
    // Columns the file lacks were reported in begin(); keep every column the same length.
    data_.ids.push_back(ok ? id : std::string_view());
    source_rows_.push_back(row);
    if (weight_cell_ != SIZE_MAX) data_.weights.push_back(weight);
    if (on_progress && (data_.rows() & 0xFFF) == 0) on_progress(data_.rows());
    return problems_.size() < max_problems_;
}

// Sorting hashes finds repeated ids in a fraction of the time a hash set of a million
// strings takes to build; equal hashes are confirmed by comparing the ids themselves.
void DatasetBuilder::check_unique_ids() {
    const IdColumn& ids = data_.ids;
    std::vector<std::pair<uint64_t, uint32_t>> hashed(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) hashed[i] = {std::hash<std::string_view>{}(ids[i]), static_cast<uint32_t>(i)};
    std::sort(hashed.begin(), hashed.end());
    std::vector<std::pair<uint32_t, uint32_t>> repeats;  // (later index, first index)
    for (size_t i = 0; i < hashed.size();) {
        size_t j = i + 1;
        while (j < hashed.size() && hashed[j].first == hashed[i].first) ++j;
        for (size_t a = i + 1; a < j; ++a)
            for (size_t b = i; b < a; ++b)
                if (!ids[hashed[a].second].empty() && ids[hashed[a].second] == ids[hashed[b].second]) {
                    repeats.emplace_back(hashed[a].second, hashed[b].second);
                    break;
                }
        i = j;
    }
    std::sort(repeats.begin(), repeats.end());
    const std::string column = headings_.empty() ? survey_.respondent_id_column : headings_[id_cell_];
    for (const auto& [later, first] : repeats)
        problem(source_rows_[later], column, "respondent id " + shown(ids[later]) + " appears again (first on row " +
                                                 std::to_string(source_rows_[first]) + "); ids must be unique within a wave");
}

Dataset DatasetBuilder::finish() {
    if (problems_.empty()) check_unique_ids();
    if (!began_ && problems_.empty()) problem(0, "", "the file is empty: no heading row was found");
    if (problems_.empty() && data_.rows() == 0) problem(0, "", "the file has a heading row but no respondents");
    if (!problems_.empty()) throw_problems("");
    return std::move(data_);
}

void DatasetBuilder::fail(const std::string& reader_error) { throw_problems(reader_error); }

void DatasetBuilder::fail(const InputError& reader_error) {
    std::vector<Problem> reader_problems = reader_error.problems();
    if (reader_problems.empty()) reader_problems.push_back({file_, 0, "", reader_error.what()});
    throw_problems(reader_error.what(), reader_problems);
}

// One message for everything wrong with the file, in the order it was found; the
// reader's own error, when there is one, stopped the read and so comes last.
void DatasetBuilder::throw_problems(const std::string& reader_error, const std::vector<Problem>& reader_problems) const {
    const size_t count = problems_.size() + (reader_error.empty() ? 0 : 1);
    std::vector<Problem> located = located_;
    if (!reader_error.empty()) {
        if (reader_problems.empty()) located.push_back({file_, 0, "", reader_error});
        else located.insert(located.end(), reader_problems.begin(), reader_problems.end());
    }
    if (count == 1 && !reader_error.empty()) throw InputError(reader_error + "\nNothing was stored.", located);
    std::string message = std::to_string(count) + (problems_.size() >= max_problems_ ? "+" : "") + " problem(s) in " +
                          file_ + "; nothing was stored:";
    for (const auto& p : problems_) message += "\n  " + p;
    if (!reader_error.empty()) message += "\n  " + reader_error;
    throw InputError(message, located);
}

}  // namespace gapfinder
