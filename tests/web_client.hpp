// A browser for the web app's tests: requests to the real server on a loopback port,
// keeping the session cookie and the CSRF token as the pages do.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace gapfinder::test {

using Poco::JSON::Object;

struct Response {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // the last value of each
    std::vector<std::string> set_cookies;
    std::string header(const std::string& name) const {
        const auto it = headers.find(name);
        return it == headers.end() ? "" : it->second;
    }
    Object::Ptr json() const {
        Poco::JSON::Parser parser;
        return parser.parse(body).extract<Object::Ptr>();
    }
};

// One browser: keeps the session cookie and the CSRF token.
class Client {
public:
    explicit Client(uint16_t port) : port_(port) {}

    Response send(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& type = "", const std::map<std::string, std::string>& headers = {}) {
        Poco::Net::HTTPClientSession session("127.0.0.1", port_);
        session.setTimeout(Poco::Timespan(120, 0));
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        if (!cookie.empty()) request.set("Cookie", "gapfinder_session=" + cookie);
        for (const auto& [k, v] : headers) request.set(k, v);
        if (method != "GET") {
            request.setContentLength(static_cast<std::streamsize>(body.size()));
            if (!type.empty()) request.setContentType(type);
        }
        std::ostream& out = session.sendRequest(request);
        out << body;
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        Response r;
        r.status = response.getStatus();
        Poco::StreamCopier::copyToString(in, r.body);
        for (const auto& [k, v] : response) {
            r.headers[k] = v;
            if (Poco::icompare(k, "Set-Cookie") == 0) r.set_cookies.push_back(v);
        }
        return r;
    }

    // With the CSRF token, as the page sends every state-changing request.
    Response send_csrf(const std::string& method, const std::string& path, const std::string& body = "",
                       const std::string& type = "") {
        return send(method, path, body, type, {{"X-CSRF-Token", csrf}});
    }

    Response sign_in(const std::string& name, const std::string& password) {
        Object o;
        o.set("name", name);
        o.set("password", password);
        std::ostringstream body;
        o.stringify(body);
        Response r = send("POST", "/api/session", body.str(), "application/json");
        if (r.status == 200) {
            for (const auto& c : r.set_cookies) {
                const size_t at = c.find("gapfinder_session=");
                if (at != std::string::npos) cookie = c.substr(at + 18, c.find(';') - at - 18);
            }
            csrf = r.json()->getValue<std::string>("csrf_token");
        }
        return r;
    }

    // multipart/form-data with one file part and some fields.
    Response upload(const std::string& path, const std::string& content, const std::string& file_name,
                    const std::vector<std::pair<std::string, std::string>>& fields = {}, bool with_csrf = true,
                    const std::string& token = "") {
        const std::string boundary = "----gapfinder-test-boundary-7MA4YWxkTrZu0gW";
        std::string body;
        for (const auto& [k, v] : fields)
            body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file_name +
                "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        std::map<std::string, std::string> headers;
        if (with_csrf) headers["X-CSRF-Token"] = token.empty() ? csrf : token;
        return send("POST", path, body, "multipart/form-data; boundary=" + boundary, headers);
    }

    std::string cookie, csrf;

private:
    uint16_t port_;
};

}  // namespace gapfinder::test
