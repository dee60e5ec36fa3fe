// The web app's findings cache: what it keeps, for how long, and that concurrent
// requests for one analysis compute it once.
#include "web/findings_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

namespace gapfinder::web {
namespace {

Findings findings_named(const std::string& wave) {
    Findings f;
    f.wave = wave;
    return f;
}

TEST(FindingsCache, KeepsEachKeysFindingsAndDropsTheLeastRecentlyUsed) {
    FindingsCache cache(2);
    int computed = 0;
    auto get = [&](const std::string& key) {
        return cache.get(key, [&] {
            ++computed;
            return findings_named(key);
        })->wave;
    };
    EXPECT_EQ(get("a"), "a");
    EXPECT_EQ(get("a"), "a");
    EXPECT_EQ(computed, 1);
    EXPECT_EQ(get("b"), "b");
    EXPECT_EQ(get("a"), "a");  // a is now the most recent
    EXPECT_EQ(get("c"), "c");  // so b goes
    EXPECT_EQ(computed, 3);
    EXPECT_EQ(get("a"), "a");
    EXPECT_EQ(computed, 3);
    EXPECT_EQ(get("b"), "b");
    EXPECT_EQ(computed, 4);
    const auto counts = cache.counts();
    EXPECT_EQ(counts.hits, 3u);
    EXPECT_EQ(counts.misses, 4u);
    EXPECT_EQ(counts.entries, 2u);
}

TEST(FindingsCache, AnErrorIsPassedOnAndNotKept) {
    FindingsCache cache(4);
    EXPECT_THROW(cache.get("k", []() -> Findings { throw std::runtime_error("no such wave"); }), std::runtime_error);
    EXPECT_EQ(cache.counts().entries, 0u);
    EXPECT_EQ(cache.get("k", [] { return findings_named("w"); })->wave, "w");
    EXPECT_EQ(cache.counts().entries, 1u);
}

TEST(FindingsCache, CapacityZeroComputesEveryTime) {
    FindingsCache cache(0);
    int computed = 0;
    for (int i = 0; i < 3; ++i) cache.get("k", [&] { return ++computed, findings_named("w"); });
    EXPECT_EQ(computed, 3);
    EXPECT_EQ(cache.counts().entries, 0u);
}

// Eight requests for one analysis at once: one computes, the others wait for it (a
// request arriving after it finished is a plain hit), and all get the same findings.
TEST(FindingsCache, ConcurrentRequestsForOneKeyComputeItOnce) {
    FindingsCache cache(4);
    std::atomic<int> computed = 0, started = 0;
    std::vector<std::shared_ptr<const Findings>> got(8);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < got.size(); ++i)
        threads.emplace_back([&, i] {
            ++started;
            while (started < static_cast<int>(got.size())) std::this_thread::yield();
            got[i] = cache.get("k", [&] {
                ++computed;
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                return findings_named("w");
            });
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(computed, 1);
    for (const auto& f : got) EXPECT_EQ(f.get(), got[0].get());
    EXPECT_EQ(cache.counts().misses, 1u);
    EXPECT_EQ(cache.counts().hits, 7u);
}

}  // namespace
}  // namespace gapfinder::web
