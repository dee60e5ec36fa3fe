// spss-sav: reads SPSS Statistics data files (.sav, and .zsav with zlib compression)
// through ReadStat's parser API.
//
// Like every plugin it only streams rows of UTF-8 text cells; which column is which
// question, and what each label means, is the survey definition's business. So the
// SPSS dictionary is turned into the text a CSV export of the same file would hold:
//   - headings are the variable names (q1, ethnic), or with headings=labels the
//     variable labels ("What is your ethnic group?"), a variable without a label keeping
//     its name; a label shared by several variables gets " (name)" added to each, since
//     a definition must be able to name one column;
//   - a value with a value label is sent as the label, so definitions map labels exactly
//     as in CSV; an unlabelled number as its shortest round-tripping text (3, not 3.0),
//     by the rule every plugin shares (text/value_text.hpp); a date, time or date-time
//     variable (by its print format) as ISO 8601; a string as it is;
//   - system-missing values are empty cells, and so are user-defined missing values
//     (SPSS's MISSING VALUES) unless user_missing=keep, which sends their label or value.
// Cases are buffered one at a time (ReadStat calls the value handler once per variable
// per case, in order) and sent when complete: the file's values are never all held.
//
// Rows: case N is reported as row N + 1, as if a heading row were row 1 (the CSV
// convention), and errors say "case N" too. A weight variable (WEIGHT BY) is an
// ordinary column.
//
// Text: ReadStat converts from the encoding the file declares to UTF-8. Text that is
// not in that encoding (old files that say UTF-8 but hold Windows-1252) fails ReadStat's
// conversion, and every name, label and string is also checked to be valid UTF-8; either
// way the read stops naming the case and variable, and --option encoding=NAME overrides
// the declared encoding. Names are never passed on mangled.
//
// Options: headings=names|labels, user_missing=empty|keep, encoding=auto|<iconv name>.
//
// ReadStat's callbacks are C: context travels through the user ctx pointer, and no
// exception may unwind through ReadStat's frames, so each callback catches everything,
// records it and returns READSTAT_HANDLER_ABORT.
#include <gapfinder/plugin_api.h>

#include <readstat.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <exception>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "boundary/boundary.hpp"
#include "text/encoding.hpp"
#include "text/value_text.hpp"

