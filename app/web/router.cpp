#include "web/router.hpp"

#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>

#include "util/json_writer.hpp"
#include "web/app.hpp"

namespace gapfinder::web {

namespace {

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= path.size()) {
        size_t slash = path.find('/', start);
        if (slash == std::string::npos) slash = path.size();
        if (slash > start) out.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return out;
}

}  // namespace

Exchange::Exchange(App& app, Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
    : app(app), request(request), response(response) {
    address = request.clientAddress().host().toString();
}

Store& Exchange::store() {
    if (!store_) store_ = std::make_unique<Store>(app.config().db_path);
    return *store_;
}

std::string Exchange::body(size_t limit) {
    if (request.getContentLength() != Poco::Net::HTTPMessage::UNKNOWN_CONTENT_LENGTH &&
        request.getContentLength() > static_cast<std::streamsize>(limit))
        throw HttpError(413, "the request body is larger than " + std::to_string(limit) + " bytes");
    std::string text;
    std::istream& in = request.stream();
    char buffer[8192];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<size_t>(in.gcount()));
        if (text.size() > limit) throw HttpError(413, "the request body is larger than " + std::to_string(limit) + " bytes");
    }
    return text;
}

namespace {
void run_once(std::function<void()>& hook) {
    if (!hook) return;
    const auto run = std::move(hook);
    hook = nullptr;
    run();
}
}  // namespace

void Exchange::send(int status, const std::string& content_type, const std::string& body) {
    run_once(before_send);
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType(content_type);
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    sent_ = true;
    response.send().write(body.data(), static_cast<std::streamsize>(body.size()));
}

void Exchange::send_no_content() {
    run_once(before_send);
    response.setStatus(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
    response.setContentLength(0);
    sent_ = true;
    response.send();
}

void Router::add(const std::string& method, const std::string& pattern, Access access, Handler handler) {
    routes_.push_back({method, split_path(pattern), access, std::move(handler)});
}

const Route* Router::match(const std::string& method, const std::string& path, std::map<std::string, std::string>& params,
                           bool& path_known) const {
    const auto segments = split_path(path);
    path_known = false;
    for (const Route& r : routes_) {
        if (r.segments.size() != segments.size()) continue;
        std::map<std::string, std::string> found;
        bool ok = true;
        for (size_t i = 0; i < segments.size() && ok; ++i) {
            const std::string& want = r.segments[i];
            if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
                std::string value;
                Poco::URI::decode(segments[i], value);
                if (value.empty()) ok = false;
                else found[want.substr(1, want.size() - 2)] = value;
            } else {
                ok = want == segments[i];
            }
        }
        if (!ok) continue;
        path_known = true;
        if (r.method != method) continue;
        params = std::move(found);
        return &r;
    }
    return nullptr;
}

std::string error_json(const std::string& message, const std::vector<Problem>& problems) {
    std::string out;
    JsonWriter j(out);
    j.begin_object().field("error", message);
    if (!problems.empty()) {
        const Problem& first = problems.front();
        j.text_or_null("file", first.file);
        if (first.row > 0) j.field("row", static_cast<uint64_t>(first.row));
        else j.key("row").null();
        j.text_or_null("column", first.column);
        j.key("problems").begin_array();
        for (const Problem& p : problems) {
            j.begin_object().text_or_null("file", p.file);
            if (p.row > 0) j.field("row", static_cast<uint64_t>(p.row));
            else j.key("row").null();
            j.text_or_null("column", p.column).field("message", p.message).end_object();
        }
        j.end_array();
    }
    j.end_object();
    out += '\n';
    return out;
}

}  // namespace gapfinder::web
