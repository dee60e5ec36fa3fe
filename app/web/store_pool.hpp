// Open stores kept from one request for the next. Opening a store costs a connection
// (on PostgreSQL, a server process forked for it, and the sign-in) and the schema check,
// which together took longer than a whole cached findings request (docs/performance.md,
// "A partnership's shared server"); a request borrows an open one instead and gives it
// back when it ends.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace gapfinder::web {

class StorePool {
public:
    // Keeps at most `keep` idle stores (the server's request threads need no more).
    StorePool(std::string location, size_t keep) : location_(std::move(location)), keep_(keep) {}
    StorePool(const StorePool&) = delete;
    StorePool& operator=(const StorePool&) = delete;

    struct GiveBack {
        StorePool* pool = nullptr;
        void operator()(Store* store) const { pool->give_back(store); }
    };
    // A store for one request at a time; back to the pool when the lease ends.
    using Lease = std::unique_ptr<Store, GiveBack>;

    // An idle store, or a newly opened one (which may throw as Store's constructor does).
    Lease acquire();

private:
    void give_back(Store* store);
    std::string location_;
    size_t keep_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Store>> idle_;
};

}  // namespace gapfinder::web
