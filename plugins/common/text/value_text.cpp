#include "text/value_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>

namespace gapfinder::text {

void append_number(double value, std::string& out) {
    if (value == 0) {  // and -0
        out += '0';
        return;
    }
    if (!std::isfinite(value)) {
        out += std::isnan(value) ? "NaN" : value < 0 ? "-inf" : "inf";
        return;
    }
    char buf[400];  // enough for any double in fixed notation below 1e21
    const double magnitude = std::fabs(value);
    // Without a precision, to_chars gives the shortest digits that read back exactly.
    const std::to_chars_result r = magnitude >= 1e-6 && magnitude < 1e21
                                       ? std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed)
                                       : std::to_chars(buf, buf + sizeof buf, value);
    if (r.ec == std::errc()) out.append(buf, r.ptr);
    else out += std::to_string(value);  // cannot happen with this buffer; never drop a value
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

bool append_iso_date(int64_t days, std::string& out) {
    int64_t y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(days, y, m, d);
    if (y < 1 || y > 9999) return false;
    char buf[16];
    const int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    out.append(buf, static_cast<size_t>(n));
    return true;
}

void append_clock(int64_t hours, int64_t seconds_of_hour, std::string& out) {
    char buf[48];
    const int n = std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(hours),
                                static_cast<long long>(seconds_of_hour / 60), static_cast<long long>(seconds_of_hour % 60));
    out.append(buf, static_cast<size_t>(n));
}

}  // namespace gapfinder::text
