#include "web/jobs.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Timestamp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>
#include <memory>

#include "store/store.hpp"
#include "util/json_writer.hpp"
#include "web/audit.hpp"
#include "web/auth.hpp"
#include "web/wall_clock.hpp"

namespace gapfinder::web {

namespace {

std::string now_utc() { return Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FORMAT); }

// Finished jobs are kept for their pages to poll, within both a count and a size: the
// 200 latest, and no more than 16 MiB of their text (errors are bounded, about 150 KiB
// at most, by util/errors.hpp).
constexpr size_t kKeep = 200;
constexpr int64_t kKeepBytes = 16 << 20;

// The running process writes a job's heartbeat (and its rows read) this often; a job
// unfinished with a heartbeat older than kStoppedAfter had its process stop under it.
// Generous, so that a heartbeat held up behind a long write to an SQLite store (its one
// writer) is not taken for a stopped server.
constexpr auto kHeartbeatEvery = std::chrono::seconds(2);
constexpr int64_t kStoppedAfterSeconds = 60;

// Text from uploaded files (names, cells quoted in errors) may be any bytes.
std::string storable(const std::string& text) { return storable_text(text, std::numeric_limits<size_t>::max()); }

std::string problems_json(const std::vector<Problem>& problems) {
    std::string out;
    JsonWriter j(out);
    j.begin_array();
    for (const Problem& p : problems)
        j.begin_object()
            .field("file", storable(p.file))
            .field("row", static_cast<uint64_t>(p.row))
            .field("column", storable(p.column))
            .field("message", storable(p.message))
            .end_object();
    j.end_array();
    return out;
}

std::vector<Problem> problems_from(const std::string& json) {
    std::vector<Problem> out;
    Poco::JSON::Parser parser;
    const auto array = parser.parse(json).extract<Poco::JSON::Array::Ptr>();
    for (size_t i = 0; i < array->size(); ++i) {
        const auto o = array->getObject(static_cast<unsigned>(i));
        out.push_back({o->getValue<std::string>("file"), static_cast<unsigned long long>(o->getValue<Poco::UInt64>("row")),
                       o->getValue<std::string>("column"), o->getValue<std::string>("message")});
    }
    return out;
}

// Writes the whole status, with a fresh heartbeat.
void save(db::Database& db, const JobStatus& s) {
    db.prepare(
          "INSERT INTO web_job (id, kind, user_id, user_name, state, phase, survey, wave, file, rows_read, error, problems, "
          "result_json, started_at, finished_at, heartbeat) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
          "ON CONFLICT (id) DO UPDATE SET state = ?5, phase = ?6, rows_read = ?10, error = ?11, problems = ?12, "
          "result_json = ?13, finished_at = ?15, heartbeat = ?16")
        .bind(1, s.id)
        .bind(2, s.kind)
        .bind(3, s.user_id)
        .bind(4, storable(s.user_name))
        .bind(5, s.state)
        .bind(6, s.phase)
        .bind(7, storable(s.survey))
        .bind(8, storable(s.wave))
        .bind(9, storable(s.file))
        .bind(10, static_cast<int64_t>(s.rows_read))
        .bind(11, storable(s.error))
        .bind(12, problems_json(s.problems))
        .bind(13, storable(s.result_json))
        .bind(14, s.started_at)
        .bind(15, s.finished_at)
        .bind(16, unix_seconds())
        .step();
}

// Forgets finished jobs (and those whose server stopped) beyond the latest kKeep or
// kKeepBytes of their text.
void forget_old(db::Database& db) {
    std::vector<int64_t> old;
    {
        auto st = db.prepare(
            "SELECT seq, length(error) + length(problems) + length(result_json) + length(file) + length(survey) + "
            "length(wave) FROM web_job WHERE state IN ('succeeded', 'failed') OR heartbeat < ?1 ORDER BY seq DESC");
        st.bind(1, unix_seconds() - kStoppedAfterSeconds);
        size_t kept = 0;
        int64_t bytes = 0;
        while (st.step()) {
            bytes += st.integer(1);
            if (++kept > kKeep || bytes > kKeepBytes) old.push_back(st.integer(0));
        }
    }
    auto remove = db.prepare("DELETE FROM web_job WHERE seq = ?1");
    for (int64_t seq : old) {
        remove.reset();
        remove.bind(1, seq).step();
    }
}

}  // namespace

Jobs::Jobs(std::string store_location) : location_(std::move(store_location)) {}

Jobs::~Jobs() { join_all(); }

void Jobs::join_all() {
    std::vector<std::pair<std::string, std::thread>> threads;
    {
        std::lock_guard lock(mutex_);
        threads.swap(threads_);
    }
    for (auto& [id, t] : threads)
        if (t.joinable()) t.join();
    std::thread heartbeat;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        heartbeat.swap(heartbeat_);
    }
    changed_.notify_all();
    if (heartbeat.joinable()) heartbeat.join();
    std::lock_guard lock(mutex_);
    stopping_ = false;
}

