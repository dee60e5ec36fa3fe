// Work that outlives its request: an ingest runs as a job on a thread of the process that
// received the upload, and the page polls GET /api/jobs/{id} for rows read and the
// outcome. The status is kept in the store (migration 10, table web_job), so that any
// server process on it answers the poll. The running process writes a heartbeat every
// few seconds; a job whose heartbeat stopped (its server was stopped or crashed) reads as
// failed. Jobs of one process run one at a time (the store takes one writer), are visible
// to the user who started them and to admins, and finished ones are forgotten, oldest
// first, beyond the last 200 or 16 MiB of their text.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/database.hpp"
#include "util/errors.hpp"

namespace gapfinder::web {

struct JobStatus {
    std::string id, kind;                 // kind: "ingest"
    int64_t user_id = 0;
    std::string user_name;
    std::string state = "queued";         // queued, running, succeeded, failed
    std::string phase;                    // what it is doing: reading, storing
    std::string survey, wave, file;
    uint64_t rows_read = 0;
    std::string error;                    // when failed
    std::vector<Problem> problems;        // when failed, places in the file
    std::string result_json;              // when succeeded: a JSON object
    std::string started_at, finished_at;
    bool finished() const { return state == "succeeded" || state == "failed"; }
};

// What a job reads as when the process running it stopped before it finished.
constexpr const char* kJobServerStopped = "the server running this job stopped before it finished";

class Jobs {
public:
    // Reports progress: call with a function that updates the status.
    using Update = std::function<void(const std::function<void(JobStatus&)>&)>;
    using Work = std::function<void(const Update&)>;

    // store_location: the --db of the store the statuses are kept in; the jobs' threads
    // open their own connections to it.
    explicit Jobs(std::string store_location);
    ~Jobs();
    Jobs(const Jobs&) = delete;
    Jobs& operator=(const Jobs&) = delete;

    // Records the job in the store (db: the request's connection) and starts work on its
    // own thread; returns the job's id. work must not throw (it records its own failure).
    std::string start(db::Database& db, JobStatus initial, Work work);
    // A job of any process on the store.
    static std::optional<JobStatus> get(db::Database& db, const std::string& id);
    // Waits until a job of this process has finished or the timeout passed; the status then.
    std::optional<JobStatus> wait(const std::string& id, std::chrono::milliseconds timeout);
    // Waits for every job (before the server closes).
    void join_all();

private:
    void run(const std::string& id, const Work& work);
    void beat();
    std::string location_;
    std::mutex mutex_, run_mutex_;
    std::condition_variable changed_;
    std::map<std::string, JobStatus> local_;  // this process's jobs, until their threads are joined
    std::vector<std::pair<std::string, std::thread>> threads_;  // by job id
    bool stopping_ = false;
    std::thread heartbeat_;  // started with the first job
};

}  // namespace gapfinder::web
