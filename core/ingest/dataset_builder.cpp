#include "ingest/dataset_builder.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <malloc.h>
#include <thread>

#include <spdlog/spdlog.h>

#include "util/errors.hpp"
#include "text/comment_themes.hpp"
#include "text/utf8.hpp"

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
    : survey_(survey), file_(std::move(file_label)), max_problems_(max_problems), main_(std::make_unique<Part>()) {}

DatasetBuilder::~DatasetBuilder() = default;

DatasetBuilder::Part DatasetBuilder::new_part() const {
    Part part;
    part.data.answers.resize(survey_.questions.size());
    part.data.groupings.resize(survey_.groupings.size());
    part.data.comments.resize(survey_.comments.size());
    for (const Binding& b : bindings_) part.coders.push_back(std::make_unique<Coder>(b.scale, b.grouping));
    return part;
}

void DatasetBuilder::problem(Part& part, uint64_t row, const std::string& column, const std::string& message) const {
    if (part.problems.size() < max_problems_) part.problems.push_back({file_, row, column, message});
}

bool DatasetBuilder::begin(uint64_t row, std::span<const gf_str> headings) {
    began_ = true;
    expected_cells_ = headings.size();
    Part& part = *main_;
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
            problem(part, row, headings_[it->second.front()],
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
        if (survey_.questions[q].from_comment()) continue;  // coded from the comments when a wave is loaded
        if (const size_t cell = column_of(survey_.questions[q].column); cell != SIZE_MAX)
            bindings_.push_back({cell, &survey_.questions[q].scale, nullptr, q});
    }
    for (size_t g = 0; g < survey_.groupings.size(); ++g)
        if (const size_t cell = column_of(survey_.groupings[g].column); cell != SIZE_MAX)
            bindings_.push_back({cell, nullptr, &survey_.groupings[g], g});
    for (size_t c = 0; c < survey_.comments.size(); ++c)
        if (const size_t cell = column_of(survey_.comments[c].column); cell != SIZE_MAX) comment_cells_.emplace_back(cell, c);
    if (!missing.empty()) {
        std::string list, found;
        for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
        for (const auto& h : headings_) found += (found.empty() ? "\"" : ", \"") + h + "\"";
        problem(part, row, "", "the survey definition " + survey_.source + " needs column(s) " + list +
                                   " that the file does not have (its headings: " + found + ")");
    }
    Part coded = new_part();
    coded.problems = std::move(part.problems);
    *main_ = std::move(coded);
    return main_->problems.empty();
}

bool DatasetBuilder::row(uint64_t row, std::span<const gf_str> cells) {
    const bool go_on = code_row(*main_, row, cells);
    if (on_progress && (main_->data.rows() & 0xFFF) == 0) on_progress(main_->data.rows());
    return go_on;
}

unsigned DatasetBuilder::batch_threads() const { return std::max(1u, std::thread::hardware_concurrency()); }

bool DatasetBuilder::rows(uint64_t batch, std::span<const uint64_t> row_numbers, std::span<const gf_str> cells,
                          size_t columns) {
    Part part = new_part();
    bool go_on = true;
    for (size_t r = 0; r < row_numbers.size() && go_on; ++r)
        go_on = code_row(part, row_numbers[r], cells.subspan(r * columns, columns));
    std::lock_guard lock(batches_mutex_);
    batched_rows_ += part.data.rows();
    batches_.emplace(batch, std::move(part));
    if (on_progress && batched_rows_ - last_progress_ >= 0x1000) {
        last_progress_ = batched_rows_;
        on_progress(batched_rows_);
    }
    return go_on;
}

