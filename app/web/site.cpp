#include "web/site.hpp"

#include <boost/dll/runtime_symbol_info.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/errors.hpp"

namespace gapfinder::web {

namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path.string() + ": cannot read it");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string content_type_of(const fs::path& path) {
    const std::string ext = path.extension().string();
    if (ext == ".html") return "text/html; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".ico") return "image/x-icon";
    if (ext == ".woff2") return "font/woff2";
    if (ext == ".json") return "application/json; charset=utf-8";
    return "application/octet-stream";
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
}

// A page's first line names its title: <!-- title: Sign in -->
std::string page_title(const std::string& page, const fs::path& path) {
    const std::string open = "<!-- title: ";
    const size_t end = page.find(" -->");
    if (page.rfind(open, 0) != 0 || end == std::string::npos)
        throw InputError(path.string() + ", line 1: a page starts with <!-- title: TITLE -->");
    return page.substr(open.size(), end - open.size());
}

}  // namespace

Site::Site(const std::string& folder) {
    const fs::path root(folder);
    const std::string layout = read_all(root / "pages" / "layout.html");
    for (const auto& entry : fs::directory_iterator(root / "pages")) {
        const fs::path& path = entry.path();
        const std::string name = path.stem().string();
        if (path.extension() != ".html" || name == "layout") continue;
        const std::string page = read_all(path);
        std::string html = layout;
        replace_all(html, "{{title}}", page_title(page, path));
        replace_all(html, "{{page}}", name);
        replace_all(html, "{{main}}", page.substr(page.find('\n') + 1));
        files_["/" + name] = {"text/html; charset=utf-8", std::move(html)};
    }
    for (const char* top : {"static", "assets"}) {
        if (!fs::is_directory(root / top)) continue;
        for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
            if (!entry.is_regular_file()) continue;
            const std::string url = "/" + fs::relative(entry.path(), root).generic_string();
            files_[url] = {content_type_of(entry.path()), read_all(entry.path())};
        }
    }
}

const SiteFile* Site::find(const std::string& path) const {
    auto it = files_.find(path);
    return it == files_.end() ? nullptr : &it->second;
}

std::string find_site_folder(const std::string& given) {
    auto has_layout = [](const fs::path& folder) { return fs::is_regular_file(folder / "pages" / "layout.html"); };
    if (!given.empty()) {
        if (!has_layout(given)) throw InputError("--assets-dir " + given + ": no pages/layout.html there");
        return given;
    }
    boost::dll::fs::error_code ec;
    const auto exe = boost::dll::program_location(ec);
    if (ec) return "";
    const fs::path exe_dir = fs::path(exe.parent_path().string());
    for (const fs::path& candidate : {exe_dir / "web-assets", exe_dir / ".." / "share" / "gapfinder" / "web"})
        if (has_layout(candidate)) return candidate.lexically_normal().string();
    return "";
}

}  // namespace gapfinder::web
