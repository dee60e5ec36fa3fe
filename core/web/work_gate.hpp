// At most N requests handled at once, let in in the order they arrived (a FIFO ticket
// gate). The server keeps a connection per thread open as long as the client wants, so
// it has many more connection threads than it lets work at once: this bounds the work
// (CPU and memory for analyses) while idle keep-alive connections cost only a thread
// each, and a waiting request is never overtaken by later ones.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace gapfinder::web {

class WorkGate {
public:
    explicit WorkGate(int slots) : slots_(static_cast<uint64_t>(slots)) {}

    // Holds one slot while it lives; waits for one, behind every earlier waiter.
    class Slot {
    public:
        explicit Slot(WorkGate& gate) : gate_(gate) { gate_.enter(); }
        ~Slot() { gate_.leave(); }
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;

    private:
        WorkGate& gate_;
    };

private:
    // Ticket t may go in once fewer than `slots_` of the tickets before it are still in:
    // t < left + slots. Tickets go in in order, since the test is monotone in t.
    void enter() {
        std::unique_lock lock(mutex_);
        const uint64_t ticket = next_++;
        changed_.wait(lock, [&] { return ticket < left_ + slots_; });
    }
    void leave() {
        {
            std::lock_guard lock(mutex_);
            ++left_;
        }
        changed_.notify_all();
    }

    std::mutex mutex_;
    std::condition_variable changed_;
    const uint64_t slots_;
    uint64_t next_ = 0;  // the next ticket to hand out
    uint64_t left_ = 0;  // how many have left
};

}  // namespace gapfinder::web
