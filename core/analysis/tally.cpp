#include "analysis/tally.hpp"

#include <algorithm>

#include "analysis/cell_key.hpp"

namespace gapfinder {

Tally& Tally::operator+=(const Tally& o) {
    n += o.n, x += o.x, w += o.w, wx += o.wx, w2 += o.w2;
    member_keys += o.member_keys, positive_keys += o.positive_keys;
    for (size_t i = 0; i < by_code.size() && i < o.by_code.size(); ++i) by_code[i] += o.by_code[i];
    return *this;
}

Tally& Tally::operator-=(const Tally& o) {
    n -= o.n, x -= o.x, w -= o.w, wx -= o.wx, w2 -= o.w2;
    member_keys -= o.member_keys, positive_keys -= o.positive_keys;
    for (size_t i = 0; i < by_code.size() && i < o.by_code.size(); ++i) by_code[i] -= o.by_code[i];
    return *this;
}

Tally perturbed(const Tally& t, double floor) {
    Tally out;
    out.member_keys = t.member_keys, out.positive_keys = t.positive_keys;
    out.n = cell_key::perturb(t.n, t.member_keys, floor);
    // Positives are perturbed even when there are none, so that "nobody in this group
    // answered positively" is not certain either: their cell key mixes in the group's
    // members, which an empty set of positive answers would otherwise lack.
    out.x = t.n > 0 ? std::clamp(t.x + cell_key::perturbation(t.positive_keys + cell_key::kMix * t.member_keys), 0.0, out.n) : 0;
    const double scale_n = t.n > 0 ? out.n / t.n : 0, scale_x = t.x > 0 ? out.x / t.x : 0;
    out.w = t.w * scale_n, out.w2 = t.w2 * scale_n, out.wx = t.wx * scale_x;
    return out;
}

ScaleCodes::ScaleCodes(const Scale& scale)
    : score(scale.points.size() + 1, 0), substantive(score.size(), 0), positive(score.size(), 0) {
    for (size_t i = 0; i < scale.points.size(); ++i) {
        score[i + 1] = scale.points[i].score;
        substantive[i + 1] = scale.points[i].substantive;
        positive[i + 1] = scale.points[i].positive;
    }
}

std::vector<Tally> tallies(const CountTable& t, const ScaleCodes& scale) {
    std::vector<Tally> out(t.keys, Tally(t.codes));
    for (size_t k = 0; k < t.keys; ++k)
        for (size_t c = 1; c < t.codes; ++c) {
            if (!scale.substantive[c]) continue;
            const size_t cell = k * t.codes + c;
            const double count = t.count[cell];
            const double w = t.weighted() ? t.sum_w[cell] : count;
            const double w2 = t.weighted() ? t.sum_w2[cell] : count;
            Tally& g = out[k];
            g.n += count, g.w += w, g.w2 += w2, g.by_code[c] += w;
            if (scale.positive[c]) {
                g.x += count, g.wx += w;
                if (!t.key_sum.empty()) g.positive_keys += t.key_sum[cell];
            }
        }
    for (size_t k = 0; k < t.keys && k < t.member_keys.size(); ++k) out[k].member_keys = t.member_keys[k];
    return out;
}

stats::Moments moments(const Tally& t, const ScaleCodes& scale, bool weighted) {
    if (t.by_code.empty()) return {t.n, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
    return weighted ? stats::moments_from_weighted_counts(scale.score, t.by_code, t.effective_n())
                    : stats::moments_from_counts(scale.score, t.by_code);
}

}  // namespace gapfinder
