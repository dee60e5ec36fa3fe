// Work that outlives its request: an ingest runs as a job on its own thread, and the page
// polls GET /api/jobs/{id} for rows read and the outcome. Jobs run one at a time (the
// store takes one writer), are visible to the user who started them and to admins, and
// are forgotten, oldest first, beyond the last 200 or 16 MiB of their text.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

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

class Jobs {
public:
    // Reports progress: call with a function that updates the status.
    using Update = std::function<void(const std::function<void(JobStatus&)>&)>;
    using Work = std::function<void(const Update&)>;

    Jobs() = default;
    ~Jobs();
    Jobs(const Jobs&) = delete;
    Jobs& operator=(const Jobs&) = delete;

    // Starts work on its own thread; returns the job's id. work must not throw (it
    // records its own failure).
    std::string start(JobStatus initial, Work work);
    std::optional<JobStatus> get(const std::string& id);
    // Waits until the job has finished or the timeout passed; the status then.
    std::optional<JobStatus> wait(const std::string& id, std::chrono::milliseconds timeout);
    // Waits for every job (before the server closes).
    void join_all();

private:
    std::mutex mutex_, run_mutex_;
    std::condition_variable changed_;
    std::map<std::string, JobStatus> jobs_;
    std::vector<std::string> order_;
    std::vector<std::pair<std::string, std::thread>> threads_;  // by job id
};

}  // namespace gapfinder::web
