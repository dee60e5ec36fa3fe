#include "util/large_pages.hpp"

#include <cstdint>
#include <cstdlib>
#include <vector>

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace gapfinder {

void prefer_large_pages(size_t reserve_bytes) {
#if defined(__linux__) && defined(__GLIBC__)
    constexpr size_t kHugePage = size_t(2) << 20;
    constexpr size_t kBlock = size_t(16) << 20;
    // 32 MiB is the largest mmap threshold glibc accepts; a column of 16M respondents.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    // Grow the main heap by the reserve in blocks under the threshold, mark the
    // stretch for huge pages, and give the blocks back to malloc, which keeps them.
    std::vector<void*> blocks;
    for (size_t reserved = 0; reserved < reserve_bytes; reserved += kBlock)
        if (void* b = std::malloc(kBlock)) blocks.push_back(b);
    if (!blocks.empty()) {
        const auto first = reinterpret_cast<uintptr_t>(blocks.front());
        const uintptr_t start = (first + kHugePage - 1) & ~(kHugePage - 1);
        const uintptr_t end = reinterpret_cast<uintptr_t>(sbrk(0)) & ~(kHugePage - 1);
        // Best effort: the blocks may not be one stretch (another thread's heap, or a
        // break moved by someone else), and a kernel without THP refuses; either way
        // the program runs as before.
        if (end > start && end - start <= 2 * reserve_bytes)
            madvise(reinterpret_cast<void*>(start), end - start, MADV_HUGEPAGE);
    }
    for (void* b : blocks) std::free(b);
#else
    (void)reserve_bytes;
#endif
}

}  // namespace gapfinder
