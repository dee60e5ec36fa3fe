// Shared xlsx reading: the zip archive an .xlsx is (an OPC package), and streaming its XML parts.
//
// Parts are unzipped as they are parsed (zip_entry.hpp into Poco's SAX parser), so a
// 50 MB sheet is never held in memory. Everything that can go wrong with
// a damaged or foreign file (not a zip, truncated, a part missing, corrupt deflate data,
// malformed XML) becomes an Error naming the part and, for XML, the line; exceptions a
// SAX handler throws (Error, Cancelled) pass through unchanged. The zip is read by its
// central directory (zip_directory.hpp), and what a package may unpack is
// limited (budgets.hpp).
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "budgets.hpp"
#include "zip_directory.hpp"

namespace Poco::XML {
class DefaultHandler;
}

namespace gapfinder::xlsx {

class Package {
public:
    // Opens and indexes the archive. Throws Error when it is not a readable zip file.
    // `max_unpacked` is the budget of bytes the reads may unpack (budgets.hpp); a user
    // raises it only for one file they trust.
    explicit Package(const std::string& path, uint64_t max_unpacked = kMaxUnpackedBytes);
    ~Package();
    Package(const Package&) = delete;
    Package& operator=(const Package&) = delete;

    // The archive's name for a part, matched as OPC says (ignoring case and a leading
    // '/'), or nothing when the package has no such part.
    std::optional<std::string> find(std::string_view part) const;

    // Streams one part through a SAX handler (namespaces on, no DTDs, no external
    // entities). Throws Error naming the part when it cannot be read, or when the bytes
    // unpacked from this package would pass its budget (budgets.hpp): the size the
    // zip directory declares for the part counts, and the part may not unpack past it
    // (zip_entry.hpp).
    void parse(const std::string& part, Poco::XML::DefaultHandler& handler);

    // Throws Error when the sizes the zip directory declares for these parts (those that
    // exist, each once), with what has been unpacked already, pass the budget: a
    // cheap refusal before any of them is inflated.
    void check_declared_sizes(const std::vector<std::string>& parts) const;

private:
    std::ifstream file_;
    std::map<std::string, std::string> names_;     // lower-case name -> name in the archive
    std::map<std::string, ZipEntry> entries_;      // name in the archive -> where and how its directory says it is stored
    uint64_t unpacked_ = 0;                        // declared sizes of the parts parsed so far
    uint64_t max_unpacked_;
};

// Resolves a relationship target against the part that holds the relationship:
// ("xl/workbook.xml", "worksheets/sheet1.xml") -> "xl/worksheets/sheet1.xml"; a target
// starting with '/' is from the package root; "." and ".." are followed.
std::string resolve_target(std::string_view source_part, std::string_view target);

}  // namespace gapfinder::xlsx
