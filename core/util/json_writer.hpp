// A streaming JSON writer for large documents: values are appended to one string as
// they come, numbers in their shortest round-trip form (std::to_chars), strings escaped
// by Poco. Building a Poco::JSON tree for an analysis with intersections (150,000 rows)
// took seconds and a gigabyte; this takes a fraction of a second. Parsing stays with
// Poco::JSON.
//
// Given a stream, the writer passes its text on whenever an object closes and a chunk
// has gathered, so a 100 MB document never sits in memory whole; finish() passes the
// rest.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace gapfinder {

class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}
    // Writes through `buffer` to `sink`; call finish() at the end.
    JsonWriter(std::string& buffer, std::ostream& sink) : out_(buffer), sink_(&sink) {}
    // Passes what is left to the sink (nothing without one).
    void finish();

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
    JsonWriter& value(double v);  // NaN and infinities are written as null
    JsonWriter& value(int64_t v);
    JsonWriter& value(uint64_t v);
    JsonWriter& value(int v) { return value(static_cast<int64_t>(v)); }
    JsonWriter& value(bool v);
    JsonWriter& null();

    // key(name).value(v), for brevity.
    template <typename T>
    JsonWriter& field(std::string_view name, const T& v) {
        return key(name).value(v);
    }
    // A string, or null when empty.
    JsonWriter& text_or_null(std::string_view name, const std::string& s);

private:
    void separate();
    void write_string(std::string_view s);
    template <typename T>
    JsonWriter& number(T v);
    void pass_on_if_full();
    std::string& out_;
    std::ostream* sink_ = nullptr;
    std::vector<bool> first_;  // per open container: no element written yet
    bool after_key_ = false;
};

}  // namespace gapfinder
