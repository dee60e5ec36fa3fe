#include "charts/format.hpp"

#include <cmath>
#include <cstdio>

namespace gapfinder::charts {

std::string fixed(double v, int decimals) {
    if (std::isnan(v)) return "";
    if (v == 0) v = 0;  // no "-0.0"
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s.find_first_not_of("-0.") == std::string::npos && s[0] == '-') s.erase(0, 1);  // -0.04 at 1 dp
    return s;
}

std::string percent(double share) { return std::isnan(share) ? "" : fixed(100 * share, 1) + "%"; }

std::string points(double pp) {
    if (std::isnan(pp)) return "";
    std::string s = fixed(pp, 1);
    if (s[0] == '-') return "\u2212" + s.substr(1);
    if (s.find_first_not_of("0.") == std::string::npos) return s;
    return "+" + s;
}

std::string count(double n) {
    if (std::isnan(n)) return "";
    const auto v = static_cast<unsigned long long>(std::llround(std::fabs(n)));
    std::string digits = std::to_string(v), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string p_value(double p) {
    if (std::isnan(p)) return "";
    return p < 0.001 ? "<0.001" : fixed(p, 3);
}

std::string interval(double low, double high) {
    if (std::isnan(low) || std::isnan(high)) return "";
    return percent(low) + " to " + percent(high);
}

std::string status_text(const GroupResult& r) {
    if (r.suppressed)
        return r.suppression == "secondary" ? "Suppressed (protects a small group)" : "Suppressed (small base)";
    if (r.undisclosed) return "Not compared (undisclosed)";
    if (r.reference) return "Reference group";
    if (r.flagged) return r.gap_pp < 0 ? "Flagged gap: lower" : "Flagged gap: higher";
    if (r.low_base) return "Low base: not flagged";
    if (!shows_comparison(r)) return "No comparison";
    return "No flagged gap";
}

const char* flag_symbol(const GroupResult& r) {
    if (r.suppressed || !r.flagged) return "";
    return r.gap_pp < 0 ? "\u25BC" : "\u25B2";
}

}  // namespace gapfinder::charts
