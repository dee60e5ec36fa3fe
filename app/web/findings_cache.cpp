#include "web/findings_cache.hpp"

namespace gapfinder::web {

std::shared_ptr<const Findings> FindingsCache::get(const std::string& key, const Compute& compute) {
    std::promise<std::shared_ptr<const Findings>> promise;
    Result result;
    uint64_t serial = 0;
    {
        std::lock_guard lock(mutex_);
        if (auto it = entries_.find(key); it != entries_.end()) {
            ++hits_;
            recency_.splice(recency_.begin(), recency_, it->second.recency);
            result = it->second.result;
        } else {
            ++misses_;
            serial = ++serial_;
            if (capacity_ > 0) {
                recency_.push_front(key);
                entries_.emplace(key, Entry{promise.get_future().share(), recency_.begin(), serial});
                while (entries_.size() > capacity_) {
                    entries_.erase(recency_.back());
                    recency_.pop_back();
                }
            }
        }
    }
    if (result.valid()) return result.get();  // computed, or being computed by another request

    // Computed outside the lock: other keys are served meanwhile, and this key's other
    // requests wait on the future.
    try {
        auto findings = std::make_shared<const Findings>(compute());
        promise.set_value(findings);
        return findings;
    } catch (...) {
        promise.set_exception(std::current_exception());
        std::lock_guard lock(mutex_);
        if (auto it = entries_.find(key); it != entries_.end() && it->second.serial == serial) {
            recency_.erase(it->second.recency);
            entries_.erase(it);
        }
        throw;
    }
}

FindingsCache::Counts FindingsCache::counts() const {
    std::lock_guard lock(mutex_);
    return {hits_, misses_, entries_.size()};
}

}  // namespace gapfinder::web
