#include "web/jobs.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include "web/auth.hpp"

namespace gapfinder::web {

namespace {
std::string now_utc() { return Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::ISO8601_FORMAT); }
// Finished jobs are kept for their pages to poll, within both a count and a size: the
// 200 latest, and no more than 16 MiB of their text (errors are bounded, about 150 KiB
// at most, by util/errors.hpp).
constexpr size_t kKeep = 200;
constexpr size_t kKeepBytes = 16u << 20;

size_t bytes_of(const JobStatus& s) {
    size_t bytes = sizeof s + s.error.size() + s.result_json.size() + s.file.size() + s.survey.size() + s.wave.size();
    for (const Problem& p : s.problems) bytes += sizeof p + p.file.size() + p.column.size() + p.message.size();
    return bytes;
}
}  // namespace

Jobs::~Jobs() { join_all(); }

void Jobs::join_all() {
    std::vector<std::pair<std::string, std::thread>> threads;
    {
        std::lock_guard lock(mutex_);
        threads.swap(threads_);
    }
    for (auto& [id, t] : threads)
        if (t.joinable()) t.join();
}

std::string Jobs::start(JobStatus initial, Work work) {
    initial.id = random_hex(12);
    initial.state = "queued";
    initial.started_at = now_utc();
    const std::string id = initial.id;
    std::lock_guard lock(mutex_);
    jobs_[id] = initial;
    order_.push_back(id);
    size_t kept_bytes = 0;
    for (const auto& [job_id, status] : jobs_) kept_bytes += bytes_of(status);
    while (order_.size() > kKeep || kept_bytes > kKeepBytes) {
        const auto it = jobs_.find(order_.front());
        if (it != jobs_.end() && !it->second.finished()) break;
        if (it != jobs_.end()) {
            kept_bytes -= bytes_of(it->second);
            jobs_.erase(it);
        }
        order_.erase(order_.begin());
    }
    // Threads of finished jobs have done their last update: join them now.
    for (auto it = threads_.begin(); it != threads_.end();) {
        const auto job = jobs_.find(it->first);
        if (job == jobs_.end() || job->second.finished()) {
            it->second.join();
            it = threads_.erase(it);
        } else {
            ++it;
        }
    }
    threads_.emplace_back(id, std::thread([this, id, work = std::move(work)] {
        std::lock_guard run(run_mutex_);  // one at a time
        const Update update = [this, &id](const std::function<void(JobStatus&)>& change) {
            {
                std::lock_guard lock(mutex_);
                auto it = jobs_.find(id);
                if (it == jobs_.end()) return;
                change(it->second);
                if (it->second.finished() && it->second.finished_at.empty()) it->second.finished_at = now_utc();
            }
            changed_.notify_all();
        };
        update([](JobStatus& s) { s.state = "running"; });
        work(update);
    }));
    return id;
}

std::optional<JobStatus> Jobs::get(const std::string& id) {
    std::lock_guard lock(mutex_);
    const auto it = jobs_.find(id);
    if (it == jobs_.end()) return std::nullopt;
    return it->second;
}

std::optional<JobStatus> Jobs::wait(const std::string& id, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] {
        const auto it = jobs_.find(id);
        return it == jobs_.end() || it->second.finished();
    });
    const auto it = jobs_.find(id);
    if (it == jobs_.end()) return std::nullopt;
    return it->second;
}

}  // namespace gapfinder::web
