// Design-based variances for a weighted analysis (docs/method.md, "Design-based
// variance"): the sample design a wave was drawn by (strata, clusters, weights, and the
// raking that calibrated them), and, per question and split, the sums its estimates'
// linearised variances are computed from (stats.hpp, "Design-based variance").
//
// A variance is computed from per-unit sums rather than from respondents: every estimate
// the breakdown needs has influence values that depend only on a respondent's key (group)
// and answer code, so summing weights per (variance unit, raking cell, key, code) once per
// question and split is enough. The variance unit is the PSU when the design has
// clusters, and the stratum when it has none (each respondent is then its own PSU, and
// the squared weights give the sum of squared PSU totals).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analysis/splits.hpp"
#include "domain/dataset.hpp"
#include "domain/survey_definition.hpp"
#include "stats/stats.hpp"

namespace gapfinder {

struct SampleDesign {
    bool clustered = false;
    std::vector<uint32_t> unit;           // per respondent: PSU (clustered) or stratum
    std::vector<uint32_t> unit_stratum;   // per unit: its stratum
    std::vector<double> stratum_psus;     // per stratum: n_h, its PSUs (respondents when unclustered)
    std::vector<std::string> stratum_labels;
    size_t units = 0;
    // Joint raking cells (one category on every raking margin); a design that was not
    // raked has one cell. Respondents of weight 0 are in no cell (kNoCell): they add to
    // no sum, though they count among their stratum's PSUs.
    static constexpr uint32_t kNoCell = UINT32_MAX;
    std::vector<uint32_t> cell;
    std::vector<std::vector<int>> cell_category;  // [margin][cell]; empty when not raked
    size_t cells = 1;
    stats::LonelyPsu lonely = stats::LonelyPsu::adjust;
    std::vector<std::string> lonely_strata;  // strata with a single PSU, for the settings note
    double df = 0;                           // PSUs less strata (R's degf)

    bool raked() const { return !cell_category.empty(); }
};

// The design of `data` weighted by `weights`: its strata and clusters (Dataset::strata,
// clusters; clusters are numbered within strata, as R's svydesign(nest = TRUE)), and the
// raking margins' categories per respondent when the weights were raked (else empty).
// Throws InputError naming the stratum when a stratum has a single PSU under
// LonelyPsu::fail.
SampleDesign make_sample_design(const SurveyDefinition& survey, const Dataset& data,
                                const std::vector<std::vector<int>>& raking_categories);

// A question's weights summed per (unit, cell, key, code) for one split.
class DesignTable {
public:
    DesignTable(const SampleDesign& design, const Split& split, const std::vector<uint8_t>& answers, size_t codes,
                std::span<const double> weights);

    // Where one part of an estimate's influence lives: the respondents of one key, of
    // every disclosed key but one, or of every disclosed key.
    enum class Keys { one, all_but, all };
    // One part: influence u = coef[code] for each respondent of the part's keys (x = w u);
    // the parts of an estimate cover disjoint respondents.
    struct Part {
        Keys keys = Keys::one;
        size_t key = 0;
        std::vector<double> coef;  // per answer code; 0 where the code is not in the domain
    };
    const SampleDesign& design() const { return design_; }
    // The linearised variance of the estimate whose influence is the sum of the parts.
    double variance(std::span<const Part> parts) const;
    // The design's degrees of freedom within a domain (R's degf of the subset): the PSUs
    // holding a respondent with a code in `codes` in the parts' keys, less their strata.
    double domain_df(std::span<const Part> parts, std::span<const char> codes) const;

    // The design covariance of the shares of a table of `groups` (keys) by answer state
    // {positive, not positive} over respondents with a substantive answer, in R's
    // expand.grid order (groups fastest, not positive then positive), for
    // stats::rao_scott_f; `shares` receives the cells' weighted shares.
    std::vector<double> table_covariance(std::span<const size_t> groups, std::span<const char> substantive,
                                         std::span<const char> positive, std::vector<double>& shares) const;

private:
    // Sum over the part's keys of an array laid out like w_, at (unit, cell, code).
    double part_sum(const std::vector<double>& a, const Part& p, size_t unit, size_t cell, size_t code) const;
    size_t at(size_t unit, size_t cell, size_t key, size_t code) const {
        return ((unit * cells_ + cell) * keys_ + key) * codes_ + code;
    }
    // The variance of estimates given their per-(unit, cell) sums of w u (f), of w^2 u
    // (fq) and of w^2 u u' (qq, unclustered only), and per cell the sums of u (s).
    std::vector<double> covariance(size_t p, const std::vector<double>& f, const std::vector<double>& fq,
                                   const std::vector<double>& qq, const std::vector<double>& s) const;

    const SampleDesign& design_;
    size_t cells_, keys_, codes_, disclosed_;
    // Per (unit, cell, key, code): sums of w, w^2 (unclustered only) and respondents;
    // key disclosed_ + 1 (one past the split's undisclosed key) holds every disclosed key.
    std::vector<double> w_, w2_, n_;
    std::vector<double> all_w_, all_w2_, all_n_;  // per (unit, cell): every respondent, any answer
};

}  // namespace gapfinder
