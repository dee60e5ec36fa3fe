// Receiving an uploaded survey file: multipart/form-data parsed by Poco::Net::HTMLForm,
// the file part streamed to a private temporary folder with the size limit enforced
// while it streams. The name the browser sends is never used as a path: the file on
// disk gets a random name, and the sent name, reduced to its last component and safe
// characters, is only shown to the user and recorded with the ingest.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace gapfinder::web {

// A file deleted when the object goes.
class TempFile {
public:
    explicit TempFile(std::string path) : path_(std::move(path)) {}
    ~TempFile();
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

struct Upload {
    std::map<std::string, std::vector<std::string>> fields;  // the form's other fields
    std::shared_ptr<TempFile> file;                          // the "file" part
    std::string display_name;                                // sanitised, e.g. "panel-2025.csv"
    uint64_t bytes = 0;

    std::string field(const std::string& name, const std::string& fallback = "") const;
};

// "../../etc/passwd" -> "passwd", "C:\\x\\Résultats 2025.csv" -> "R_sultats 2025.csv":
// the last path component, letters, digits, space and . _ - ( ) only, no leading dot,
// at most 100 characters; "upload" when nothing is left.
std::string sanitise_file_name(const std::string& name);
// ".csv" from a sanitised name: lower case, letters and digits, at most 10; else "".
std::string file_extension(const std::string& sanitised);

// Throws HttpError: 415 for a body that is not multipart/form-data, 413 beyond
// max_bytes (the connection is then closed), 400 without exactly one "file" part.
Upload receive_upload(Poco::Net::HTTPServerRequest& request, const std::string& temp_dir, uint64_t max_bytes);

// Reads and discards what is left of a request body, up to cap bytes, so that an error
// response can be read by the client before the connection closes.
void drain(std::istream& in, uint64_t cap);

}  // namespace gapfinder::web
