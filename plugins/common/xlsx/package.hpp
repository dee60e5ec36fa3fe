// Shared xlsx reading: the zip archive an .xlsx is (an OPC package), and streaming its XML parts.
//
// Parts are unzipped as they are parsed (Poco::Zip::ZipInputStream into Poco's SAX
// parser), so a 50 MB sheet is never held in memory. Everything that can go wrong with
// a damaged or foreign file (not a zip, truncated, a part missing, corrupt deflate data,
// malformed XML) becomes an Error naming the part and, for XML, the line; exceptions a
// SAX handler throws (Error, Cancelled) pass through unchanged.
#pragma once

#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace Poco::Zip {
class ZipArchive;
}
namespace Poco::XML {
class DefaultHandler;
}

namespace gapfinder::xlsx {

class Package {
public:
    // Opens and indexes the archive. Throws Error when it is not a readable zip file.
    explicit Package(const std::string& path);
    ~Package();
    Package(const Package&) = delete;
    Package& operator=(const Package&) = delete;

    // The archive's name for a part, matched as OPC says (ignoring case and a leading
    // '/'), or nothing when the package has no such part.
    std::optional<std::string> find(std::string_view part) const;

    // Streams one part through a SAX handler (namespaces on, no DTDs, no external
    // entities). Throws Error naming the part when it cannot be read.
    void parse(const std::string& part, Poco::XML::DefaultHandler& handler);

private:
    std::ifstream file_;
    std::unique_ptr<Poco::Zip::ZipArchive> archive_;
    std::map<std::string, std::string> names_;  // lower-case name -> name in the archive
};

// Resolves a relationship target against the part that holds the relationship:
// ("xl/workbook.xml", "worksheets/sheet1.xml") -> "xl/worksheets/sheet1.xml"; a target
// starting with '/' is from the package root; "." and ".." are followed.
std::string resolve_target(std::string_view source_part, std::string_view target);

}  // namespace gapfinder::xlsx
