#include "util/json_writer.hpp"

#include <Poco/JSONString.h>

#include <charconv>
#include <cmath>

namespace gapfinder {

void JsonWriter::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!first_.empty()) {
        if (!first_.back()) out_ += ',';
        first_.back() = false;
    }
}

JsonWriter& JsonWriter::begin_object() {
    separate();
    out_ += '{';
    first_.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    out_ += '}';
    first_.pop_back();
    pass_on_if_full();
    return *this;
}

void JsonWriter::pass_on_if_full() {
    constexpr size_t kChunk = 256 * 1024;
    if (sink_ && out_.size() >= kChunk) {
        sink_->write(out_.data(), static_cast<std::streamsize>(out_.size()));
        out_.clear();
    }
}

void JsonWriter::finish() {
    if (!sink_) return;
    sink_->write(out_.data(), static_cast<std::streamsize>(out_.size()));
    out_.clear();
}

JsonWriter& JsonWriter::begin_array() {
    separate();
    out_ += '[';
    first_.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    out_ += ']';
    first_.pop_back();
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    separate();
    write_string(name);
    out_ += ':';
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
    separate();
    write_string(s);
    return *this;
}

void JsonWriter::write_string(std::string_view s) {
    bool plain = true;
    for (unsigned char c : s)
        if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) plain = false;
    if (plain) {
        out_ += '"';
        out_ += s;
        out_ += '"';
    } else {
        // Poco escapes control characters and quotes; UTF-8 passes through as it is.
        out_ += Poco::toJSON(std::string(s), Poco::JSON_WRAP_STRINGS);
    }
}

JsonWriter& JsonWriter::value(double v) {
    if (!std::isfinite(v)) return null();
    return number(v);
}

JsonWriter& JsonWriter::value(int64_t v) { return number(v); }
JsonWriter& JsonWriter::value(uint64_t v) { return number(v); }

// Shortest text that reads back as the same value (std::to_chars).
template <typename T>
JsonWriter& JsonWriter::number(T v) {
    separate();
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
    return *this;
}

JsonWriter& JsonWriter::value(bool v) {
    separate();
    out_ += v ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null() {
    separate();
    out_ += "null";
    return *this;
}

JsonWriter& JsonWriter::text_or_null(std::string_view name, const std::string& s) {
    key(name);
    return s.empty() ? null() : value(s);
}

}  // namespace gapfinder