bool DatasetBuilder::code_row(Part& part, uint64_t row, std::span<const gf_str> cells) const {
    if (cells.size() != expected_cells_) {
        problem(part, row, "", "has " + std::to_string(cells.size()) + " cells but the heading row has " + std::to_string(expected_cells_));
        return part.problems.size() < max_problems_;
    }
    bool ok = true;
    Dataset& data = part.data;

    const std::string_view id = view(cells[id_cell_]);
    if (id.empty()) {
        problem(part, row, headings_[id_cell_], "the respondent id is blank");
        ok = false;
    } else if (std::memchr(id.data(), '\0', id.size())) {
        problem(part, row, headings_[id_cell_], "the respondent id contains a NUL character");
        ok = false;
    }
    double weight = 1.0;
    if (weight_cell_ != SIZE_MAX) {
        const std::string_view w = view(cells[weight_cell_]);
        const auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), weight);
        if (w.empty() || ec != std::errc() || end != w.data() + w.size() || !std::isfinite(weight) || weight < 0) {
            problem(part, row, headings_[weight_cell_], "the weight " + shown(w) + " is not a non-negative number");
            ok = false;
        }
    }
    // Every respondent was sampled in some stratum and cluster: a blank one cannot be
    // placed in the design, and guessing would change every variance.
    auto design_cell = [&](size_t cell, LabelColumn& column, const char* what) {
        if (cell == SIZE_MAX) return;
        const std::string_view value = view(cells[cell]);
        if (value.find_first_not_of(" \t") == std::string_view::npos) {
            problem(part, row, headings_[cell], std::string("the ") + what + " is blank; every respondent needs one for design-based variance");
            ok = false;
        } else if (std::memchr(value.data(), '\0', value.size())) {
            problem(part, row, headings_[cell], std::string("the ") + what + " contains a NUL character");
            ok = false;
        }
        column.push_back(value);
    };
    design_cell(strata_cell_, data.strata, "stratum");
    design_cell(cluster_cell_, data.clusters, "cluster");

    for (size_t k = 0; k < bindings_.size(); ++k) {
        const Binding& b = bindings_[k];
        Coder& coder = *part.coders[k];
        std::vector<uint8_t>& column = b.scale ? data.answers[b.index] : data.groupings[b.index];
        const std::string_view cell = view(cells[b.cell]);
        const int code = coder.code(cell);
        if (code < 0) {
            problem(part, row, headings_[b.cell], shown(cell) + " is not an allowed answer; allowed: " + coder.allowed());
            ok = false;
            column.push_back(kBlank);
        } else {
            column.push_back(static_cast<uint8_t>(code));
        }
    }
    // Comments are kept as written; only whitespace alone is "no comment".
    for (const auto& [cell, c] : comment_cells_) {
        std::string_view comment = view(cells[cell]);
        if (comment.find_first_not_of(" \t\r\n") == std::string_view::npos) comment = {};
        if (const size_t valid = text::valid_utf8_prefix(comment); valid < comment.size()) {
            problem(part, row, headings_[cell],
                    "byte " + std::to_string(valid + 1) + " of the comment is not UTF-8 text; save the file as UTF-8");
            ok = false;
            comment = {};
        }
        if (comment.size() > kMaxCommentBytes) {
            comment = text::cut_utf8(comment, kMaxCommentBytes);
            part.cut_comments.emplace_back(row, c);
        }
        data.comments[c].push_back(comment);
    }
    // Columns the file lacks were reported in begin(); keep every column the same length.
    data.ids.push_back(ok ? id : std::string_view());
    part.source_rows.push_back(row);
    if (weight_cell_ != SIZE_MAX) data.weights.push_back(weight);
    return part.problems.size() < max_problems_;
}

// Appends the batches to main_ in file order, one batch at a time, and lets each go once
// taken. The joined columns are reserved first, which costs address space but no memory
// until written, and the heap's freed pages are handed back every few batches: so the
// dataset is never held twice (it was, 54 MB more at 1M rows, when columns were joined
// one after another).
void DatasetBuilder::join_batches() {
    if (batches_.empty()) return;
    Dataset& data = main_->data;
    size_t rows = data.rows(), id_bytes = data.ids.text().size();
    for (const auto& [key, part] : batches_) {
        rows += part.data.rows();
        id_bytes += part.data.ids.text().size();
    }
    for (auto& column : data.answers) column.reserve(rows);
    for (auto& column : data.groupings) column.reserve(rows);
    if (weight_cell_ != SIZE_MAX) data.weights.reserve(rows);
    data.ids.reserve(rows, id_bytes);
    main_->source_rows.reserve(rows);
    auto append = [](auto& into, const auto& from) { into.insert(into.end(), from.begin(), from.end()); };
    size_t joined = 0;
    for (auto it = batches_.begin(); it != batches_.end(); it = batches_.erase(it)) {
        Part& part = it->second;
        for (size_t q = 0; q < data.answers.size(); ++q) append(data.answers[q], part.data.answers[q]);
        for (size_t g = 0; g < data.groupings.size(); ++g) append(data.groupings[g], part.data.groupings[g]);
        append(data.weights, part.data.weights);
        data.ids.append(part.data.ids);
        data.strata.append(part.data.strata);
        data.clusters.append(part.data.clusters);
        append(main_->source_rows, part.source_rows);
        for (size_t c = 0; c < data.comments.size(); ++c) data.comments[c].append(part.data.comments[c]);
        append(main_->cut_comments, part.cut_comments);
        for (const Problem& p : part.problems) problem(*main_, p.row, p.column, p.message);
        if (++joined % 32 == 0) malloc_trim(0);
    }
    malloc_trim(0);
}

