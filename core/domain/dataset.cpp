#include "domain/dataset.hpp"


namespace gapfinder {

void IdColumn::append(const IdColumn& other) {
    const uint64_t base = text_.size();
    text_ += other.text_;
    offsets_.reserve(offsets_.size() + other.size());
    for (size_t i = 1; i < other.offsets_.size(); ++i) offsets_.push_back(base + other.offsets_[i]);
}

IdColumn IdColumn::from_packed(std::string text, std::vector<uint64_t> offsets) {
    IdColumn c;
    c.text_ = std::move(text);
    c.offsets_ = std::move(offsets);
    if (c.offsets_.empty()) c.offsets_.push_back(0);
    return c;
}

uint32_t LabelColumn::code_of(std::string_view label) {
    if (index_.size() != labels.size()) {  // labels set directly (as the store does)
        index_.clear();
        for (size_t i = 0; i < labels.size(); ++i) index_.emplace(labels[i], static_cast<uint32_t>(i));
    }
    const auto [it, fresh] = index_.try_emplace(std::string(label), static_cast<uint32_t>(labels.size()));
    if (fresh) labels.emplace_back(label);
    return it->second;
}

void LabelColumn::push_back(std::string_view label) { codes.push_back(code_of(label)); }

void LabelColumn::append(const LabelColumn& other) {
    std::vector<uint32_t> mapped(other.labels.size());
    for (size_t i = 0; i < other.labels.size(); ++i) mapped[i] = code_of(other.labels[i]);
    codes.reserve(codes.size() + other.codes.size());
    for (uint32_t c : other.codes) codes.push_back(mapped[c]);
}

void Dataset::append(const Dataset& other) {
    const size_t before = rows();
    ids.append(other.ids);
    auto append_columns = [](auto& mine, const auto& theirs) {
        for (size_t c = 0; c < mine.size() && c < theirs.size(); ++c)
            mine[c].insert(mine[c].end(), theirs[c].begin(), theirs[c].end());
    };
    append_columns(answers, other.answers);
    append_columns(groupings, other.groupings);
    for (size_t c = 0; c < comments.size() && c < other.comments.size(); ++c) comments[c].append(other.comments[c]);
    // Record keys are drawn for a whole wave once it is loaded; parts have none.
    record_keys.clear();
    if (!weights.empty() || !other.weights.empty()) {
        weights.resize(before, 1.0);
        if (other.weights.empty()) weights.resize(rows(), 1.0);
        else weights.insert(weights.end(), other.weights.begin(), other.weights.end());
    }
    strata.append(other.strata);
    clusters.append(other.clusters);
}

size_t Dataset::memory_bytes() const {
    size_t bytes = ids.text().capacity() + ids.offsets().capacity() * sizeof(uint64_t) + weights.capacity() * sizeof(double);
    for (const auto& c : answers) bytes += c.capacity();
    for (const auto& c : groupings) bytes += c.capacity();
    bytes += (strata.codes.capacity() + clusters.codes.capacity()) * sizeof(uint32_t);
    for (const auto& c : comments) bytes += c.text().capacity() + c.offsets().capacity() * sizeof(uint64_t);
    return bytes;
}

}  // namespace gapfinder
