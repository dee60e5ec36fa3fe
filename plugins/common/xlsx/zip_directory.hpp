// Shared xlsx reading: a zip archive's central directory, the one index of what the
// archive holds and where (PKWARE APPNOTE.TXT 6.3.9, section 4.3).
//
// Every zip reader must go by the directory at the end of the file, not walk the local
// headers from the front: an entry written as a stream gives its sizes only after its
// data (general purpose flag bit 3), in a data descriptor whose signature is optional
// (Viscovery SOMine leaves it out), so the front-to-back walk cannot tell where such an
// entry ends. Poco::Zip walks, and also takes a zip's numbers on trust (a 706-byte file
// found by the fuzzer claimed a 7.6 EB ZIP64 record and had it allocated); so the
// workbook reader reads the directory here and each entry itself (zip_entry.hpp).
//
// read_zip_directory() reads the end record (in the last 22 to 65,557 bytes), the ZIP64
// locator and end record when there is one, and every directory entry with its local
// header, and checks that every offset and size lies within the file (ZIP64 extra fields
// included) and that no two entries share bytes. Anything else is an input Error, "the
// file is damaged: ...", raised before anything is allocated from a stated size.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace gapfinder::xlsx {

struct ZipEntry {
    std::string name;           // as the archive spells it
    uint64_t data_offset = 0;   // of its (compressed) data, just after its local header
    uint64_t compressed = 0;    // bytes of data in the file
    uint64_t uncompressed = 0;  // what the directory says it unpacks to (checked as it unpacks)
    uint32_t crc32 = 0;         // of the unpacked bytes
    uint16_t method = 0;        // 0 stored, 8 deflated; anything else cannot be read
    bool encrypted = false;
};

// The entries of the zip archive in file, which is size bytes long, in directory order.
// Throws Error (GF_ERR_INPUT) when the archive's structure does not hold together.
std::vector<ZipEntry> read_zip_directory(std::istream& file, uint64_t size);

}  // namespace gapfinder::xlsx
