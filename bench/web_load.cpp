// gapfinder_web_load: a bounded load test of `gapfinder serve`. N clients, each with one
// keep-alive HTTP connection per server (Poco::Net::HTTPClientSession), sign in once,
// wait until all have, then GET the given paths in rotation until the time is up. Every
// request's latency is recorded; an error is a non-2xx status, a socket error, or a body
// that is empty or not the size of the first body seen for that path and user. Prints
// requests, errors, throughput and latency percentiles (and --json PATH writes them as
// JSON); exits 1 on any error or when no request was made. See bench/README.md.
//
// Several --port values stand for server processes behind one proxy: each client signs
// in on one and then sends its requests to each in turn, as a round-robin proxy would,
// so every request after the first relies on a session another process made. Several
// --user values (one password for all) spread the clients over them, client i being
// user i mod the number of users: users of different organisations read different
// findings at the same path.
#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NameValueCollection.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
    std::string host = "127.0.0.1";
    std::vector<int> ports;
    std::vector<std::string> users;
    std::string password;
    int clients = 50;
    double seconds = 20;
    std::vector<std::string> paths;
    std::string json_path;
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "gapfinder_web_load: " << problem << "\n"
              << "usage: gapfinder_web_load --port N [--port N ...] --user NAME [--user NAME ...]\n"
                 "         (--password-stdin | env GAPFINDER_LOAD_PASSWORD)\n"
                 "         --path /api/... [--path ...] [--host 127.0.0.1] [--clients 50] [--seconds 20] [--json PATH]\n";
    std::exit(2);
}

double number(const std::string& option, const std::string& text, double low, double high) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(v >= low && v <= high))
        usage("--" + option + " \"" + text + "\": expected a number from " + std::to_string(low) + " to " +
              std::to_string(high));
    return v;
}

Options parse(int argc, char** argv) {
    Options o;
    bool password_stdin = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--password-stdin") {
            password_stdin = true;
            continue;
        }
        if (arg.rfind("--", 0) != 0 || i + 1 >= argc) usage("unexpected or incomplete argument \"" + arg + "\"");
        const std::string name = arg.substr(2), value = argv[++i];
        if (name == "host") o.host = value;
        else if (name == "port") o.ports.push_back(static_cast<int>(number(name, value, 1, 65535)));
        else if (name == "user") o.users.push_back(value);
        else if (name == "clients") o.clients = static_cast<int>(number(name, value, 1, 10000));
        else if (name == "seconds") o.seconds = number(name, value, 0.1, 86400);
        else if (name == "path") o.paths.push_back(value);
        else if (name == "json") o.json_path = value;
        else usage("unknown option --" + name);
    }
    if (password_stdin) std::getline(std::cin, o.password);
    else if (const char* env = std::getenv("GAPFINDER_LOAD_PASSWORD")) o.password = env;
    if (o.users.empty() || o.password.empty()) usage("give --user and a password (--password-stdin or GAPFINDER_LOAD_PASSWORD)");
    if (o.ports.empty()) usage("give --port (once per server process)");
    if (o.paths.empty()) usage("give at least one --path");
    return o;
}

// What the clients share: the expected body size per path and user (the first one
// seen), the error count and the first few error messages.
class Checks {
public:
    Checks(size_t paths, size_t users) : users_(users), expected_(paths * users) {
        for (auto& e : expected_) e = -1;
    }

    // Empty if the body size is as expected, else what is wrong.
    std::string body_problem(size_t path, size_t user, long long size) {
        if (size <= 0) return "empty body";
        long long want = -1;
        auto& expected = expected_[path * users_ + user];
        if (expected.compare_exchange_strong(want, size) || want == size) return "";
        return "body of " + std::to_string(size) + " bytes, the first was " + std::to_string(want);
    }

    void error(const std::string& what) {
        ++errors_;
        std::lock_guard lock(mutex_);
        if (messages_.size() < 10) messages_.push_back(what);
    }

    long long errors() const { return errors_; }
    const std::vector<std::string>& messages() const { return messages_; }
    // The body size of a path, for the first user (the user a single-user run has).
    long long expected(size_t path, size_t user = 0) const { return expected_[path * users_ + user]; }

private:
    size_t users_;
    std::vector<std::atomic<long long>> expected_;
    std::atomic<long long> errors_{0};
    std::mutex mutex_;
    std::vector<std::string> messages_;
};

