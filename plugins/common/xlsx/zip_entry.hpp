// Shared xlsx reading: one zip entry's bytes, unpacked as they are read.
//
// The entry is read where the central directory puts it (zip_directory.hpp), exactly its
// compressed size, never more: stored (method 0) as it is, deflated (method 8) through
// Poco's raw inflater. As the last byte comes out, the count and the CRC-32 are checked
// against the directory, so a damaged or truncated entry is an Error rather than quietly
// shorter XML; an entry that unpacks past its declared size is refused at that byte.
#pragma once

#include <Poco/Checksum.h>

#include <cstdint>
#include <istream>
#include <memory>
#include <streambuf>
#include <string>

#include "zip_directory.hpp"

namespace gapfinder::xlsx {

class ZipEntryInput : public std::streambuf {
public:
    // Reads entry from file, which must outlive this; part names it in messages. Throws
    // Error when the entry is encrypted or compressed by a method other than 0 or 8.
    ZipEntryInput(std::istream& file, const ZipEntry& entry, const std::string& part);
    ~ZipEntryInput() override;

protected:
    int_type underflow() override;

private:
    class Slice;
    const ZipEntry entry_;
    const std::string part_;
    std::unique_ptr<Slice> slice_;            // the compressed bytes
    std::unique_ptr<std::istream> compressed_;
    std::unique_ptr<std::istream> inflated_;  // what is read: compressed_ itself when stored
    std::istream* source_ = nullptr;
    uint64_t produced_ = 0;
    Poco::Checksum crc_{Poco::Checksum::TYPE_CRC32};
    char buffer_[1 << 16];
};

}  // namespace gapfinder::xlsx