namespace {

// An SPSS portable file (.por): 200 bytes of "ASCII SPSS PORT FILE" banner, a 256-byte
// character table, then the tag "SPSSPORT", all in 80-column lines (PSPP's manual,
// "Portable File Format"). ReadStat could read it, but its labels and missing values come
// through differently from a .sav's, and nothing here is tested on them, so it is refused
// with the way out rather than read half right.
constexpr size_t kPortableTagReach = 1024;
constexpr const char* kPortableAdvice =
    "the file is an SPSS portable file (.por), which gapfinder does not read: save it as an SPSS Statistics data file "
    "(.sav) instead, in SPSS with File > Save As, or with PSPP: pspp-convert FILE.por FILE.sav";

bool is_portable(std::string_view head) {
    return head.substr(0, kPortableTagReach).find("SPSSPORT") != std::string_view::npos;
}

std::string_view view(const gf_str& s) { return {s.data, s.size}; }
gf_str str_of(std::string_view s) { return {s.data(), s.size()}; }

struct Settings {
    bool label_headings = false;
    bool keep_user_missing = false;
    std::string encoding;  // empty: as the file declares
};

// Returns an error message, or empty when all options are understood.
std::string parse_options(const gf_read_request* request, Settings& settings) {
    for (size_t i = 0; i < request->option_count; ++i) {
        const std::string_view key = view(request->options[i].key), value = view(request->options[i].value);
        if (key == "headings") {
            if (value == "names") settings.label_headings = false;
            else if (value == "labels") settings.label_headings = true;
            else return "option headings=" + std::string(value) + ": use names or labels";
        } else if (key == "user_missing") {
            if (value == "empty") settings.keep_user_missing = false;
            else if (value == "keep") settings.keep_user_missing = true;
            else return "option user_missing=" + std::string(value) + ": use empty or keep";
        } else if (key == "encoding") {
            if (value.empty() || value.find('\0') != std::string_view::npos)
                return "option encoding needs an encoding name, such as windows-1252";
            settings.encoding = value == "auto" ? "" : std::string(value);
        } else {
            return "unknown option \"" + std::string(key) + "\" (this plugin knows headings, user_missing and encoding)";
        }
    }
    return {};
}

// What a variable's print format (SPSS's FORMATS) makes of its numbers. SPSS stores
// dates and times as seconds: since 1582-10-14 00:00 for dates, since midnight (or as a
// duration) for times.
enum class Temporal { none, date, datetime, time };

Temporal temporal_of(const char* format) {
    std::string f;
    for (const char* p = format ? format : ""; *p && !(*p >= '0' && *p <= '9'); ++p)
        f += static_cast<char>(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
    if (f == "DATE" || f == "ADATE" || f == "EDATE" || f == "SDATE" || f == "JDATE" || f == "MOYR" || f == "QYR" ||
        f == "WKYR")
        return Temporal::date;
    if (f == "DATETIME" || f == "YMDHMS") return Temporal::datetime;
    if (f == "TIME" || f == "DTIME" || f == "MTIME") return Temporal::time;
    return Temporal::none;
}

// The text of an SPSS date or time value, as ISO 8601 (2024-03-05, 2024-03-05T14:30:00,
// 14:30:00; a time of 24 hours or more keeps counting hours). False when the value is
// no date SPSS can show: the caller then sends the plain number.
bool append_temporal(double seconds, Temporal kind, std::string& out) {
    if (!std::isfinite(seconds) || std::fabs(seconds) > 1e13) return false;
    const long long total = std::llround(seconds);
    if (kind == Temporal::time) {
        if (total < 0) return false;
        gapfinder::text::append_clock(total / 3600, total % 3600, out);
        return true;
    }
    static const int64_t kSpssEpoch = gapfinder::text::days_from_civil(1582, 10, 14);
    const long long days = total >= 0 ? total / 86400 : -((-total + 86399) / 86400);
    const long long second_of_day = total - days * 86400;
    if (!gapfinder::text::append_iso_date(kSpssEpoch + days, out)) return false;
    if (kind == Temporal::datetime || second_of_day != 0) {
        out += 'T';
        gapfinder::text::append_clock(second_of_day / 3600, second_of_day % 3600, out);
    }
    return true;
}

// Lower-cased ASCII with runs of spaces folded: how headings are compared for clashes.
std::string heading_key(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return out;
}

struct LabelSet {
    std::map<double, std::string> numbers;
    std::map<std::string, std::string, std::less<>> strings;
};

struct Variable {
    std::string name;
    std::string label;
    const LabelSet* labels = nullptr;
    Temporal temporal = Temporal::none;
};

class SavRead {
public:
    SavRead(const gf_read_request* request, const gf_sink* sink, const gf_host* host, gf_status* status)
        : request_(request), sink_(sink), host_(host), status_(status) {}

    int32_t run() {
        if (std::string problem = parse_options(request_, settings_); !problem.empty())
            return gf_status_set(status_, GF_ERR_INPUT, 0, "", "%s", problem.c_str());
        if (int32_t code = check_magic(); code != GF_OK) return code;

        std::unique_ptr<readstat_parser_t, decltype(&readstat_parser_free)> parser(readstat_parser_init(),
                                                                                  &readstat_parser_free);
        if (!parser) throw std::bad_alloc();
        readstat_set_metadata_handler(parser.get(), &SavRead::on_metadata);
        readstat_set_variable_handler(parser.get(), &SavRead::on_variable);
        readstat_set_fweight_handler(parser.get(), &SavRead::on_fweight);
        readstat_set_value_label_handler(parser.get(), &SavRead::on_value_label);
        readstat_set_value_handler(parser.get(), &SavRead::on_value);
        readstat_set_error_handler(parser.get(), &SavRead::on_error);
        readstat_set_handler_character_encoding(parser.get(), "UTF-8");
        if (!settings_.encoding.empty()) readstat_set_file_character_encoding(parser.get(), settings_.encoding.c_str());

        const readstat_error_t error = readstat_parse_sav(parser.get(), request_->path, this);
        if (failed_) return status_->code;
        if (cancelled_) return GF_ERR_CANCELLED;
        if (error != READSTAT_OK) return report(error);
        if (next_variable_ != 0)
            return gf_status_set(status_, GF_ERR_INPUT, cases_ + 2, "", "case %llu: the file ends in the middle of the case",
                                 static_cast<unsigned long long>(cases_ + 1));
        if (variables_.empty()) return gf_status_set(status_, GF_ERR_INPUT, 0, "", "the file has no variables");
        if (!begun_ && !begin()) return failed_ ? status_->code : GF_ERR_CANCELLED;
        return GF_OK;
    }

private:
    // ---- ReadStat callbacks: C functions, so nothing may be thrown out of them --------

    template <class F>
    int guarded(F&& body) noexcept {
        if (failed_ || cancelled_) return READSTAT_HANDLER_ABORT;
        try {
            return body();
        } catch (const std::bad_alloc&) {
            fail(GF_ERR_INTERNAL, 0, "", "out of memory");
        } catch (const std::exception& e) {
            fail(GF_ERR_INTERNAL, 0, "", e.what());
        } catch (...) {
            fail(GF_ERR_INTERNAL, 0, "", "unexpected failure");
        }
        return READSTAT_HANDLER_ABORT;
    }

    static int on_metadata(readstat_metadata_t* metadata, void* ctx) {
        auto* self = static_cast<SavRead*>(ctx);
        return self->guarded([&] {
            self->dictionary_read_ = true;
            self->declared_cases_ = readstat_get_row_count(metadata);
            const char* encoding = readstat_get_file_encoding(metadata);
            self->declared_encoding_ = encoding ? encoding : "";
            self->log(GF_LOG_DEBUG, "SPSS file: " + std::to_string(self->declared_cases_) + " cases, " +
                                        std::to_string(readstat_get_var_count(metadata)) + " variables, text encoding " +
                                        (encoding && *encoding ? encoding : "not declared"));
            return READSTAT_HANDLER_OK;
        });
    }

    static int on_variable(int index, readstat_variable_t* variable, const char* label_set, void* ctx) {
        auto* self = static_cast<SavRead*>(ctx);
        return self->guarded([&] { return self->add_variable(index, variable, label_set); });
    }

    static int on_fweight(readstat_variable_t* variable, void* ctx) {
        auto* self = static_cast<SavRead*>(ctx);
        return self->guarded([&] {
            const char* name = readstat_variable_get_name(variable);
            self->log(GF_LOG_INFO, std::string("the file declares ") + (name ? name : "?") +
                                       " as its weight variable; it is read as an ordinary column (a survey "
                                       "definition's weight_column can name it)");
            return READSTAT_HANDLER_OK;
        });
    }

    static int on_value_label(const char* label_set, readstat_value_t value, const char* label, void* ctx) {
        // ReadStat ignores this handler's result: a failure recorded here stops the parse
        // at the next callback.
        auto* self = static_cast<SavRead*>(ctx);
        return self->guarded([&] { return self->add_value_label(label_set, value, label); });
    }

    static int on_value(int case_index, readstat_variable_t* variable, readstat_value_t value, void* ctx) {
        auto* self = static_cast<SavRead*>(ctx);
        return self->guarded([&] { return self->add_value(case_index, variable, value); });
    }

    static void on_error(const char* message, void* ctx) {
        auto* self = static_cast<SavRead*>(ctx);
        try {
            self->detail_ = readable_detail(message ? message : "");
        } catch (...) {
        }
    }

    // ReadStat's messages quote the file's raw bytes (a damaged record's text, in whatever
    // encoding), but a status message must be UTF-8: keep the text that is, show other
    // bytes as \xNN and control characters as spaces, and cut it to a readable length.
    static std::string readable_detail(std::string_view m) {
        while (!m.empty() && (m.back() == '\n' || m.back() == '\r' || m.back() == ' ')) m.remove_suffix(1);
        constexpr size_t kMaxBytes = 200;
        std::string out;
        size_t i = 0;
        while (i < m.size() && out.size() < kMaxBytes) {
            const auto c = static_cast<unsigned char>(m[i]);
            if (c < 0x20 || c == 0x7F) {
                out += ' ';
                ++i;
                continue;
            }
            const size_t length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
            if (length && i + length <= m.size() && gapfinder::text::is_valid_utf8(m.substr(i, length))) {
                out.append(m.substr(i, length));
                i += length;
            } else {
                char hex[8];
                std::snprintf(hex, sizeof hex, "\\x%02X", c);
                out += hex;
                ++i;
            }
        }
        if (i < m.size()) out += "...";
        return out;
    }

    // ---- the dictionary ----------------------------------------------------------------

    int add_variable(int index, readstat_variable_t* variable, const char* label_set) {
        if (index != static_cast<int>(variables_.size()))
            return fail(GF_ERR_INTERNAL, 0, "", "ReadStat reported variable " + std::to_string(index + 1) + " out of order");
        Variable v;
        const char* name = readstat_variable_get_name(variable);
        const char* label = readstat_variable_get_label(variable);
        v.name = name ? name : "";
        v.label = label ? label : "";
        const std::string where = "variable " + std::to_string(index + 1);
        if (!check_utf8(v.name, 0, where, "its name")) return READSTAT_HANDLER_ABORT;
        if (v.name.empty()) v.name = where;
        if (!check_utf8(v.label, 0, v.name, "its variable label")) return READSTAT_HANDLER_ABORT;
        if (label_set && *label_set) v.labels = &label_sets_[label_set];
        if (readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_NUMERIC)
            v.temporal = temporal_of(readstat_variable_get_format(variable));
        variables_.push_back(std::move(v));
        return READSTAT_HANDLER_OK;
    }

    int add_value_label(const char* label_set, readstat_value_t value, const char* label) {
        if (!label_set) return READSTAT_HANDLER_OK;
        std::string text = label ? label : "";
        if (!check_utf8(text, 0, "", std::string("a value label in label set ") + label_set)) return READSTAT_HANDLER_ABORT;
        LabelSet& set = label_sets_[label_set];
        if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) {
            const char* key = readstat_string_value(value);
            set.strings.insert_or_assign(std::string(key ? key : ""), std::move(text));
        } else if (!readstat_value_is_system_missing(value) && !readstat_value_is_tagged_missing(value)) {
            const double key = readstat_double_value(value);
            if (!std::isnan(key)) set.numbers.insert_or_assign(key == 0 ? 0.0 : key, std::move(text));
        }
        return READSTAT_HANDLER_OK;
    }

    // Sends the headings, once, before the first case (or at the end of a file without
    // cases).
    bool begin() {
        begun_ = true;
        headings_.reserve(variables_.size());
        for (const Variable& v : variables_)
            headings_.push_back(settings_.label_headings && !v.label.empty() ? v.label : v.name);
        if (settings_.label_headings) {
            std::unordered_map<std::string, std::vector<size_t>> by_key;
            for (size_t i = 0; i < headings_.size(); ++i) by_key[heading_key(headings_[i])].push_back(i);
            for (const auto& entry : by_key) {
                const std::vector<size_t>& columns = entry.second;
                if (columns.size() < 2) continue;
                std::string names;
                for (size_t i : columns) {
                    names += (names.empty() ? "" : ", ") + variables_[i].name;
                    headings_[i] += " (" + variables_[i].name + ")";
                }
                log(GF_LOG_INFO, "variables " + names + " share the label \"" + variables_[columns.front()].label +
                                     "\"; their headings add the variable name in brackets");
            }
        }
        std::vector<gf_str> views;
        views.reserve(headings_.size());
        for (const auto& h : headings_) views.push_back(str_of(h));
        texts_.assign(variables_.size(), std::string());
        cells_.assign(variables_.size(), gf_str{"", 0});
        if (sink_->begin(sink_->ctx, 1, views.data(), views.size()) != 0) {
            cancelled_ = true;
            return false;
        }
        return true;
    }

    // ---- the cases -----------------------------------------------------------------------

    int add_value(int case_index, readstat_variable_t* variable, readstat_value_t value) {
        const int index = readstat_variable_get_index(variable);
        if (index < 0 || static_cast<size_t>(index) >= variables_.size())
            return fail(GF_ERR_INTERNAL, 0, "", "ReadStat reported a value for unknown variable " + std::to_string(index + 1));
        if (!begun_ && !begin()) return READSTAT_HANDLER_ABORT;
        const uint64_t case_number = static_cast<uint64_t>(case_index) + 1;
        const uint64_t row = case_number + 1;
        if (case_index < 0 || case_number != cases_ + 1 || static_cast<size_t>(index) != next_variable_)
            return fail(GF_ERR_INTERNAL, row, "", "ReadStat reported variable " + std::to_string(index + 1) + " of case " +
                                                      std::to_string(case_number) + " out of order");

        const Variable& v = variables_[static_cast<size_t>(index)];
        gf_str& cell = cells_[static_cast<size_t>(index)];
        std::string& text = texts_[static_cast<size_t>(index)];
        cell = {"", 0};
        const bool missing = readstat_value_is_system_missing(value) || readstat_value_is_tagged_missing(value) ||
                             (!settings_.keep_user_missing && readstat_value_is_defined_missing(value, variable));
        if (!missing) {
            if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) {
                const char* s = readstat_string_value(value);
                const std::string_view raw(s ? s : "");
                if (const std::string* label = find_label(v, raw)) {
                    cell = str_of(*label);
                } else {
                    if (!check_utf8(raw, row, heading_of(index),
                                    "case " + std::to_string(case_number) + " (variable " + v.name + "): the value"))
                        return READSTAT_HANDLER_ABORT;
                    text.assign(raw);  // ReadStat reuses its buffer: keep a copy until the case is sent
                    cell = str_of(text);
                }
            } else {
                const double d = readstat_double_value(value);
                if (!std::isnan(d)) {
                    if (const std::string* label = find_label(v, d)) {
                        cell = str_of(*label);
                    } else {
                        text.clear();
                        if (v.temporal == Temporal::none || !append_temporal(d, v.temporal, text)) {
                            // A date SPSS cannot show (it prints asterisks) would arrive as
                            // a count of seconds that no map could place: refused instead.
                            if (v.temporal == Temporal::date || v.temporal == Temporal::datetime) {
                                text.clear();
                                gapfinder::text::append_number(d, text);
                                return fail(GF_ERR_INPUT, row, heading_of(index),
                                            "case " + std::to_string(case_number) + " (variable " + v.name + "): the date value " +
                                                text + " (seconds since 1582-10-14) is not a date that can be shown: it falls after "
                                                "9999-12-31 or before the year 1; correct it in SPSS, or make the variable numeric");
                            }
                            text.clear();
                            gapfinder::text::append_number(d, text);
                        }
                        cell = str_of(text);
                    }
                }
            }
        }

        if (++next_variable_ < variables_.size()) return READSTAT_HANDLER_OK;
        next_variable_ = 0;
        ++cases_;
        if (sink_->row(sink_->ctx, row, cells_.data(), cells_.size()) != 0) {
            cancelled_ = true;
            return READSTAT_HANDLER_ABORT;
        }
        return READSTAT_HANDLER_OK;
    }

