// The streaming JSON writer: separators, escaping, numbers that round-trip, null for NaN.
#include "util/json_writer.hpp"

#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <charconv>
#include <cmath>
#include <sstream>

namespace gapfinder {
namespace {

TEST(JsonWriter, WritesNestedDocumentsThatPocoParsesBack) {
    std::string out;
    JsonWriter j(out);
    j.begin_object().field("a", 1).field("b", "x\"y\\z\n\xC3\xA9").key("c").begin_array();
    j.value(0.1).value(std::nan("")).value(1e-310).value(true).null();
    j.begin_object().end_object().end_array().text_or_null("d", "").field("e", static_cast<uint64_t>(1) << 60).end_object();
    EXPECT_EQ(out, "{\"a\":1,\"b\":\"x\\\"y\\\\z\\n\xC3\xA9\",\"c\":[0.1,null,1e-310,true,null,{}],\"d\":null,\"e\":1152921504606846976}");
    Poco::JSON::Parser parser;
    const auto o = parser.parse(out).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(o->getValue<std::string>("b"), "x\"y\\z\n\xC3\xA9");
    EXPECT_EQ(o->getArray("c")->getElement<double>(0), 0.1);
}

TEST(JsonWriter, NumbersRoundTripExactly) {
    for (double v : {2.0 / 3, 1.0 / 7, 123456789.123456789, 5e-324, 1.7976931348623157e308, -0.0625}) {
        std::string out;
        JsonWriter(out).value(v);
        double back = 0;
        std::from_chars(out.data(), out.data() + out.size(), back);  // stod refuses denormals
        EXPECT_EQ(back, v) << out;
    }
}

// A document written to a stream is the document written to a string, byte for byte,
// however many chunks it passes through, and the writer's own buffer stays small.
TEST(JsonWriter, AStreamGetsTheSameDocumentInChunks) {
    auto write = [](JsonWriter& j) {
        j.begin_object().key("rows").begin_array();
        for (int i = 0; i < 20000; ++i)
            j.begin_object().field("i", i).field("text", "row \"" + std::to_string(i) + "\"").field("x", i / 3.0).end_object();
        j.end_array().end_object();
    };
    std::string whole;
    JsonWriter to_string(whole);
    write(to_string);
    std::ostringstream stream;
    std::string buffer;
    JsonWriter to_stream(buffer, stream);
    write(to_stream);
    EXPECT_LT(buffer.size(), whole.size());  // some was passed on before the end
    to_stream.finish();
    EXPECT_TRUE(buffer.empty());
    EXPECT_GT(whole.size(), 2u * 256 * 1024);  // more than two chunks
    EXPECT_EQ(stream.str(), whole);
}

}  // namespace
}  // namespace gapfinder
