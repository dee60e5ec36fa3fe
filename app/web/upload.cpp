#include "web/upload.hpp"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/PartHandler.h>
#include <sys/stat.h>

#include <cctype>
#include <cstdio>
#include <fstream>

#include "web/auth.hpp"
#include "web/router.hpp"

namespace gapfinder::web {

namespace {

constexpr uint64_t kFormOverhead = 64 * 1024;  // boundaries, headers and small fields

class FilePartHandler : public Poco::Net::PartHandler {
public:
    FilePartHandler(const std::string& temp_dir, uint64_t max_bytes) : temp_dir_(temp_dir), max_bytes_(max_bytes) {}

    void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
        std::string disposition;
        Poco::Net::NameValueCollection params;
        if (header.has("Content-Disposition"))
            Poco::Net::MessageHeader::splitParameters(header["Content-Disposition"], disposition, params);
        if (params.get("name", "") != "file") {
            drain(stream, max_bytes_);
            throw HttpError(400, "only one file part, named \"file\", is accepted");
        }
        if (upload.file) throw HttpError(400, "send one file at a time");
        upload.display_name = sanitise_file_name(params.get("filename", ""));
        const std::string path = temp_dir_ + "/" + random_hex(16) + file_extension(upload.display_name);
        upload.file = std::make_shared<TempFile>(path);
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error("cannot create a temporary file for an upload");
        ::chmod(path.c_str(), 0600);
        char buffer[64 * 1024];
        while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0) {
            const auto n = static_cast<uint64_t>(stream.gcount());
            upload.bytes += n;
            if (upload.bytes > max_bytes_) throw HttpError(413, too_big(max_bytes_));
            out.write(buffer, static_cast<std::streamsize>(n));
        }
        if (!out.flush()) throw std::runtime_error("cannot write a temporary file for an upload");
    }

    static std::string too_big(uint64_t max_bytes) {
        return "the file is larger than the upload limit of " + std::to_string(max_bytes / (1024 * 1024)) + " MiB (" +
               std::to_string(max_bytes) + " bytes)";
    }

    Upload upload;

private:
    std::string temp_dir_;
    uint64_t max_bytes_;
};

}  // namespace

TempFile::~TempFile() { std::remove(path_.c_str()); }

std::string Upload::field(const std::string& name, const std::string& fallback) const {
    const auto it = fields.find(name);
    return it == fields.end() || it->second.empty() ? fallback : it->second.back();
}

std::string sanitise_file_name(const std::string& name) {
    const size_t slash = name.find_last_of("/\\");
    const std::string last = slash == std::string::npos ? name : name.substr(slash + 1);
    std::string out;
    for (unsigned char c : last) {
        if (std::isalnum(c) || c == ' ' || c == '.' || c == '_' || c == '-' || c == '(' || c == ')') out += static_cast<char>(c);
        else if (c >= 0x80 && (c & 0xC0) == 0x80) continue;  // the rest of a UTF-8 character already replaced
        else out += '_';
    }
    while (!out.empty() && (out.front() == '.' || out.front() == ' ')) out.erase(out.begin());
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.size() > 100) out = out.substr(out.size() - 100);  // keep the extension
    while (!out.empty() && (out.front() == '.' || out.front() == ' ')) out.erase(out.begin());
    return out.empty() ? "upload" : out;
}

std::string file_extension(const std::string& sanitised) {
    const size_t dot = sanitised.rfind('.');
    if (dot == std::string::npos || dot + 1 >= sanitised.size() || sanitised.size() - dot - 1 > 10) return "";
    std::string ext = ".";
    for (size_t i = dot + 1; i < sanitised.size(); ++i) {
        const auto c = static_cast<unsigned char>(sanitised[i]);
        if (!std::isalnum(c)) return "";
        ext += static_cast<char>(std::tolower(c));
    }
    return ext;
}

void drain(std::istream& in, uint64_t cap) {
    char buffer[64 * 1024];
    uint64_t total = 0;
    while (total < cap && (in.read(buffer, sizeof buffer) || in.gcount() > 0)) total += static_cast<uint64_t>(in.gcount());
}

Upload receive_upload(Poco::Net::HTTPServerRequest& request, const std::string& temp_dir, uint64_t max_bytes) {
    const std::string type = request.getContentType();
    if (type.rfind("multipart/form-data", 0) != 0)
        throw HttpError(415, "send the file as multipart/form-data, in a part named \"file\"");
    if (request.getContentLength() != Poco::Net::HTTPMessage::UNKNOWN_CONTENT_LENGTH &&
        static_cast<uint64_t>(request.getContentLength()) > max_bytes + kFormOverhead) {
        drain(request.stream(), 4 * (max_bytes + kFormOverhead));
        throw HttpError(413, FilePartHandler::too_big(max_bytes));
    }
    FilePartHandler handler(temp_dir, max_bytes);
    Poco::Net::HTMLForm form;
    form.setFieldLimit(20);
    form.setValueLengthLimit(4096);
    try {
        form.load(request, request.stream(), handler);
    } catch (const HttpError&) {
        drain(request.stream(), 4 * (max_bytes + kFormOverhead));
        throw;
    } catch (const Poco::Exception& e) {
        throw HttpError(400, "the upload is not a well-formed multipart/form-data body (" + e.message() + ")");
    }
    if (!handler.upload.file) throw HttpError(400, "no file: send it in a part named \"file\"");
    Upload upload = std::move(handler.upload);
    for (const auto& [name, value] : form) upload.fields[name].push_back(value);
    return upload;
}

}  // namespace gapfinder::web
