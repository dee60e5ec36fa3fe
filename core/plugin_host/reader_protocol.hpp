// The frames a reader process (reader_main.hpp) sends its parent (reader_process.hpp)
// down a pipe. Both ends are built from one source tree, so the format is private and
// unversioned: a kind byte, a 4-byte payload length, the payload. Integers are
// little-endian; a string is its length as a varint (LEB128: 7 bits a byte, low first)
// and its bytes, and a count is a varint too. Survey cells are short (a code, a label),
// so a varint keeps the pipe to little more than the cells themselves: fixed 4-byte
// lengths made it 4.5 times their size on a 1,000,000-row file.
//
//   'C'  identify: plugin id, confidence (i32); one frame per plugin, highest first
//   'H'  headings: row (u64), count, the headings
//   'R'  a row: row (u64), count, the cells
//   'E'  bad input: message, problem count, each problem's file, row (u64),
//        column and message
//   'F'  the plugin failed otherwise (broke its contract, an internal error): message
//   'D'  done: nothing more follows
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <gapfinder/plugin_api.h>

namespace gapfinder::reader_protocol {

enum Kind : char {
    kConfidence = 'C',
    kHeadings = 'H',
    kRow = 'R',
    kInputError = 'E',
    kFailure = 'F',
    kDone = 'D',
};

// A frame's payload is never larger than this: the parent refuses a longer one rather
// than allocate what a misbehaving child claims. The sinks bound cells and columns far
// below it.
constexpr uint32_t kMaxPayload = 1u << 30;

// Appends one frame to out (which may hold frames already): construct, add the fields,
// then end().
class FrameWriter {
public:
    FrameWriter(std::string& out, Kind kind);
    FrameWriter& u32(uint32_t v);
    FrameWriter& u64(uint64_t v);
    FrameWriter& i32(int32_t v) { return u32(static_cast<uint32_t>(v)); }
    FrameWriter& count(uint64_t n);
    FrameWriter& text(std::string_view s);
    FrameWriter& strings(std::span<const gf_str> list);
    // Fills in the frame's length.
    void end();

private:
    std::string& out_;
    size_t start_;
};

// Reads a payload; every read checks it stays inside, so a short frame throws
// std::runtime_error instead of reading past its end.
class FrameReader {
public:
    explicit FrameReader(std::string_view payload) : rest_(payload) {}
    uint32_t u32();
    uint64_t u64();
    int32_t i32() { return static_cast<int32_t>(u32()); }
    uint64_t count();
    std::string_view text();
    // Strings that view the payload, in the gf_str form sinks take.
    void strings(std::vector<gf_str>& out);

private:
    std::string_view take(size_t n);
    std::string_view rest_;
};

}  // namespace gapfinder::reader_protocol
