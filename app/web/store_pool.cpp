#include "web/store_pool.hpp"

namespace gapfinder::web {

StorePool::Lease StorePool::acquire() {
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            Store* store = idle_.back().release();
            idle_.pop_back();
            return Lease(store, GiveBack{this});
        }
    }
    return Lease(new Store(location_), GiveBack{this});
}

void StorePool::give_back(Store* store) {
    std::unique_ptr<Store> owned(store);
    // The next request starts where a new store would: scoped to no one's data but the
    // default organisation's, as Exchange::store() expects before it scopes.
    owned->use_organisation(kDefaultOrganisation);
    std::lock_guard lock(mutex_);
    if (idle_.size() < keep_) idle_.push_back(std::move(owned));
}

}  // namespace gapfinder::web
