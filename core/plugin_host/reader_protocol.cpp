#include "plugin_host/reader_protocol.hpp"

#include <stdexcept>

namespace gapfinder::reader_protocol {

namespace {

template <typename T>
void put(std::string& out, T v) {
    char bytes[sizeof(T)];
    for (size_t i = 0; i < sizeof(T); ++i) bytes[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
    out.append(bytes, sizeof(T));
}

template <typename T>
T get(std::string_view bytes) {
    T v = 0;
    for (size_t i = 0; i < sizeof(T); ++i) v |= static_cast<T>(static_cast<unsigned char>(bytes[i])) << (8 * i);
    return v;
}

}  // namespace

FrameWriter::FrameWriter(std::string& out, Kind kind) : out_(out), start_(out.size()) {
    out_.push_back(static_cast<char>(kind));
    out_.append(4, '\0');
}

FrameWriter& FrameWriter::u32(uint32_t v) {
    put(out_, v);
    return *this;
}

FrameWriter& FrameWriter::u64(uint64_t v) {
    put(out_, v);
    return *this;
}

FrameWriter& FrameWriter::count(uint64_t n) {
    while (n >= 0x80) {
        out_.push_back(static_cast<char>((n & 0x7F) | 0x80));
        n >>= 7;
    }
    out_.push_back(static_cast<char>(n));
    return *this;
}

FrameWriter& FrameWriter::text(std::string_view s) {
    count(s.size());
    out_.append(s);
    return *this;
}

FrameWriter& FrameWriter::strings(std::span<const gf_str> list) {
    count(list.size());
    for (const gf_str& s : list) text(s.data ? std::string_view(s.data, s.size) : std::string_view());
    return *this;
}

void FrameWriter::end() {
    const auto length = static_cast<uint32_t>(out_.size() - start_ - 5);
    for (size_t i = 0; i < 4; ++i) out_[start_ + 1 + i] = static_cast<char>((length >> (8 * i)) & 0xFF);
}

std::string_view FrameReader::take(size_t n) {
    if (n > rest_.size()) throw std::runtime_error("reader process: a frame ends early");
    const std::string_view out = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return out;
}

uint32_t FrameReader::u32() { return get<uint32_t>(take(4)); }
uint64_t FrameReader::u64() { return get<uint64_t>(take(8)); }
uint64_t FrameReader::count() {
    uint64_t n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        const auto byte = static_cast<unsigned char>(take(1)[0]);
        n |= static_cast<uint64_t>(byte & 0x7F) << shift;
        if (!(byte & 0x80)) return n;
    }
    throw std::runtime_error("reader process: a count runs on");
}

std::string_view FrameReader::text() { return take(count()); }

void FrameReader::strings(std::vector<gf_str>& out) {
    const uint64_t n = count();
    // Each string takes at least its 1-byte length: a count beyond that is a lie.
    if (n > rest_.size()) throw std::runtime_error("reader process: a frame ends early");
    out.clear();
    out.reserve(n);
    for (uint64_t i = 0; i < n; ++i) {
        const std::string_view s = text();
        out.push_back({s.data(), s.size()});
    }
}

}  // namespace gapfinder::reader_protocol
