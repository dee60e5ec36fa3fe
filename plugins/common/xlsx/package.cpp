// Shared xlsx reading: the zip archive and its XML parts (see package.hpp).
#include "package.hpp"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/SAX/InputSource.h>
#include <Poco/SAX/LexicalHandler.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/SAXParser.h>
#include <Poco/SAX/DefaultHandler.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <vector>

#include "errors.hpp"

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

// Why a file that starts like a zip cannot be trusted: Poco reads local headers from the
// front, so a truncated file could otherwise pass for a shorter, complete one.
bool has_end_of_central_directory(std::ifstream& file) {
    file.clear();
    file.seekg(0, std::ios::end);
    const std::streamoff size = file.tellg();
    if (size < 22) return false;
    const std::streamoff tail = std::min<std::streamoff>(size, 22 + 65535);  // the record, and a comment of up to 64 KiB
    std::vector<char> bytes(static_cast<size_t>(tail));
    file.seekg(size - tail);
    file.read(bytes.data(), tail);
    if (file.gcount() != tail) return false;
    for (size_t i = bytes.size() - 22 + 1; i-- > 0;)
        if (std::memcmp(bytes.data() + i, "PK\x05\x06", 4) == 0) return true;
    return false;
}

}  // namespace

Package::Package(const std::string& path) : file_(path, std::ios::binary) {
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
    if (!has_end_of_central_directory(file_))
        throw input_error("the file is truncated or damaged: the zip archive has no directory at its end "
                          "(was it copied or downloaded completely?)");
    file_.clear();
    file_.seekg(0);
    try {
        archive_ = std::make_unique<Poco::Zip::ZipArchive>(file_);
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const Poco::Exception& e) {
        throw input_error("the file is damaged: it is not a readable zip archive (" + e.displayText() + ")");
    } catch (const std::exception& e) {
        throw input_error(std::string("the file is damaged: it is not a readable zip archive (") + e.what() + ")");
    }
    for (auto it = archive_->headerBegin(); it != archive_->headerEnd(); ++it)
        names_.emplace(lower(without_slash(it->first)), it->first);
}

Package::~Package() = default;

std::optional<std::string> Package::find(std::string_view part) const {
    const auto it = names_.find(lower(without_slash(part)));
    if (it == names_.end()) return std::nullopt;
    return it->second;
}

void Package::parse(const std::string& part, Poco::XML::DefaultHandler& handler) {
    const std::optional<std::string> name = find(part);
    const auto header = name ? archive_->findHeader(*name) : archive_->headerEnd();
    if (header == archive_->headerEnd()) throw input_error("the workbook part " + part + " is missing: the file is damaged");
    if (header->second.isEncrypted())
        throw input_error("the workbook part " + part + " is encrypted; save an unprotected copy of the workbook");
    file_.clear();
    try {
        Poco::Zip::ZipInputStream in(file_, header->second, true);
        in.exceptions(std::ios::badbit);  // an unzip failure must surface, not look like the end of the XML
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