std::string Jobs::start(db::Database& db, JobStatus initial, Work work) {
    initial.id = random_hex(12);
    initial.state = "queued";
    initial.started_at = now_utc();
    const std::string id = initial.id;
    {
        db::Transaction tx(db);
        save(db, initial);
        forget_old(db);
        tx.commit();
    }
    std::lock_guard lock(mutex_);
    // Threads of finished jobs have done their last update: join them now.
    for (auto it = threads_.begin(); it != threads_.end();) {
        const auto job = local_.find(it->first);
        if (job == local_.end() || job->second.finished()) {
            it->second.join();
            local_.erase(it->first);
            it = threads_.erase(it);
        } else {
            ++it;
        }
    }
    local_[id] = initial;
    threads_.emplace_back(id, std::thread([this, id, work = std::move(work)] { run(id, work); }));
    if (!heartbeat_.joinable()) heartbeat_ = std::thread([this] { beat(); });
    return id;
}

void Jobs::run(const std::string& id, const Work& work) {
    std::lock_guard one_at_a_time(run_mutex_);
    std::unique_ptr<Store> store;
    // A change of state or phase is written at once; rows read go with the heartbeat.
    const Update update = [&](const std::function<void(JobStatus&)>& change) {
        JobStatus now;
        bool changed = false;
        {
            std::lock_guard lock(mutex_);
            JobStatus& s = local_.at(id);
            const std::string state = s.state, phase = s.phase;
            change(s);
            if (s.finished() && s.finished_at.empty()) s.finished_at = now_utc();
            changed = s.state != state || s.phase != phase;
            now = s;
        }
        if (changed) {
            // The last write matters most: without it the job would read as stopped.
            // It is tried again for a while (an SQLite store may be busy with a long write).
            for (int attempt = 1;; ++attempt) {
                try {
                    if (!store) store = std::make_unique<Store>(location_);
                    save(store->database(), now);
                    break;
                } catch (const std::exception& e) {
                    store.reset();
                    spdlog::warn("job {}: could not record its status ({}), attempt {}", id, e.what(), attempt);
                    if (!now.finished() || attempt == 10) break;
                    std::this_thread::sleep_for(std::chrono::seconds(1));
                }
            }
        }
        changed_.notify_all();
    };
    update([](JobStatus& s) { s.state = "running"; });
    work(update);
}

void Jobs::beat() {
    std::unique_ptr<Store> store;
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        changed_.wait_for(lock, kHeartbeatEvery, [&] { return stopping_; });
        if (stopping_) break;
        std::vector<JobStatus> running;
        for (const auto& [id, s] : local_)
            if (!s.finished()) running.push_back(s);
        if (running.empty()) continue;
        lock.unlock();
        try {
            if (!store) store = std::make_unique<Store>(location_);
            for (const JobStatus& s : running)
                store->database()
                    .prepare("UPDATE web_job SET heartbeat = ?1, rows_read = ?2 WHERE id = ?3 AND state IN ('queued', 'running')")
                    .bind(1, unix_seconds())
                    .bind(2, static_cast<int64_t>(s.rows_read))
                    .bind(3, s.id)
                    .step();
        } catch (const std::exception& e) {
            store.reset();
            spdlog::warn("could not record the jobs' heartbeat: {}", e.what());
        }
        lock.lock();
    }
}

std::optional<JobStatus> Jobs::get(db::Database& db, const std::string& id) {
    // Only what start() makes is looked up: any other text from a URL (bytes that are not
    // UTF-8 among them, which PostgreSQL refuses as a value) is simply no job.
    const bool possible = id.size() == 24 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    });
    if (!possible) return std::nullopt;
    auto st = db.prepare(
        "SELECT id, kind, user_id, user_name, state, phase, survey, wave, file, rows_read, error, problems, result_json, "
        "started_at, finished_at, heartbeat FROM web_job WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) return std::nullopt;
    JobStatus s;
    s.id = st.text(0);
    s.kind = st.text(1);
    s.user_id = st.integer(2);
    s.user_name = st.text(3);
    s.state = st.text(4);
    s.phase = st.text(5);
    s.survey = st.text(6);
    s.wave = st.text(7);
    s.file = st.text(8);
    s.rows_read = static_cast<uint64_t>(st.integer(9));
    s.error = st.text(10);
    s.problems = problems_from(st.text(11));
    s.result_json = st.text(12);
    s.started_at = st.text(13);
    s.finished_at = st.text(14);
    if (!s.finished() && st.integer(15) < unix_seconds() - kStoppedAfterSeconds) {
        s.state = "failed";
        s.phase = "done";
        s.error = kJobServerStopped;
    }
    return s;
}

std::optional<JobStatus> Jobs::wait(const std::string& id, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] {
        const auto it = local_.find(id);
        return it == local_.end() || it->second.finished();
    });
    const auto it = local_.find(id);
    if (it == local_.end()) return std::nullopt;
    return it->second;
}

}  // namespace gapfinder::web