struct ClientResult {
    std::vector<std::vector<double>> latency_ms;  // per path
};

// Reads the whole body, returning its size.
long long drain(std::istream& in) {
    char buffer[65536];
    long long n = 0;
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) n += in.gcount();
    return n;
}

std::string sign_in(Poco::Net::HTTPClientSession& session, const std::string& user, const Options& o) {
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/api/session", Poco::Net::HTTPMessage::HTTP_1_1);
    const auto escape = [](const std::string& s) {
        std::string out;
        for (char c : s) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        return out;
    };
    const std::string body = "{\"name\": \"" + escape(user) + "\", \"password\": \"" + escape(o.password) + "\"}";
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    drain(in);
    if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK)
        throw std::runtime_error("sign-in answered " + std::to_string(response.getStatus()));
    std::vector<Poco::Net::HTTPCookie> cookies;
    response.getCookies(cookies);
    for (const auto& c : cookies)
        if (c.getName() == "gapfinder_session") return c.getValue();
    throw std::runtime_error("sign-in set no gapfinder_session cookie");
}

// One client: sign in on its first server, wait for the others at `start`, then GET the
// paths in rotation (starting at its own offset, so the mix is even from the first
// request), each request to the next server in turn, until `stop`.
void run_client(int index, const Options& o, std::barrier<>& start, const std::atomic<Clock::time_point::rep>& stop,
                Checks& checks, ClientResult& result) {
    std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> servers;
    for (int port : o.ports) {
        servers.push_back(std::make_unique<Poco::Net::HTTPClientSession>(o.host, static_cast<Poco::UInt16>(port)));
        servers.back()->setKeepAlive(true);
        servers.back()->setTimeout(Poco::Timespan(60, 0));
    }
    const size_t user = static_cast<size_t>(index) % o.users.size();
    size_t server = static_cast<size_t>(index) % servers.size();
    result.latency_ms.resize(o.paths.size());
    std::string token;
    try {
        token = sign_in(*servers[server], o.users[user], o);
    } catch (const std::exception& e) {
        checks.error("client " + std::to_string(index) + " could not sign in: " + e.what());
    }
    start.arrive_and_wait();
    if (token.empty()) return;
    Poco::Net::NameValueCollection cookie;
    cookie.add("gapfinder_session", token);
    for (size_t i = static_cast<size_t>(index) % o.paths.size();; i = (i + 1) % o.paths.size()) {
        const auto begin = Clock::now();
        if (begin.time_since_epoch().count() >= stop.load()) break;
        server = (server + 1) % servers.size();
        Poco::Net::HTTPClientSession& session = *servers[server];
        std::string problem;
        try {
            Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, o.paths[i], Poco::Net::HTTPMessage::HTTP_1_1);
            request.setCookies(cookie);
            session.sendRequest(request);
            Poco::Net::HTTPResponse response;
            const long long size = drain(session.receiveResponse(response));
            const int status = response.getStatus();
            if (status < 200 || status > 299) problem = "status " + std::to_string(status);
            else problem = checks.body_problem(i, user, size);
        } catch (const Poco::Exception& e) {
            problem = e.displayText();
            session.reset();  // a fresh connection for the next request
        } catch (const std::exception& e) {
            problem = e.what();
            session.reset();
        }
        result.latency_ms[i].push_back(std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
        if (!problem.empty()) checks.error("GET " + o.paths[i] + " (port " + std::to_string(o.ports[server]) + "): " + problem);
    }
}

struct Summary {
    size_t requests = 0;
    double median = 0, p95 = 0, p99 = 0, max = 0, mean = 0;
};

// Percentiles by the nearest-rank method, of latencies sorted here.
Summary summarise(std::vector<double> ms) {
    Summary s;
    s.requests = ms.size();
    if (ms.empty()) return s;
    std::sort(ms.begin(), ms.end());
    const auto rank = [&](double p) { return ms[static_cast<size_t>(std::ceil(p * static_cast<double>(ms.size()))) - 1]; };
    s.median = rank(0.50);
    s.p95 = rank(0.95);
    s.p99 = rank(0.99);
    s.max = ms.back();
    double total = 0;
    for (double v : ms) total += v;
    s.mean = total / static_cast<double>(ms.size());
    return s;
}

