// Large pages for the large buffers of one command's run.
//
// An analysis of a million respondents allocates a few hundred one-megabyte columns
// (the wave's codes, each split's keys, the packed answers) and frees most of them
// soon after. With glibc's defaults each is a fresh mmap, and each of its 4 KiB pages
// costs a page fault on first touch and an munmap on free: on the 1M bench that was
// 33,000 faults and about a third of the run's processor time (docs/performance.md).
//
// prefer_large_pages() keeps such buffers in malloc's main heap (below the mmap
// threshold, never trimmed back to the system) and asks the kernel to back a
// reserved stretch of that heap with 2 MiB transparent huge pages (madvise: the
// machine's THP mode "madvise" honours it, "never" ignores it harmlessly). It is
// what GLIBC_TUNABLES=glibc.malloc.hugetlb=1 does, set from inside the program. The
// reserve is address space, not memory: pages are only resident once used.
//
// For short commands only: a long-running server would keep its peak heap.
#pragma once

#include <cstddef>

namespace gapfinder {

void prefer_large_pages(size_t reserve_bytes = size_t(256) << 20);

}  // namespace gapfinder
