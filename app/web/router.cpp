#include "web/router.hpp"

#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/URI.h>

#include <algorithm>
#include <filesystem>
#include <mutex>

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

std::string client_address(const std::string& peer, const std::string& forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
    if (forwarded_for.empty() || std::find(trusted_proxies.begin(), trusted_proxies.end(), peer) == trusted_proxies.end())
        return peer;
    const size_t comma = forwarded_for.rfind(',');
    std::string last = forwarded_for.substr(comma == std::string::npos ? 0 : comma + 1);
    last.erase(0, last.find_first_not_of(" \t"));
    last.erase(last.find_last_not_of(" \t") + 1);
    Poco::Net::IPAddress parsed;
    if (!Poco::Net::IPAddress::tryParse(last, parsed)) return peer;
    return parsed.toString();
}

Exchange::Exchange(App& app, Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
    : app(app), request(request), response(response) {
    address = client_address(request.clientAddress().host().toString(), request.get("X-Forwarded-For", ""),
                             app.config().trusted_proxies);
}

Store& Exchange::store() {
    if (!store_) store_ = app.stores().acquire();
    // Before sign-in only accounts are read (server-wide); after it, only the user's data.
    if (user) store_->use_organisation(user->organisation_id);
    return *store_;
}

const Organisation& Exchange::organisation() {
    if (!user) throw std::logic_error("the organisation of a request nobody signed in to");
    if (!organisation_ || organisation_->id != user->organisation_id) {
        auto found = store().find_organisation(user->organisation_id);
        if (!found) throw std::runtime_error("user " + user->name + " belongs to no organisation in the store");
        organisation_ = std::move(*found);
    }
    return *organisation_;
}

std::string Exchange::body(size_t limit) {
    receive_body(limit);
    if (received_->size() > limit) throw HttpError(413, "the request body is larger than " + std::to_string(limit) + " bytes");
    return *received_;
}

void Exchange::receive_body(size_t limit) {
    if (received_) return;
    const std::streamsize declared = request.getContentLength();
    if (declared != Poco::Net::HTTPMessage::UNKNOWN_CONTENT_LENGTH && declared > static_cast<std::streamsize>(limit))
        throw HttpError(413, "the request body is larger than " + std::to_string(limit) + " bytes");
    std::string text;
    std::istream& in = request.stream();
    char buffer[8192];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<size_t>(in.gcount()));
        if (text.size() > limit) throw HttpError(413, "the request body is larger than " + std::to_string(limit) + " bytes");
    }
    // The stream turns a socket timeout or error into badbit; a body shorter than its
    // Content-Length means the client closed early.
    if (in.bad() || (declared != Poco::Net::HTTPMessage::UNKNOWN_CONTENT_LENGTH && static_cast<std::streamsize>(text.size()) < declared))
        throw HttpError(408, "the request body did not arrive in full");
    received_ = std::move(text);
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

namespace {

std::mutex private_folders_mutex;
std::vector<std::string> private_folders;  // each ending in '/', longest first

}  // namespace

void set_private_folders(const std::vector<std::string>& folders) {
    std::vector<std::string> all;
    for (const auto& folder : folders) {
        if (folder.empty()) continue;
        std::error_code ec;
        // As given, absolute, and with links resolved: a message may use any of them.
        for (std::string form : {folder, std::filesystem::absolute(folder, ec).string(),
                                 std::filesystem::weakly_canonical(folder, ec).string()}) {
            while (form.size() > 1 && form.back() == '/') form.pop_back();
            if (form.empty() || form == "/" || form == ".") continue;
            all.push_back(form + "/");
        }
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    all.erase(std::unique(all.begin(), all.end()), all.end());
    std::lock_guard lock(private_folders_mutex);
    private_folders = std::move(all);
}

std::string without_private_folders(std::string text) {
    std::lock_guard lock(private_folders_mutex);
    for (const auto& folder : private_folders)
        for (size_t at; (at = text.find(folder)) != std::string::npos;) text.erase(at, folder.size());
    return text;
}

std::string error_json(const std::string& raw_message, const std::vector<Problem>& raw_problems) {
    const std::string message = without_private_folders(raw_message);
    std::vector<Problem> problems = raw_problems;
    for (Problem& p : problems) p.file = without_private_folders(p.file), p.message = without_private_folders(p.message);
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
