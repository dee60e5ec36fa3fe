// The findings the web app has computed, kept so that a second viewer of a wave does
// not recount it: an analysis of a 1M-respondent wave with intersections takes seconds,
// its reuse a lookup. Entries are keyed by everything the findings depend on (see
// findings_key), the store's data version among them, so that an ingest, a --replace
// or a new cell key secret by any process makes every older entry unreachable; the
// least recently used entries beyond the capacity are dropped.
//
// Two requests for the same key at once compute it once: the second waits for the
// first. A computation that throws is not kept; everyone waiting gets its error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "analysis/findings.hpp"

namespace gapfinder::web {

class FindingsCache {
public:
    // capacity: entries kept (0: none; every request computes).
    explicit FindingsCache(size_t capacity) : capacity_(capacity) {}

    using Compute = std::function<Findings()>;
    std::shared_ptr<const Findings> get(const std::string& key, const Compute& compute);

    struct Counts {
        uint64_t hits = 0, misses = 0;
        size_t entries = 0;
    };
    Counts counts() const;

private:
    using Result = std::shared_future<std::shared_ptr<const Findings>>;
    struct Entry {
        Result result;
        std::list<std::string>::iterator recency;
        uint64_t serial;  // which computation made it
    };
    size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
    std::list<std::string> recency_;  // most recent first
    uint64_t hits_ = 0, misses_ = 0, serial_ = 0;
};

}  // namespace gapfinder::web
