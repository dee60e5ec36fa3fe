#include "csv/decoded_file.hpp"

#include <cstdio>

#include "text/encoding.hpp"

namespace gapfinder::csv {

bool take_file_option(std::string_view key, std::string_view value, FileOptions& options, std::string& error) {
    if (key == "encoding") {
        if (value == "auto") options.encoding = Encoding::automatic;
        else if (value == "utf-8" || value == "utf8") options.encoding = Encoding::utf8;
        else if (value == "windows-1252" || value == "cp1252") options.encoding = Encoding::windows1252;
        else error = "option encoding=" + std::string(value) + ": use auto, utf-8 or windows-1252";
        return true;
    }
    if (key == "delimiter") {
        if (value == "auto") options.delimiter = 0;
        else if (value == "tab" || value == "\\t") options.delimiter = '\t';
        else if (value == "pipe") options.delimiter = '|';
        else if (value.size() == 1 && value != "\"" && value != "\n" && value != "\r") options.delimiter = value[0];
        else error = "option delimiter=" + std::string(value) + ": use auto, a single character, tab or pipe";
        return true;
    }
    return false;
}

namespace {

std::string_view without_bom(std::string_view text) {
    return text.substr(0, 3) == "\xEF\xBB\xBF" ? text.substr(3) : text;
}

std::string byte_hex(unsigned char c) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "0x%02X", c);
    return buffer;
}

}  // namespace

DecodedFile::DecodedFile(const std::string& path, FileOptions options, const Warn& warn)
    : file_(path), text_(without_bom(file_.bytes())), reader_(text_, ',') {
    const std::string_view bytes = file_.bytes();
    if (text::has_utf16_bom(bytes)) {
        // Excel's "Unicode Text" (tab-separated UTF-16): read as the same text in UTF-8.
        if (options.encoding == Encoding::windows1252)
            throw ParseError(0, 0, 0, "the file is UTF-16 (it starts with a UTF-16 byte order mark), not Windows-1252; drop --option encoding");
        size_t bad = 0;
        if (!text::utf16_to_utf8(bytes, utf16_text_, &bad))
            throw ParseError(0, 0, 0, "the file is UTF-16 (as Excel's \"Unicode Text\" writes) but breaks off or holds a lone "
                                      "surrogate at byte " + std::to_string(bad) + "; save it as \"CSV UTF-8\" instead");
        text_ = utf16_text_;
        options.encoding = Encoding::utf8;
    }
    if (text_.find('\0') != std::string_view::npos)
        throw ParseError(0, 0, 0, "the file holds NUL bytes: it is not a text CSV file");
    if (text_.size() != bytes.size() && options.encoding == Encoding::automatic) options.encoding = Encoding::utf8;

    // One pass over the whole file decides the encoding; cells are then checked one by
    // one only when something is wrong, to say which cell.
    size_t bad = 0;
    const bool valid_utf8 = options.encoding != Encoding::windows1252 && text::is_valid_utf8(text_, &bad);
    if (options.encoding == Encoding::automatic) {
        if (valid_utf8) {
            options.encoding = Encoding::utf8;
        } else {
            options.encoding = Encoding::windows1252;
            if (warn)
                warn("the file is not valid UTF-8 (first at byte " + std::to_string(bad) +
                     "); reading it as Windows-1252, as Excel saves CSV. Use --option encoding=utf-8 to refuse instead.");
        }
    }
    encoding_ = options.encoding;
    check_cells_ = !(encoding_ == Encoding::utf8 && valid_utf8);
    // The check above read the whole file; records are read one by one from here on,
    // so only the part being read need stay in memory (100 MB of a 1M-row file).
    file_.release(file_.bytes());
    reader_ = Reader(text_, options.delimiter ? options.delimiter : Reader::detect_delimiter(text_));
}

std::string where_of(const Record& record) {
    return record.line != record.row ? " (the row starts on line " + std::to_string(record.line) + ")" : "";
}

std::string DecodedFile::where() const { return where_of(record_); }

DecodedFile::Rest DecodedFile::rest() const {
    return {text_.substr(reader_.position()), reader_.rows_read(), reader_.next_line(), reader_.delimiter()};
}

bool DecodedFile::next(std::vector<gf_str>& cells) {
    // Records before this one were handed out and are done with (cells are views valid
    // until the next call): let their pages go, a few megabytes at a time.
    constexpr size_t kReleaseStep = size_t(8) << 20;
    if (const size_t start = reader_.position(); start - released_ >= kReleaseStep) {
        file_.release(text_.substr(released_, start - released_));  // no-op when text_ is not the mapping
        released_ = start;
    }
    if (!reader_.next(record_)) return false;
    const auto& raw = record_.cells;
    cells.resize(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) cells[i] = {raw[i].data(), raw[i].size()};
    if (!check_cells_) return true;

    // Convert (or check) the cells that are not plain ASCII, which is nearly none of them.
    converted_.clear();
    std::vector<std::pair<size_t, size_t>> ranges;  // cell index, offset into converted_
    for (size_t i = 0; i < raw.size(); ++i) {
        const std::string_view c = raw[i];
        if (text::is_ascii(c)) continue;
        size_t bad = 0;
        if (encoding_ == Encoding::utf8) {
            if (!text::is_valid_utf8(c, &bad))
                throw ParseError(record_.row, record_.line, i,
                                 "byte " + byte_hex(static_cast<unsigned char>(c[bad])) + " at character " +
                                     std::to_string(bad + 1) + " is not valid UTF-8" + where() +
                                     "; if Excel saved the file as \"CSV (Comma delimited)\", use --option encoding=windows-1252");
            continue;
        }
        const size_t begin = converted_.size();
        if (!text::windows1252_to_utf8(c, converted_, &bad))
            throw ParseError(record_.row, record_.line, i,
                             "byte " + byte_hex(static_cast<unsigned char>(c[bad])) + " at character " +
                                 std::to_string(bad + 1) + " is not a character in UTF-8 or Windows-1252" + where());
        ranges.emplace_back(i, begin);
    }
    // converted_ has stopped growing: now its views are stable.
    for (size_t k = 0; k < ranges.size(); ++k) {
        const size_t end = k + 1 < ranges.size() ? ranges[k + 1].second : converted_.size();
        cells[ranges[k].first] = {converted_.data() + ranges[k].second, end - ranges[k].second};
    }
    return true;
}

}  // namespace gapfinder::csv
