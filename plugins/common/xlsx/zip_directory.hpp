// Shared xlsx reading: checking a zip archive's directory before Poco reads it.
//
// Poco::Zip takes a zip's numbers on trust, and it does not follow the directory: it walks
// the file from the front, header after header, skipping each entry by the size its local
// header states (or by searching for its data descriptor), and parses whatever record it
// lands on. A ZIP64 end record it lands on makes it allocate the record's stated size
// (found by the fuzzer: 706 bytes claiming 7.6 EB, an abort under AddressSanitizer).
//
// So before the file is handed to Poco, read_zip_directory() reads the end record (in the
// last 22 to 65,557 bytes), the ZIP64 locator and end record when the end record needs
// them, and every central directory entry with its local header, and checks that every
// offset and size lies within the file (ZIP64 extra fields included), and that the file is
// exactly the entries, one after another, then the directory, then the end records: the
// walk Poco makes then meets only the records checked here. Anything else is an input
// Error, "the file is damaged: ...", before anything is allocated from a stated size.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace gapfinder::xlsx {

struct ZipEntry {
    std::string name;           // as the archive spells it
    uint64_t local_offset = 0;  // of its local header
    uint64_t compressed = 0;    // bytes of data in the file
    uint64_t uncompressed = 0;  // what the directory says it unpacks to (not checked: the read counts)
};

// The entries of the zip archive in file, which is size bytes long, in directory order.
// Throws Error (GF_ERR_INPUT) when the archive's structure does not hold together.
std::vector<ZipEntry> read_zip_directory(std::istream& file, uint64_t size);

}  // namespace gapfinder::xlsx