// Sorting hashes finds repeated ids in a fraction of the time a hash set of a million
// strings takes to build; equal hashes are confirmed by comparing the ids themselves.
void DatasetBuilder::check_unique_ids() {
    const IdColumn& ids = main_->data.ids;
    const std::vector<uint64_t>& source_rows = main_->source_rows;
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
        problem(*main_, source_rows[later], column,
                "respondent id " + shown(ids[later]) + " appears again (first on row " + std::to_string(source_rows[first]) +
                    "); ids must be unique within a wave");
}

Dataset DatasetBuilder::finish() {
    join_batches();
    std::vector<Problem>& problems = main_->problems;
    if (problems.empty()) check_unique_ids();
    if (!began_ && problems.empty()) problem(*main_, 0, "", "the file is empty: no heading row was found");
    if (problems.empty() && main_->data.rows() == 0) problem(*main_, 0, "", "the file has a heading row but no respondents");
    if (!problems.empty()) throw_problems("");
    warn_cut_comments();
    text::code_comment_themes(survey_, main_->data);  // so that a dataset read but not stored has its themes too
    return std::move(main_->data);
}

// One warning per comment column, naming the first rows whose comments were cut.
void DatasetBuilder::warn_cut_comments() const {
    constexpr size_t kRowsNamed = 10;
    for (size_t c = 0; c < survey_.comments.size(); ++c) {
        std::string rows;
        size_t count = 0;
        for (const auto& [row, comment] : main_->cut_comments)
            if (comment == c && ++count <= kRowsNamed) rows += (rows.empty() ? "" : ", ") + std::to_string(row);
        if (count == 0) continue;
        spdlog::warn("{}: {} comment(s) in column \"{}\" were longer than {} KiB and were cut to that (row(s) {}{})", file_,
                     count, survey_.comments[c].column, kMaxCommentBytes / 1024, rows,
                     count > kRowsNamed ? " and " + std::to_string(count - kRowsNamed) + " more" : "");
    }
}

void DatasetBuilder::fail(const std::string& reader_error) { throw_problems(reader_error); }

void DatasetBuilder::fail(const InputError& reader_error) {
    std::vector<Problem> reader_problems = reader_error.problems();
    if (reader_problems.empty()) reader_problems.push_back({file_, 0, "", reader_error.what()});
    throw_problems(reader_error.what(), reader_problems);
}

// One message for everything wrong with the file, in the order it was found; the
// reader's own error, when there is one, stopped the read and so comes last. A reader
// that parsed ahead on other threads may have given rows after the one it stopped on:
// a read from the top would never have reached them, so their problems are not listed.
void DatasetBuilder::throw_problems(const std::string& reader_error, const std::vector<Problem>& reader_problems) {
    join_batches();
    std::vector<Problem> located = main_->problems;
    const uint64_t stopped_at = reader_problems.empty() || reader_problems.front().row == 0 ? UINT64_MAX : reader_problems.front().row;
    std::erase_if(located, [&](const Problem& p) { return p.row >= stopped_at; });
    const size_t found = located.size();
    const size_t count = found + (reader_error.empty() ? 0 : 1);
    if (!reader_error.empty()) {
        if (reader_problems.empty()) located.push_back({file_, 0, "", reader_error});
        else located.insert(located.end(), reader_problems.begin(), reader_problems.end());
    }
    if (count == 1 && !reader_error.empty()) throw InputError(reader_error + "\nNothing was stored.", located);
    std::string message = std::to_string(count) + (found >= max_problems_ ? "+" : "") + " problem(s) in " + file_ +
                          "; nothing was stored:";
    for (size_t i = 0; i < found; ++i) message += "\n  " + locate(located[i]);
    if (!reader_error.empty()) message += "\n  " + reader_error;
    throw InputError(message, located);
}

}  // namespace gapfinder
