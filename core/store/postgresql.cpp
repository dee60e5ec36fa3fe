#include "store/postgresql.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

namespace gapfinder::postgresql {

namespace {

// Any fixed number will do, as long as every gapfinder writer uses the same one: "GAPF".
constexpr int64_t kWriterLockKey = 0x47415046;

// Type OIDs (pg_type.h), so that the server never has to guess a value's type.
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25, kOid = 26, kNumeric = 1700;

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

std::string scrub(std::string message, const std::string& secret) {
    if (secret.empty()) return message;
    for (size_t at; (at = message.find(secret)) != std::string::npos;) message.replace(at, secret.size(), "***");
    return message;
}

void check(const PGresult* result, pg_conn* conn, std::string_view context) {
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    const char* message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn);
    throw db::Error(std::string(context) + ": " + trimmed(message));
}

// Results come in binary: blobs as their bytes (hex text would double them on the wire
// and need decoding), integers in network byte order.
uint64_t big_endian(const char* p, size_t bytes) {
    uint64_t v = 0;
    for (size_t i = 0; i < bytes; ++i) v = v << 8 | static_cast<unsigned char>(p[i]);
    return v;
}

// NUMERIC's binary form (what sum() of a BIGINT gives): a count of base-10000 digits, the
// weight of the first, a sign, a display scale, then the digits. The whole part only.
int64_t numeric_value(const char* p, int length) {
    if (length < 8) throw db::Error("reading a number: a NUMERIC value too short to be one");
    const auto digits = static_cast<int>(big_endian(p, 2));
    const auto weight = static_cast<int16_t>(big_endian(p + 2, 2));
    const auto sign = big_endian(p + 4, 2);
    if (sign == 0xC000) throw db::Error("reading a number: NaN");
    int64_t value = 0;
    for (int i = 0; i < digits && i <= weight; ++i) value = value * 10000 + static_cast<int64_t>(big_endian(p + 8 + 2 * i, 2));
    for (int i = digits; i <= weight; ++i) value *= 10000;  // trailing zero digits are not sent
    return sign == 0x4000 ? -value : value;
}

class Statement : public db::StatementBackend {
public:
    Statement(Connection& connection, std::string sql) : connection_(connection), sql_(std::move(sql)) {}

    void bind_integer(int i, int64_t value) override { param(i) = {std::to_string(value), kInt8, 0}; }
    void bind_text(int i, std::string_view text) override { param(i) = {std::string(text), kText, 0}; }
    void bind_blob(int i, std::span<const uint8_t> bytes) override {
        param(i) = {std::string(bytes.begin(), bytes.end()), kBytea, 1};
    }
    void bind_null(int i) override { param(i) = {}; }

    bool step() override {
        if (!result_) run();
        ++row_;
        return row_ < PQntuples(result_.get());
    }

    void reset() override {
        result_.reset();
        params_.clear();
        row_ = -1;
    }

    int64_t integer(int col) const override {
        const char* v = value(col);
        if (PQgetisnull(result_.get(), row_, col)) return 0;
        switch (PQftype(result_.get(), col)) {
            case kInt8: return static_cast<int64_t>(big_endian(v, 8));
            case kInt4: return static_cast<int32_t>(big_endian(v, 4));
            case kInt2: return static_cast<int16_t>(big_endian(v, 2));
            case kOid: return static_cast<int64_t>(big_endian(v, 4));
            case kBool: return *v != 0;  // 1 or 0, as SQLite gives a condition
            case kNumeric: return numeric_value(v, PQgetlength(result_.get(), row_, col));
            default:
                throw db::Error("reading column " + std::to_string(col + 1) + " as an integer: its type (oid " +
                                std::to_string(PQftype(result_.get(), col)) + ") is not one");
        }
    }

    std::string text(int col) const override {
        const Oid type = PQftype(result_.get(), col);
        if (type == kInt8 || type == kInt4 || type == kInt2 || type == kNumeric) return std::to_string(integer(col));
        return {value(col), static_cast<size_t>(PQgetlength(result_.get(), row_, col))};  // text types: the UTF-8 bytes
    }

    std::span<const uint8_t> blob(int col) const override {
        if (PQgetisnull(result_.get(), row_, col)) return {};
        // A blob's bytes, or a text's, as SQLite gives them; valid while the result is.
        return {reinterpret_cast<const uint8_t*>(value(col)), static_cast<size_t>(PQgetlength(result_.get(), row_, col))};
    }

    bool is_null(int col) const override { return PQgetisnull(result_.get(), row_, col); }

private:
    struct Param {
        std::optional<std::string> value;
        Oid type = 0;
        int format = 0;  // 0 text, 1 binary
    };

    Param& param(int i) {
        if (i < 1) throw db::Error("binding a value: positions start at 1");
        if (params_.size() < static_cast<size_t>(i)) params_.resize(static_cast<size_t>(i));
        return params_[static_cast<size_t>(i - 1)];
    }

    const char* value(int col) const {
        if (row_ < 0 || row_ >= PQntuples(result_.get()) || col < 0 || col >= PQnfields(result_.get()))
            throw db::Error("reading a column: no such row or column");
        return PQgetvalue(result_.get(), row_, col);
    }

