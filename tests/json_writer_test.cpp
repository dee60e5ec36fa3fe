// The streaming JSON writer: separators, escaping, numbers that round-trip, null for NaN.
#include "util/json_writer.hpp"

#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <charconv>
#include <cmath>

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

}  // namespace
}  // namespace gapfinder