    static const std::string* find_label(const Variable& v, std::string_view key) {
        if (!v.labels) return nullptr;
        auto it = v.labels->strings.find(key);
        return it == v.labels->strings.end() ? nullptr : &it->second;
    }
    static const std::string* find_label(const Variable& v, double key) {
        if (!v.labels) return nullptr;
        auto it = v.labels->numbers.find(key == 0 ? 0.0 : key);
        return it == v.labels->numbers.end() ? nullptr : &it->second;
    }

    // The heading of a column, as sent: what errors name as the column.
    std::string heading_of(int index) const {
        const size_t i = static_cast<size_t>(index);
        return i < headings_.size() ? headings_[i] : variables_[i].name;
    }

    // ---- errors --------------------------------------------------------------------------

    // Records the first failure; allocates nothing, so it is safe in a catch block.
    int fail(int32_t code, uint64_t row, const char* field, const char* message) noexcept {
        if (!failed_) gf_status_set(status_, code, row, field, "%s", message);
        failed_ = true;
        return READSTAT_HANDLER_ABORT;
    }
    int fail(int32_t code, uint64_t row, const std::string& field, const std::string& message) {
        return fail(code, row, field.c_str(), message.c_str());
    }

    bool check_utf8(std::string_view s, uint64_t row, const std::string& field, const std::string& what) {
        size_t bad = 0;
        if (gapfinder::text::is_valid_utf8(s, &bad)) return true;
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(s[bad]));
        fail(GF_ERR_INPUT, row, field, what + " is not valid UTF-8 (byte " + byte + " at character " + std::to_string(bad + 1) +
                                           ")" + encoding_hint());
        return false;
    }

    // The file starts with "$FL2" (sav) or "$FL3" (zsav); anything else is not SPSS. A
    // portable file is refused here, by name, before ReadStat takes it for a broken .sav.
    int32_t check_magic() {
        std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen(request_->path, "rb"), &std::fclose);
        if (!f) return gf_status_set(status_, GF_ERR_IO, 0, "", "cannot open the file");
        char head[kPortableTagReach] = {};
        const size_t n = std::fread(head, 1, sizeof head, f.get());
        const std::string_view bytes(head, n);
        magic_ok_ = n >= 4 && (bytes.substr(0, 4) == "$FL2" || bytes.substr(0, 4) == "$FL3");
        if (!magic_ok_ && is_portable(bytes))
            return gf_status_set(status_, GF_ERR_INPUT, 0, "", "%s", kPortableAdvice);
        return GF_OK;
    }

    int32_t report(readstat_error_t error) {
        std::string readstat = readstat_error_message(error);
        if (!detail_.empty() && detail_ != readstat) readstat += ": " + detail_;
        const char* rs = readstat.c_str();
        if (!magic_ok_) return gf_status_set(status_, GF_ERR_INPUT, 0, "", "not an SPSS file (ReadStat: %s)", rs);
        // Past the dictionary, the trouble is in the case being read.
        const unsigned long long next_case = cases_ + 1;
        const uint64_t row = dictionary_read_ ? cases_ + 2 : 0;
        const std::string at = dictionary_read_ ? "case " + std::to_string(next_case) + ": " : "";
        switch (error) {
            case READSTAT_ERROR_OPEN:
                return gf_status_set(status_, GF_ERR_IO, 0, "", "cannot open the file (ReadStat: %s)", rs);
            case READSTAT_ERROR_UNSUPPORTED_CHARSET:
                if (!settings_.encoding.empty())
                    return gf_status_set(status_, GF_ERR_INPUT, 0, "", "option encoding=%s: not an encoding ReadStat can convert (ReadStat: %s)",
                                         settings_.encoding.c_str(), rs);
                return gf_status_set(status_, GF_ERR_INPUT, 0, "",
                                     "the file's character set is not one ReadStat can convert (ReadStat: %s); name one "
                                     "with --option encoding=NAME",
                                     rs);
            case READSTAT_ERROR_CONVERT:
            case READSTAT_ERROR_CONVERT_BAD_STRING:
            case READSTAT_ERROR_CONVERT_SHORT_STRING:
            case READSTAT_ERROR_CONVERT_LONG_STRING: {
                // ReadStat converts each string just before handing it over, so in the
                // cases the culprit is the variable after the last one received.
                const bool known = dictionary_read_ && next_variable_ < variables_.size();
                const std::string field = known ? heading_of(static_cast<int>(next_variable_)) : "";
                const std::string where =
                    known ? "case " + std::to_string(next_case) + " (variable " + variables_[next_variable_].name + "): " : at;
                return gf_status_set(status_, GF_ERR_INPUT, row, field.c_str(), "%stext that cannot be converted to UTF-8 (ReadStat: %s)%s",
                                     where.c_str(), rs, encoding_hint().c_str());
            }
            case READSTAT_ERROR_ROW_COUNT_MISMATCH:
                return gf_status_set(status_, GF_ERR_INPUT, row, "",
                                     "%sthe file ends after %llu of the %lld cases its header declares: it is cut short "
                                     "(ReadStat: %s)",
                                     at.c_str(), static_cast<unsigned long long>(cases_), static_cast<long long>(declared_cases_), rs);
            default:
                return gf_status_set(status_, GF_ERR_INPUT, row, "", "%sthe file is damaged or cut short%s (ReadStat: %s)",
                                     at.c_str(), dictionary_read_ ? "" : " in its dictionary, before the first case", rs);
        }
    }

    // What to do about text that is not in the encoding it should be.
    std::string encoding_hint() const {
        if (!settings_.encoding.empty())
            return "; the file's text is not valid " + settings_.encoding + ": name another with --option encoding=NAME";
        return "; the file says its text is " + (declared_encoding_.empty() ? std::string("ASCII") : declared_encoding_) +
               ", but it is not: if an older SPSS saved it, name the real encoding with --option "
               "encoding=windows-1252 (or its code page)";
    }

    void log(int32_t level, const std::string& message) {
        if (host_ && host_->log) host_->log(host_->ctx, level, str_of(message));
    }

    const gf_read_request* request_;
    const gf_sink* sink_;
    const gf_host* host_;
    gf_status* status_;
    Settings settings_;
    bool magic_ok_ = false;
    bool failed_ = false;      // status_ is filled
    bool cancelled_ = false;   // the sink asked to stop
    bool dictionary_read_ = false;
    bool begun_ = false;
    long long declared_cases_ = -1;
    std::string declared_encoding_;  // as the file declares it, or as encoding= overrides it
    std::map<std::string, LabelSet, std::less<>> label_sets_;  // node-based: Variable::labels stay valid
    std::vector<Variable> variables_;
    std::vector<std::string> headings_;  // as sent to the sink
    std::vector<std::string> texts_;  // per variable: the current case's text, when not a label
    std::vector<gf_str> cells_;       // per variable: the current case's cell
    size_t next_variable_ = 0;        // in the case being read
    uint64_t cases_ = 0;              // complete cases sent
    std::string detail_;              // ReadStat's own message, from its error handler
};