std::string fixed(double v, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
    return buffer;
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\', out += c;
        else if (static_cast<unsigned char>(c) < 0x20) out += ' ';
        else out += c;
    }
    return out + "\"";
}

std::string summary_json(const Summary& s, double seconds) {
    return "{\"requests\": " + std::to_string(s.requests) + ", \"throughput_per_s\": " + fixed(s.requests / seconds, 1) +
           ", \"latency_ms\": {\"median\": " + fixed(s.median, 3) + ", \"p95\": " + fixed(s.p95, 3) +
           ", \"p99\": " + fixed(s.p99, 3) + ", \"max\": " + fixed(s.max, 3) + ", \"mean\": " + fixed(s.mean, 3) + "}}";
}

void print_line(const std::string& label, const Summary& s, double seconds) {
    std::cout << label << ": " << s.requests << " requests, " << fixed(s.requests / seconds, 1)
              << " req/s; latency ms median " << fixed(s.median, 2) << ", p95 " << fixed(s.p95, 2) << ", p99 "
              << fixed(s.p99, 2) << ", max " << fixed(s.max, 2) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    Checks checks(o.paths.size(), o.users.size());
    std::vector<ClientResult> results(static_cast<size_t>(o.clients));
    std::atomic<Clock::time_point::rep> stop{Clock::time_point::max().time_since_epoch().count()};
    Clock::time_point started;
    // The clock starts when the last client has signed in: sign-in (a deliberately slow
    // password hash) is not what is measured.
    std::barrier start(o.clients + 1);
    std::vector<std::thread> threads;
    for (int c = 0; c < o.clients; ++c)
        threads.emplace_back(run_client, c, std::cref(o), std::ref(start), std::cref(stop), std::ref(checks),
                             std::ref(results[static_cast<size_t>(c)]));
    start.arrive_and_wait();
    started = Clock::now();
    stop = (started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds)))
               .time_since_epoch()
               .count();
    for (auto& t : threads) t.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();

    std::vector<double> all;
    std::vector<Summary> per_path;
    for (size_t p = 0; p < o.paths.size(); ++p) {
        std::vector<double> ms;
        for (const auto& r : results)
            if (p < r.latency_ms.size()) ms.insert(ms.end(), r.latency_ms[p].begin(), r.latency_ms[p].end());
        all.insert(all.end(), ms.begin(), ms.end());
        per_path.push_back(summarise(std::move(ms)));
    }
    const Summary total = summarise(std::move(all));

    std::cout << o.clients << " clients (" << o.users.size() << " user(s)) for " << fixed(elapsed, 2) << " s against "
              << o.ports.size() << " server(s) on " << o.host << "\n";
    print_line("all", total, elapsed);
    for (size_t p = 0; p < o.paths.size(); ++p)
        print_line("GET " + o.paths[p] + " (" + std::to_string(std::max(0LL, checks.expected(p))) + " bytes)", per_path[p],
                   elapsed);
    std::cout << "errors: " << checks.errors() << "\n";
    for (const auto& m : checks.messages()) std::cout << "  " << m << "\n";

    if (!o.json_path.empty()) {
        std::ostringstream j;
        j << "{\"clients\": " << o.clients << ", \"servers\": " << o.ports.size() << ", \"users\": " << o.users.size()
          << ", \"seconds\": " << fixed(elapsed, 3) << ", \"errors\": " << checks.errors()
          << ",\n \"all\": " << summary_json(total, elapsed) << ",\n \"paths\": [";
        for (size_t p = 0; p < o.paths.size(); ++p)
            j << (p ? ",\n   " : "\n   ") << "{\"path\": " << json_string(o.paths[p])
              << ", \"body_bytes\": " << checks.expected(p) << ", \"summary\": " << summary_json(per_path[p], elapsed) << "}";
        j << "],\n \"error_messages\": [";
        for (size_t m = 0; m < checks.messages().size(); ++m) j << (m ? ", " : "") << json_string(checks.messages()[m]);
        j << "]}\n";
        if (o.json_path == "-") std::cout << j.str();
        else std::ofstream(o.json_path) << j.str();
    }
    if (total.requests == 0) std::cout << "FAIL: no request was made\n";
    return checks.errors() == 0 && total.requests > 0 ? 0 : 1;
}
