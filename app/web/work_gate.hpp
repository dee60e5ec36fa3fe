// At most N requests handled at once, let in in the order they arrived (a FIFO queue
// of waiters). The server keeps a connection per thread open as long as the client wants, so
// it has many more connection threads than it lets work at once: this bounds the work
// (CPU and memory for analyses) while idle keep-alive connections cost only a thread
// each, and a waiting request is never overtaken by later ones. A request enters only
// once its body is in memory, so a client slow to send one holds no slot (an upload, from
// a signed-in analyst only, streams to disk while it holds one).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace gapfinder::web {

class WorkGate {
public:
    explicit WorkGate(int slots) : slots_(static_cast<size_t>(slots)) {}

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
    // A request that found every slot taken waits on a condition of its own, so that a
    // leaving request wakes exactly the one whose turn it is (hands its slot over), not
    // every waiter.
    struct Waiter {
        std::condition_variable turn;
        bool admitted = false;
    };

    void enter() {
        std::unique_lock lock(mutex_);
        if (busy_ < slots_ && waiting_.empty()) {
            ++busy_;
            return;
        }
        Waiter me;
        waiting_.push_back(&me);
        me.turn.wait(lock, [&] { return me.admitted; });
    }
    void leave() {
        std::lock_guard lock(mutex_);
        if (waiting_.empty()) {
            --busy_;
            return;
        }
        Waiter* next = waiting_.front();
        waiting_.pop_front();
        next->admitted = true;
        // Under the lock: the waiter cannot return (and destroy `turn`) before this ends.
        next->turn.notify_one();
    }

    std::mutex mutex_;
    const size_t slots_;
    size_t busy_ = 0;               // slots held
    std::deque<Waiter*> waiting_;   // in arrival order
};

}  // namespace gapfinder::web
