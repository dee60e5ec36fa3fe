// A whole file mapped read-only into memory, so a reader can hand out views into it
// without copying. Unmapped on destruction.
#pragma once

#include <string>
#include <string_view>

namespace gapfinder::io {

class MappedFile {
public:
    // Throws std::runtime_error with the system's reason if the file cannot be opened.
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::string_view bytes() const { return {data_, size_}; }

    // Drops the pages wholly inside `part` (a view into bytes()) from this process's
    // resident memory; touched again, they come back from the page cache. A reader
    // that goes through a large file once keeps its memory to the part it is on.
    void release(std::string_view part) const;

private:
    const char* data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace gapfinder::io
