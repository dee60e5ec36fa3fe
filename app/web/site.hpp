// The web app's pages and static files (built from app/web/frontend into a folder
// beside the binary), read once at start and served from memory. A request can only
// name a file that was in the folder at start, so no request path reaches the file
// system. Pages are shells: each loads its script, which reads and writes through the
// JSON API, so the pages show nothing the API would not give the same user.
#pragma once

#include <map>
#include <string>

namespace gapfinder::web {

struct SiteFile {
    std::string content_type;
    std::string body;
};

class Site {
public:
    // Reads folder/pages/*.html, each wrapped in pages/layout.html, as /NAME (and
    // /static/**, /assets/** as they are). Throws InputError naming what is missing.
    explicit Site(const std::string& folder);

    // The page or file at a request path ("/findings", "/static/gapfinder.css"), or null.
    const SiteFile* find(const std::string& path) const;
    size_t size() const { return files_.size(); }

private:
    std::map<std::string, SiteFile> files_;
};

// The assets folder: given (from --assets-dir) when not empty, else web-assets beside
// the binary (a build tree), else ../share/gapfinder/web from it (an installed tree).
// Empty when none holds pages/layout.html.
std::string find_site_folder(const std::string& given);

}  // namespace gapfinder::web