int32_t identify(const char* path, const unsigned char* head, size_t head_size) noexcept {
    const std::string_view bytes(reinterpret_cast<const char*>(head), head ? head_size : 0);
    if (bytes.substr(0, 4) == "$FL2" || bytes.substr(0, 4) == "$FL3") return 95;
    const std::string_view name(path ? path : "");
    // A portable file is claimed only so that the read can say to save it as .sav.
    if (is_portable(bytes) || gapfinder::plugin::has_extension(name, ".por")) return 40;
    return gapfinder::plugin::has_extension(name, ".sav") || gapfinder::plugin::has_extension(name, ".zsav") ? 10 : 0;
}

int32_t read(const gf_read_request* request, const gf_sink* sink, const gf_host* host, gf_status* status) noexcept {
    return gapfinder::plugin::guarded_read(status, GF_ERR_INTERNAL, [&] { return SavRead(request, sink, host, status).run(); });
}

const gf_plugin_info kInfo = {
    sizeof(gf_plugin_info),
    "spss-sav",
    "SPSS Statistics data file",
    "1.0.0",
    ".sav;.zsav",
    "SPSS .sav and .zsav files (through ReadStat): value labels as cells, user-missing values as blanks; portable .por files are refused with advice",
};

const gf_plugin kPlugin = {sizeof(gf_plugin), GF_PLUGIN_API_VERSION, &kInfo, &identify, &read};

}  // namespace

extern "C" GF_PLUGIN_EXPORT uint32_t gapfinder_plugin_api_version(void) { return GF_PLUGIN_API_VERSION; }
extern "C" GF_PLUGIN_EXPORT const gf_plugin* gapfinder_plugin_entry(void) { return &kPlugin; }
