// Shared xlsx reading: one zip entry's bytes (see zip_entry.hpp).
#include "zip_entry.hpp"

#include <Poco/InflatingStream.h>

#include <algorithm>

#include "errors.hpp"

namespace gapfinder::xlsx {

// The entry's compressed bytes: a window of the file, read in 64 KiB pieces.
class ZipEntryInput::Slice : public std::streambuf {
public:
    Slice(std::istream& file, uint64_t begin, uint64_t length) : file_(file), at_(begin), left_(length) {}

protected:
    int_type underflow() override {
        if (left_ == 0) return traits_type::eof();
        const auto want = static_cast<std::streamsize>(std::min<uint64_t>(left_, sizeof buffer_));
        file_.clear();
        file_.seekg(static_cast<std::streamoff>(at_));
        file_.read(buffer_, want);
        if (file_.gcount() != want)
            throw Error(GF_ERR_IO, 0, "", "cannot read the file at byte " + std::to_string(at_) + " (was it changed while being read?)");
        at_ += static_cast<uint64_t>(want);
        left_ -= static_cast<uint64_t>(want);
        setg(buffer_, buffer_, buffer_ + want);
        return traits_type::to_int_type(buffer_[0]);
    }

private:
    std::istream& file_;
    uint64_t at_, left_;
    char buffer_[1 << 16];
};

ZipEntryInput::ZipEntryInput(std::istream& file, const ZipEntry& entry, const std::string& part) : entry_(entry), part_(part) {
    if (entry.encrypted) throw input_error("the workbook part " + part + " is encrypted; save an unprotected copy of the workbook");
    if (entry.method != 0 && entry.method != 8)
        throw input_error("the workbook part " + part + " is compressed with zip method " + std::to_string(entry.method) +
                          ", which Excel does not write; open the file in Excel or LibreOffice and save it again as .xlsx");
    slice_ = std::make_unique<Slice>(file, entry.data_offset, entry.compressed);
    compressed_ = std::make_unique<std::istream>(slice_.get());
    compressed_->exceptions(std::ios::badbit);  // a read failure must surface, not look like the end
    if (entry.method == 8) {
        inflated_ = std::make_unique<Poco::InflatingInputStream>(*compressed_, -15);  // raw deflate, as zip entries hold it
        inflated_->exceptions(std::ios::badbit);
        source_ = inflated_.get();
    } else {
        source_ = compressed_.get();
    }
}

ZipEntryInput::~ZipEntryInput() = default;

ZipEntryInput::int_type ZipEntryInput::underflow() {
    source_->read(buffer_, sizeof buffer_);
    const std::streamsize got = source_->gcount();
    if (got <= 0) {
        if (produced_ != entry_.uncompressed)
            throw input_error("the workbook part " + part_ + " unpacks to " + std::to_string(produced_) + " bytes, not the " +
                              std::to_string(entry_.uncompressed) + " its zip directory gives: the file is damaged or truncated");
        if (crc_.checksum() != entry_.crc32)
            throw input_error("the workbook part " + part_ + " fails its checksum (CRC-32): the file is damaged");
        return traits_type::eof();
    }
    produced_ += static_cast<uint64_t>(got);
    if (produced_ > entry_.uncompressed)
        throw input_error("the workbook part " + part_ + " unpacks to more than the " + std::to_string(entry_.uncompressed) +
                          " bytes its zip directory gives: the file is damaged");
    crc_.update(buffer_, static_cast<unsigned>(got));
    setg(buffer_, buffer_, buffer_ + got);
    return traits_type::to_int_type(buffer_[0]);
}

}  // namespace gapfinder::xlsx