    void run() {
        std::vector<Oid> types;
        std::vector<const char*> values;
        std::vector<int> lengths, formats;
        for (const Param& p : params_) {
            types.push_back(p.type);
            values.push_back(p.value ? p.value->data() : nullptr);
            lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
            formats.push_back(p.format);
        }
        pg_conn* conn = connection_.usable();
        result_.reset(PQexecParams(conn, sql_.c_str(), static_cast<int>(params_.size()), types.data(), values.data(),
                                   lengths.data(), formats.data(), 1));
        check(result_.get(), conn, "running SQL");
        row_ = -1;
    }

    Connection& connection_;
    std::string sql_;
    std::vector<Param> params_;
    Result result_;
    int row_ = -1;
};

struct Options {
    std::string host, port, dbname, user, password;
};

Options parse(const std::string& url) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
    if (!options) {
        const std::string message = error ? trimmed(error) : "out of memory";
        PQfreemem(error);
        throw db::Error("the PostgreSQL URL is not valid: " + message);
    }
    Options out;
    for (PQconninfoOption* o = options; o->keyword; ++o) {
        if (!o->val) continue;
        const std::string key = o->keyword;
        if (key == "host" || key == "hostaddr") out.host = out.host.empty() ? o->val : out.host;
        if (key == "port") out.port = o->val;
        if (key == "dbname") out.dbname = o->val;
        if (key == "user") out.user = o->val;
        if (key == "password") out.password = o->val;
    }
    PQconninfoFree(options);
    return out;
}

}  // namespace

std::string describe_url(const std::string& url) {
    const Options o = parse(url);
    std::string s = "PostgreSQL at ";
    s += o.host.empty() ? "localhost" : o.host;
    s += ":" + (o.port.empty() ? std::string("5432") : o.port);
    s += "/" + (o.dbname.empty() ? (o.user.empty() ? std::string("(default database)") : o.user) : o.dbname);
    if (!o.user.empty()) s += " as " + o.user;
    return s;
}

std::string translate_placeholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 8);
    int next = 0;  // for bare ?: the next position
    for (size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'' || c == '"') {  // quoted text or name: copied as it is ('' is two quotes in a row)
            const size_t end = sql.find(c, i + 1);
            const size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
            out.append(sql.substr(i, stop - i));
            i = stop - 1;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            const size_t end = sql.find('\n', i);
            const size_t stop = end == std::string_view::npos ? sql.size() : end;
            out.append(sql.substr(i, stop - i));
            i = stop - 1;
        } else if (c == '?') {
            size_t j = i + 1;
            while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') ++j;
            out += '$';
            if (j > i + 1) {
                out.append(sql.substr(i + 1, j - i - 1));
                next = std::max(next, std::atoi(std::string(sql.substr(i + 1, j - i - 1)).c_str()));
            } else {
                out += std::to_string(++next);
            }
            i = j - 1;
        } else {
            out += c;
        }
    }
    return out;
}

Connection::Connection(const std::string& url) : location_(describe_url(url)), password_(parse(url).password) {
    conn_ = PQconnectdb(url.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
        const std::string message = scrub(trimmed(PQerrorMessage(conn_)), password_);
        PQfinish(conn_);
        conn_ = nullptr;
        throw db::Error("cannot connect to the store, " + location_ + ": " + message);
    }
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);  // "already exists, skipping" and the like
    if (const int version = PQserverVersion(conn_); version < kMinimumServerVersion) {
        PQfinish(conn_);
        conn_ = nullptr;
        throw db::Error("the store, " + location_ + ", runs PostgreSQL " + std::to_string(version / 10000) +
                        "; gapfinder needs PostgreSQL " + std::to_string(kMinimumServerVersion / 10000) + " or later");
    }
    set_session();
}

Connection::~Connection() { PQfinish(conn_); }

void Connection::set_session() {
    // Text in UTF-8, whatever the server's or the role's defaults.
    Result result(PQexec(conn_, "SET client_encoding = 'UTF8'; SET client_min_messages = 'warning'"));
    check(result.get(), conn_, "setting up the session");
}

pg_conn* Connection::usable() {
    if (PQstatus(conn_) == CONNECTION_OK) return conn_;
    if (in_transaction_)
        throw db::Error("the connection to the store, " + location_ + ", was lost in the middle of a transaction");
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK)
        throw db::Error("cannot connect to the store again, " + location_ + ": " +
                        scrub(trimmed(PQerrorMessage(conn_)), password_));
    set_session();
    return conn_;
}

void Connection::exec(std::string_view sql) {
    pg_conn* conn = usable();
    Result result(PQexec(conn, std::string(sql).c_str()));
    check(result.get(), conn, "running SQL");
}

db::Statement Connection::prepare(std::string_view sql) {
    return db::Statement(std::make_unique<Statement>(*this, translate_placeholders(sql)));
}

void Connection::begin_write() {
    try {
        exec("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLockKey) + ")");
    } catch (const db::Error&) {
        try {
            rollback();  // BEGIN may have run before the lock failed: leave no transaction open
        } catch (const db::Error&) {
            // The connection is gone, and its transaction with it.
        }
        throw;
    }
    in_transaction_ = true;
}

void Connection::commit() {
    exec("COMMIT");
    in_transaction_ = false;
}

void Connection::rollback() {
    in_transaction_ = false;
    if (PQstatus(conn_) != CONNECTION_OK) return;  // the server has rolled it back with the connection
    exec("ROLLBACK");
}

}  // namespace gapfinder::postgresql
