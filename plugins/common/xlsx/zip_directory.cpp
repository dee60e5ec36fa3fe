// Shared xlsx reading: the zip archive's directory, checked before Poco reads it (see
// zip_directory.hpp). Record layouts: PKWARE's APPNOTE.TXT 6.3.9, section 4.3.
#include "zip_directory.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string_view>

#include "errors.hpp"

namespace gapfinder::xlsx {

namespace {

constexpr uint64_t kLocalHeaderSize = 30, kDirectoryEntrySize = 46, kEndRecordSize = 22, kMaxCommentSize = 0xFFFF;
constexpr uint64_t kZip64LocatorSize = 20, kZip64EndRecordSize = 56;
constexpr uint32_t kSaturated16 = 0xFFFF, kSaturated32 = 0xFFFFFFFF;
constexpr uint16_t kZip64ExtraId = 0x0001;

uint16_t u16(const unsigned char* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t u32(const unsigned char* p) { return uint32_t{u16(p)} | (uint32_t{u16(p + 2)} << 16); }
uint64_t u64(const unsigned char* p) { return uint64_t{u32(p)} | (uint64_t{u32(p + 4)} << 32); }
bool is_signature(const unsigned char* p, const char* signature) { return std::memcmp(p, signature, 4) == 0; }

[[noreturn]] void damaged(const std::string& what) { throw input_error("the file is damaged: " + what); }

[[noreturn]] void no_end_record() {
    throw input_error("the file is truncated or damaged: the zip archive has no directory at its end "
                      "(was it copied or downloaded completely?)");
}

std::string byte(uint64_t offset) { return "byte " + std::to_string(offset); }
std::string bytes(uint64_t count) { return std::to_string(count) + (count == 1 ? " byte" : " bytes"); }

// An entry's name for a message: printable ASCII as it is, anything else as '?', since a
// message must be UTF-8 and a zip's names need not be.
std::string shown(std::string_view name) {
    std::string out = "\"";
    for (size_t i = 0; i < name.size() && i < 100; ++i) out += name[i] >= 0x20 && name[i] < 0x7F ? name[i] : '?';
    return out + (name.size() > 100 ? "...\"" : "\"");
}

class File {
public:
    File(std::istream& in, uint64_t size) : in_(in), size_(size) {}
    uint64_t size() const { return size_; }
    std::string end() const { return "the end of the file (" + bytes(size_) + ")"; }

    // n bytes at offset; the caller has checked that they lie within the file.
    std::vector<unsigned char> read(uint64_t offset, uint64_t n) {
        std::vector<unsigned char> out(static_cast<size_t>(n));
        in_.clear();
        in_.seekg(static_cast<std::streamoff>(offset));
        in_.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(n));
        if (!in_ || static_cast<uint64_t>(in_.gcount()) != n)
            throw Error(GF_ERR_IO, 0, "", "cannot read the file at " + byte(offset) + " (was it changed while being read?)");
        return out;
    }

private:
    std::istream& in_;
    uint64_t size_;
};

// What a directory entry's ZIP64 extra field (header id 0x0001, APPNOTE 4.5.3) gives: an
// 8-byte uncompressed size, compressed size and local header offset, in that order, each
// only where the entry's own field holds 0xFFFFFFFF. A field too short for what it must
// hold leaves that value missing; one that runs past the extra data is refused.
struct Zip64Values {
    std::optional<uint64_t> uncompressed, compressed, offset;
};

bool read_zip64_extra(const unsigned char* extra, uint64_t length, uint32_t uncompressed, uint32_t compressed, uint32_t offset,
                      Zip64Values& out) {
    uint64_t p = 0;
    while (p + 4 <= length) {
        const uint16_t id = u16(extra + p);
        const uint64_t size = u16(extra + p + 2);
        p += 4;
        if (size > length - p) return false;
        if (id == kZip64ExtraId) {
            uint64_t q = p;
            const auto take = [&](std::optional<uint64_t>& value) {
                if (q + 8 > p + size) return;
                value = u64(extra + q);
                q += 8;
            };
            if (uncompressed == kSaturated32) take(out.uncompressed);
            if (compressed == kSaturated32) take(out.compressed);
            if (offset == kSaturated32) take(out.offset);
        }
        p += size;
    }
    return true;
}

// The 32-bit value, or the ZIP64 one when the header saturates it; nothing when the ZIP64
// value it needs is missing.
std::optional<uint64_t> resolved(uint32_t value, const std::optional<uint64_t>& zip64) {
    if (value != kSaturated32) return value;
    return zip64;
}

}  // namespace

std::vector<ZipEntry> read_zip_directory(std::istream& in, uint64_t size) {
    File file(in, size);

    // The end record: 22 bytes and a comment of up to 64 KiB, ending the file.
    if (size < kEndRecordSize) no_end_record();
    const uint64_t tail_at = size - std::min(size, kEndRecordSize + kMaxCommentSize);
    const std::vector<unsigned char> tail = file.read(tail_at, size - tail_at);
    std::optional<uint64_t> end_at, signature_at;
    for (uint64_t i = tail.size() - kEndRecordSize + 1; i-- > 0 && !end_at;) {
        if (!is_signature(&tail[i], "PK\x05\x06")) continue;
        if (!signature_at) signature_at = i;
        if (i + kEndRecordSize + u16(&tail[i + 20]) == tail.size()) end_at = tail_at + i;
    }
    if (!end_at) {
        // The last signature, if any, with its comment running past the end (cut short) or
        // stopping before it (something appended, which Poco would search for records).
        if (!signature_at || *signature_at + kEndRecordSize + u16(&tail[*signature_at + 20]) > tail.size()) no_end_record();
        damaged(bytes(tail.size() - *signature_at - kEndRecordSize - u16(&tail[*signature_at + 20])) +
                " follow the end of the zip archive, where nothing should");
    }
    const unsigned char* end = &tail[*end_at - tail_at];
    uint64_t disk = u16(end + 4), directory_disk = u16(end + 6), entries_here = u16(end + 8), entries = u16(end + 10);
    uint64_t directory_size = u32(end + 12), directory_at = u32(end + 16);
    const bool saturated = disk == kSaturated16 || directory_disk == kSaturated16 || entries_here == kSaturated16 ||
                           entries == kSaturated16 || directory_size == kSaturated32 || directory_at == kSaturated32;

    // The ZIP64 locator (just before the end record) and ZIP64 end record, when the end
    // record needs them or has them anyway (Poco parses one wherever it finds it).
    uint64_t directory_end = *end_at;  // where the directory must end
    const bool has_locator = *end_at >= kZip64LocatorSize && is_signature(file.read(*end_at - kZip64LocatorSize, 4).data(), "PK\x06\x07");
    if (saturated && !has_locator)
        damaged("its end record (at " + byte(*end_at) + ") refers to a ZIP64 end record, but there is no ZIP64 locator before it");
    if (has_locator) {
        const uint64_t locator_at = *end_at - kZip64LocatorSize;
        const std::vector<unsigned char> locator = file.read(locator_at, kZip64LocatorSize);
        const uint64_t record_at = u64(&locator[8]);
        if (u32(&locator[4]) != 0 || u32(&locator[16]) > 1)
            damaged("its ZIP64 locator speaks of " + std::to_string(u32(&locator[16])) +
                    " disks: it is one part of a split zip archive, or garbage");
        if (record_at >= size)
            damaged("its ZIP64 locator puts the ZIP64 end record at " + byte(record_at) + ", beyond " + file.end());
        if (locator_at < kZip64EndRecordSize || record_at > locator_at - kZip64EndRecordSize)
            damaged("its ZIP64 locator puts the ZIP64 end record at " + byte(record_at) +
                    ", where its 56 bytes do not fit before the locator at " + byte(locator_at));
        const std::vector<unsigned char> record = file.read(record_at, kZip64EndRecordSize);
        if (!is_signature(record.data(), "PK\x06\x06"))
            damaged("there is no ZIP64 end record at " + byte(record_at) + ", where its ZIP64 locator puts it");
        // The record's own length runs from after its length field to the locator.
        if (u64(&record[4]) != locator_at - record_at - 12)
            damaged("the ZIP64 end record at " + byte(record_at) + " says it is " + bytes(u64(&record[4])) +
                    " long, but the locator follows it after " + bytes(locator_at - record_at - 12));
        const uint64_t disk64 = u32(&record[16]), directory_disk64 = u32(&record[20]), entries_here64 = u64(&record[24]),
                       entries64 = u64(&record[32]), directory_size64 = u64(&record[40]), directory_at64 = u64(&record[48]);
        // Where the end record has the value itself, both must agree.
        const auto agree = [](uint64_t value, uint64_t saturated_value, uint64_t value64) {
            return value == saturated_value || value == value64;
        };
        if (!agree(disk, kSaturated16, disk64) || !agree(directory_disk, kSaturated16, directory_disk64) ||
            !agree(entries_here, kSaturated16, entries_here64) || !agree(entries, kSaturated16, entries64) ||
            !agree(directory_size, kSaturated32, directory_size64) || !agree(directory_at, kSaturated32, directory_at64))
            damaged("its end record and its ZIP64 end record disagree about the directory");
        disk = disk64, directory_disk = directory_disk64, entries_here = entries_here64, entries = entries64;
        directory_size = directory_size64, directory_at = directory_at64;
        directory_end = record_at;
    }
    if (disk != 0 || directory_disk != 0 || entries_here != entries)
        damaged("its end record speaks of several disks: it is one part of a split zip archive, or garbage");

    // The central directory: within the file, ending where the end records begin.
    if (directory_at >= size)
        damaged("its end record puts the zip directory at " + byte(directory_at) + ", beyond " + file.end());
    if (directory_size > size - directory_at)
        damaged("its end record gives the zip directory " + bytes(directory_size) + " from " + byte(directory_at) +
                ", past " + file.end());
    if (directory_at > directory_end || directory_size > directory_end - directory_at)
        damaged("its zip directory (" + bytes(directory_size) + " from " + byte(directory_at) + ") overlaps its end record at " +
                byte(directory_end));
    if (directory_at + directory_size != directory_end)
        damaged(bytes(directory_end - directory_at - directory_size) +
                " between its zip directory and its end record belong to neither");
    if (entries > directory_size / kDirectoryEntrySize)
        damaged("its end record counts " + std::to_string(entries) + " entries, more than a directory of " +
                bytes(directory_size) + " can hold");

    // Each entry, its local header and its data.
    struct Span {
        uint64_t begin, end;
    };
    std::vector<Span> spans;
    std::vector<ZipEntry> out;
    spans.reserve(static_cast<size_t>(entries));
    out.reserve(static_cast<size_t>(entries));
    uint64_t at = directory_at;
    for (uint64_t i = 0; i < entries; ++i) {
        const std::string nth = "entry " + std::to_string(i + 1) + " of the zip directory";
        if (directory_end - at < kDirectoryEntrySize) damaged(nth + " runs past the end of the directory");
        const std::vector<unsigned char> fixed = file.read(at, kDirectoryEntrySize);
        if (!is_signature(fixed.data(), "PK\x01\x02")) damaged("there is no " + nth + " at " + byte(at));
        const uint64_t name_size = u16(&fixed[28]), extra_size = u16(&fixed[30]), comment_size = u16(&fixed[32]);
        if (name_size + extra_size + comment_size > directory_end - at - kDirectoryEntrySize)
            damaged(nth + " runs past the end of the directory");
        const std::vector<unsigned char> variable = file.read(at + kDirectoryEntrySize, name_size + extra_size);
        const std::string name(reinterpret_cast<const char*>(variable.data()), static_cast<size_t>(name_size));
        const std::string entry = shown(name);

        Zip64Values zip64;
        if (!read_zip64_extra(variable.data() + name_size, extra_size, u32(&fixed[24]), u32(&fixed[20]), u32(&fixed[42]), zip64))
            damaged("the ZIP64 extra field of zip entry " + entry + " runs past the end of its extra data");
        const auto compressed = resolved(u32(&fixed[20]), zip64.compressed);
        const auto uncompressed = resolved(u32(&fixed[24]), zip64.uncompressed);
        const auto local_at = resolved(u32(&fixed[42]), zip64.offset);
        if (!compressed || !uncompressed || !local_at)
            damaged("zip entry " + entry + " leaves its sizes or place to a ZIP64 extra field, which does not give them");

        // Its local header: before the directory, naming the same entry.
        if (*local_at >= size)
            damaged("the local header of zip entry " + entry + " is said to be at " + byte(*local_at) + ", beyond " + file.end());
        if (*local_at > directory_at || directory_at - *local_at < kLocalHeaderSize)
            damaged("the local header of zip entry " + entry + " is said to be at " + byte(*local_at) +
                    ", inside the zip directory (from " + byte(directory_at) + ")");
        const std::vector<unsigned char> local = file.read(*local_at, kLocalHeaderSize);
        if (!is_signature(local.data(), "PK\x03\x04"))
            damaged("there is no local header at " + byte(*local_at) + ", where the directory puts zip entry " + entry);
        const uint64_t local_name_size = u16(&local[26]), local_extra_size = u16(&local[28]);
        if (local_name_size + local_extra_size > directory_at - *local_at - kLocalHeaderSize)
            damaged("the local header of zip entry " + entry + " at " + byte(*local_at) + " runs into the zip directory");
        const std::vector<unsigned char> local_variable = file.read(*local_at + kLocalHeaderSize, local_name_size + local_extra_size);
        if (std::string_view(reinterpret_cast<const char*>(local_variable.data()), static_cast<size_t>(local_name_size)) != name)
            damaged("the local header at " + byte(*local_at) + " names another entry than zip entry " + entry +
                    ", which the directory puts there");

        // Its data, where the directory says: never a size from the local header or a data
        // descriptor, which may be zero, lack its signature (Viscovery SOMine writes them
        // so) or be missing.
        const uint64_t data_at = *local_at + kLocalHeaderSize + local_name_size + local_extra_size;
        if (*compressed > directory_at - data_at)
            damaged("zip entry " + entry + " is said to hold " + bytes(*compressed) + " from " + byte(data_at) + ", past " +
                    (*compressed > size - data_at ? file.end() : "the start of the zip directory at " + byte(directory_at)));
        spans.push_back({*local_at, data_at + *compressed});
        ZipEntry& e = out.emplace_back();
        e.name = name;
        e.data_offset = data_at;
        e.compressed = *compressed;
        e.uncompressed = *uncompressed;
        e.method = u16(&fixed[10]);
        e.crc32 = u32(&fixed[16]);
        e.encrypted = (u16(&fixed[8]) & 0x01) != 0;
        at += kDirectoryEntrySize + name_size + extra_size + comment_size;
    }
    if (at != directory_end)
        damaged("the zip directory holds more than the " + std::to_string(entries) + " entries its end record counts");

    // No two entries may share bytes: overlapping entries are how a small zip is made to
    // unpack to gigabytes (D. Fifield, "A better zip bomb", WOOT 2019). Gaps are harmless,
    // since nothing is read from them.
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
    for (size_t i = 1; i < spans.size(); ++i)
        if (spans[i].begin < spans[i - 1].end) damaged("two zip entries overlap at " + byte(spans[i].begin));
    return out;
}

}  // namespace gapfinder::xlsx
