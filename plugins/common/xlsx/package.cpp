// Shared xlsx reading: the zip archive and its XML parts (see package.hpp).
#include "package.hpp"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/SAX/InputSource.h>
#include <Poco/SAX/LexicalHandler.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/SAXParser.h>
#include <Poco/SAX/DefaultHandler.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>
#include <vector>

#include "budgets.hpp"
#include "errors.hpp"
#include "zip_directory.hpp"
#include "zip_entry.hpp"

namespace gapfinder::xlsx {

namespace {

// Part names match without regard to ASCII case (ECMA-376 Part 2, 6.2.2.3).
std::string lower(std::string_view s) { return Poco::toLower(std::string(s)); }

std::string_view without_slash(std::string_view part) {
    if (!part.empty() && part.front() == '/') part.remove_prefix(1);
    return part;
}

// An .xlsx part never has a DTD; refusing one also rules out entity expansion tricks.
class NoDtd : public Poco::XML::LexicalHandler {
public:
    explicit NoDtd(const std::string& part) : part_(part) {}
    void startDTD(const Poco::XML::XMLString&, const Poco::XML::XMLString&, const Poco::XML::XMLString&) override {
        throw input_error("the workbook part " + part_ + " declares a DTD, which no Excel workbook does; the file is not a genuine .xlsx");
    }
    void endDTD() override {}
    void startEntity(const Poco::XML::XMLString&) override {}
    void endEntity(const Poco::XML::XMLString&) override {}
    void startCDATA() override {}
    void endCDATA() override {}
    void comment(const Poco::XML::XMLChar[], int, int) override {}

private:
    const std::string& part_;
};


}  // namespace

Package::Package(const std::string& path, uint64_t max_unpacked) : file_(path, std::ios::binary), max_unpacked_(max_unpacked) {
    if (!file_) throw Error(GF_ERR_IO, 0, "", "cannot open the file");
    char magic[8] = {};
    file_.read(magic, sizeof magic);
    const std::streamsize got = file_.gcount();
    if (got < 4 || std::memcmp(magic, "PK\x03\x04", 4) != 0) {
        if (got == 0) throw input_error("the file is empty");
        if (got == 8 && std::memcmp(magic, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
            throw input_error(
                "the file is not an .xlsx workbook but an OLE2 compound file: an old-style .xls workbook, or an .xlsx "
                "protected with a password. Open it in Excel and save it as an unprotected \"Excel Workbook (.xlsx)\"");
        throw input_error("the file is not an Excel workbook (.xlsx): it is not a zip archive");
    }
    file_.clear();
    file_.seekg(0, std::ios::end);
    const std::streamoff size = file_.tellg();
    if (size < 0) throw Error(GF_ERR_IO, 0, "", "cannot read the file");
    for (ZipEntry& entry : read_zip_directory(file_, static_cast<uint64_t>(size))) {
        const std::string name = entry.name;
        names_.emplace(lower(without_slash(name)), name);  // of two entries with one name, the first is read
        entries_.emplace(name, std::move(entry));
    }
}

Package::~Package() = default;

std::optional<std::string> Package::find(std::string_view part) const {
    const auto it = names_.find(lower(without_slash(part)));
    if (it == names_.end()) return std::nullopt;
    return it->second;
}

void Package::check_declared_sizes(const std::vector<std::string>& parts) const {
    std::vector<std::string> names;  // those in the package, each once
    for (const auto& part : parts)
        if (const auto name = find(part); name && std::find(names.begin(), names.end(), *name) == names.end()) names.push_back(*name);
    uint64_t total = unpacked_;
    for (const auto& name : names)
        if (const auto it = entries_.find(name); it != entries_.end())
            total = it->second.uncompressed > UINT64_MAX - total ? UINT64_MAX : total + it->second.uncompressed;
    if (total > max_unpacked_) {
        std::string list;
        for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
        throw input_error("the workbook is too large to read: by the sizes its zip directory declares, reading " + list +
                          " unpacks it to " + mib(total) + ", more than " + mib(max_unpacked_) + kOverBudget +
                          "; if you trust this file, raise the limit for it with --option max_unpacked_mib=" +
                          std::to_string((total >> 20) + 1));
    }
}

void Package::parse(const std::string& part, Poco::XML::DefaultHandler& handler) {
    const std::optional<std::string> name = find(part);
    if (!name) throw input_error("the workbook part " + part + " is missing: the file is damaged");
    check_declared_sizes({part});
    try {
        // The entry holds the part to the size its directory declares, which
        // check_declared_sizes() has counted against the budget.
        const ZipEntry& entry = entries_.at(*name);
        ZipEntryInput unpacked(file_, entry, part);
        std::istream in(&unpacked);
        in.exceptions(std::ios::badbit);  // an unzip failure must surface, not look like the end of the XML
        unpacked_ += entry.uncompressed;
        Poco::XML::InputSource source(in);
        NoDtd no_dtd(part);
        Poco::XML::SAXParser parser;
        parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
        parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACE_PREFIXES, false);
        parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
        parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
        parser.setProperty(Poco::XML::XMLReader::PROPERTY_LEXICAL_HANDLER, static_cast<Poco::XML::LexicalHandler*>(&no_dtd));
        parser.setContentHandler(&handler);
        parser.parse(&source);
    } catch (const Error&) {
        throw;
    } catch (const Cancelled&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const Poco::XML::SAXParseException& e) {
        // Poco's message repeats the position; keep the parser's own words only.
        std::string reason = e.message();
        if (const size_t cut = reason.find(" ["); cut != std::string::npos) reason.resize(cut);
        if (const size_t cut = reason.find(" in "); cut != std::string::npos) reason.resize(cut);
        throw input_error("the workbook part " + part + " is not well-formed XML: " + lower(reason) + " at line " +
                          std::to_string(e.getLineNumber()) + ", column " + std::to_string(e.getColumnNumber()) +
                          "; the file is damaged");
    } catch (const Poco::Exception& e) {
        throw input_error("cannot unpack the workbook part " + part + " (" + e.displayText() + "): the file is damaged or truncated");
    } catch (const std::exception& e) {
        throw input_error("cannot unpack the workbook part " + part + " (" + e.what() + "): the file is damaged or truncated");
    }
}

std::string resolve_target(std::string_view source_part, std::string_view target) {
    std::string path;
    if (!target.empty() && target.front() == '/') {
        path = target.substr(1);
    } else {
        const size_t slash = source_part.rfind('/');
        path = std::string(slash == std::string_view::npos ? std::string_view() : source_part.substr(0, slash + 1));
        path += target;
    }
    std::vector<std::string> segments;
    size_t start = 0;
    while (start <= path.size()) {
        const size_t end = std::min(path.find('/', start), path.size());
        const std::string segment = path.substr(start, end - start);
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        start = end + 1;
    }
    std::string out;
    for (const auto& s : segments) out += (out.empty() ? "" : "/") + s;
    return out;
}

}  // namespace gapfinder::xlsx
