#include "analysis/design_variance.hpp"

#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "util/errors.hpp"

namespace gapfinder {

namespace {

// A design column must cover the wave: a file ingested before the definition named
// the column has none.
void check_column(const SurveyDefinition& survey, const Dataset& data, const LabelColumn& column, const std::string& name,
                  const char* field) {
    if (name.empty() || column.codes.size() == data.rows()) return;
    throw InputError(survey.source + ": " + field + " \"" + name + "\" is not stored for every respondent of this wave " +
                     "(a file was ingested before the definition named it); ingest the wave's files again with --replace");
}

}  // namespace

SampleDesign make_sample_design(const SurveyDefinition& survey, const Dataset& data,
                                const std::vector<std::vector<int>>& raking_categories) {
    check_column(survey, data, data.strata, survey.strata_column, "strata_column");
    check_column(survey, data, data.clusters, survey.cluster_column, "cluster_column");
    const size_t n = data.rows();
    SampleDesign d;
    d.lonely = survey.lonely_psu;
    const bool stratified = !survey.strata_column.empty();
    d.stratum_labels = stratified ? data.strata.labels : std::vector<std::string>{""};
    d.stratum_psus.assign(d.stratum_labels.size(), 0.0);
    auto stratum_of = [&](size_t r) -> uint32_t { return stratified ? data.strata.codes[r] : 0; };
    d.clustered = !survey.cluster_column.empty();
    d.unit.resize(n);
    if (d.clustered) {
        // Clusters are numbered within strata (R: svydesign(nest = TRUE)): cluster 1 of
        // stratum A and cluster 1 of stratum B are two PSUs.
        std::map<std::pair<uint32_t, uint32_t>, uint32_t> psu;
        for (size_t r = 0; r < n; ++r) {
            const uint32_t h = stratum_of(r);
            const auto [it, fresh] = psu.try_emplace({h, data.clusters.codes[r]}, static_cast<uint32_t>(psu.size()));
            if (fresh) {
                d.unit_stratum.push_back(h);
                ++d.stratum_psus[h];
            }
            d.unit[r] = it->second;
        }
        d.units = psu.size();
    } else {
        for (size_t r = 0; r < n; ++r) {
            d.unit[r] = stratum_of(r);
            ++d.stratum_psus[d.unit[r]];
        }
        d.units = d.stratum_labels.size();
        for (size_t h = 0; h < d.units; ++h) d.unit_stratum.push_back(static_cast<uint32_t>(h));
    }
    double psus = 0, strata = 0;
    for (size_t h = 0; h < d.stratum_psus.size(); ++h) {
        if (!(d.stratum_psus[h] > 0)) continue;
        psus += d.stratum_psus[h], ++strata;
        if (d.stratum_psus[h] == 1) d.lonely_strata.push_back(d.stratum_labels[h]);
    }
    d.df = psus - strata;
    if (!d.lonely_strata.empty() && d.lonely == stats::LonelyPsu::fail) {
        std::string list;
        for (const auto& s : d.lonely_strata) list += (list.empty() ? "\"" : ", \"") + s + "\"";
        throw InputError(survey.source + ": stratum " + list + " of column \"" + survey.strata_column +
                         "\" has a single " + (d.clustered ? "cluster (\"" + survey.cluster_column + "\")" : "respondent") +
                         ", so its variance cannot be estimated, and \"lonely_psu\" is \"fail\"; choose remove, certainty "
                         "or adjust (R's survey.lonely.psu rules), or merge the stratum with a neighbour");
    }

    d.cell.assign(n, 0);
    if (!raking_categories.empty()) {
        // Joint raking cells, numbered in order of first appearance.
        std::unordered_map<uint64_t, uint32_t> index;
        d.cell_category.resize(raking_categories.size());
        for (size_t r = 0; r < n; ++r) {
            uint64_t key = 0;
            bool kept = true;
            for (const auto& margin : raking_categories) {
                if (margin[r] < 0) kept = false;
                key = key * 256 + static_cast<uint64_t>(margin[r] + 1);
            }
            if (!kept) {
                d.cell[r] = SampleDesign::kNoCell;
                continue;
            }
            const auto [it, fresh] = index.try_emplace(key, static_cast<uint32_t>(index.size()));
            if (fresh)
                for (size_t m = 0; m < raking_categories.size(); ++m) d.cell_category[m].push_back(raking_categories[m][r]);
            d.cell[r] = it->second;
        }
        d.cells = index.size();
    }
    return d;
}

DesignTable::DesignTable(const SampleDesign& design, const Split& split, const std::vector<uint8_t>& answers, size_t codes,
                         std::span<const double> weights)
    : design_(design), cells_(design.cells), keys_(split.key_count() + 1), codes_(codes), disclosed_(split.groups.size()) {
    const size_t size = design.units * cells_ * keys_ * codes_;
    w_.assign(size, 0.0);
    n_.assign(size, 0.0);
    if (!design.clustered) w2_.assign(size, 0.0);
    all_w_.assign(design.units * cells_, 0.0);
    all_w2_.assign(design.units * cells_, 0.0);
    all_n_.assign(design.units * cells_, 0.0);
    for (size_t r = 0; r < answers.size(); ++r) {
        const double w = weights[r];
        const uint32_t cell = design.cell[r];
        if (!(w > 0) || cell == SampleDesign::kNoCell) continue;
        const size_t i = at(design.unit[r], cell, split.keys[r], answers[r]);
        w_[i] += w;
        n_[i] += 1;
        if (!w2_.empty()) w2_[i] += w * w;
        const size_t j = design.unit[r] * cells_ + cell;
        all_w_[j] += w, all_w2_[j] += w * w, all_n_[j] += 1;
    }
    for (size_t u = 0; u < design.units; ++u)
        for (size_t c = 0; c < cells_; ++c)
            for (size_t k = 0; k < disclosed_; ++k)
                for (size_t code = 0; code < codes_; ++code) {
                    const size_t from = at(u, c, k, code), to = at(u, c, disclosed_ + 1, code);
                    w_[to] += w_[from], n_[to] += n_[from];
                    if (!w2_.empty()) w2_[to] += w2_[from];
                }
}

double DesignTable::part_sum(const std::vector<double>& a, const Part& p, size_t unit, size_t cell, size_t code) const {
    const double all = a[at(unit, cell, disclosed_ + 1, code)];
    switch (p.keys) {
        case Keys::one: return a[at(unit, cell, p.key, code)];
        case Keys::all_but: return all - a[at(unit, cell, p.key, code)];
        case Keys::all: return all;
    }
    return 0;
}

double DesignTable::variance(std::span<const Part> parts) const {
    const size_t uc = design_.units * cells_;
    std::vector<double> f(uc, 0.0), fq, qq, s;
    if (!design_.clustered) fq.assign(uc, 0.0), qq.assign(uc, 0.0);
    if (design_.raked()) s.assign(cells_, 0.0);
    for (size_t u = 0; u < design_.units; ++u)
        for (size_t c = 0; c < cells_; ++c) {
            const size_t i = u * cells_ + c;
            for (const Part& p : parts)
                for (size_t code = 0; code < codes_; ++code) {
                    const double k = p.coef[code];
                    if (k == 0) continue;
                    f[i] += k * part_sum(w_, p, u, c, code);
                    if (!fq.empty()) {
                        const double q = part_sum(w2_, p, u, c, code);
                        fq[i] += k * q, qq[i] += k * k * q;
                    }
                    if (!s.empty()) s[c] += k * part_sum(n_, p, u, c, code);
                }
        }
    return covariance(1, f, fq, qq, s)[0];
}

std::vector<double> DesignTable::covariance(size_t p, const std::vector<double>& f, const std::vector<double>& fq,
                                            const std::vector<double>& qq, const std::vector<double>& s) const {
    // Raking moves every respondent of a joint cell by g[cell] (in x / w), whoever they
    // are: the residual of x_i is w_i (u_i - g).
    std::vector<std::vector<double>> g(p, std::vector<double>(cells_, 0.0));
    if (design_.raked()) {
        std::vector<double> count(cells_, 0.0), sum(cells_);
        for (size_t u = 0; u < design_.units; ++u)
            for (size_t c = 0; c < cells_; ++c) count[c] += all_n_[u * cells_ + c];
        for (size_t a = 0; a < p; ++a) {
            for (size_t c = 0; c < cells_; ++c) sum[c] = s[c * p + a];
            g[a] = stats::raking_adjustment(design_.cell_category, count, sum);
        }
    }
    std::vector<stats::StratumTotals> strata(design_.stratum_psus.size());
    for (size_t h = 0; h < strata.size(); ++h) {
        strata[h].psus = design_.stratum_psus[h];
        strata[h].sum.assign(p, 0.0);
        strata[h].cross.assign(p * p, 0.0);
    }
    std::vector<double> t(p);
    for (size_t u = 0; u < design_.units; ++u) {
        stats::StratumTotals& st = strata[design_.unit_stratum[u]];
        std::fill(t.begin(), t.end(), 0.0);
        for (size_t c = 0; c < cells_; ++c) {
            const size_t i = u * cells_ + c;
            for (size_t a = 0; a < p; ++a) t[a] += f[i * p + a] - g[a][c] * all_w_[i];
            if (design_.clustered) continue;
            // Unclustered: each respondent is a PSU, and the unit is its stratum, so the
            // cross products are sums over respondents of w^2 (u_a - g_a)(u_b - g_b).
            for (size_t a = 0; a < p; ++a)
                for (size_t b = 0; b < p; ++b)
                    st.cross[a * p + b] += qq[i * p * p + a * p + b] - g[a][c] * fq[i * p + b] - g[b][c] * fq[i * p + a] +
                                           g[a][c] * g[b][c] * all_w2_[i];
        }
        for (size_t a = 0; a < p; ++a) {
            st.sum[a] += t[a];
            if (design_.clustered)
                for (size_t b = 0; b < p; ++b) st.cross[a * p + b] += t[a] * t[b];
        }
    }
    return stats::stratified_covariance(strata, p, design_.lonely);
}

double DesignTable::domain_df(std::span<const Part> parts, std::span<const char> codes) const {
    std::set<uint32_t> strata;
    double psus = 0;
    for (size_t u = 0; u < design_.units; ++u) {
        double members = 0;
        for (size_t c = 0; c < cells_; ++c)
            for (const Part& p : parts)
                for (size_t code = 0; code < codes_; ++code)
                    if (codes[code]) members += part_sum(n_, p, u, c, code);
        if (!(members > 0)) continue;
        psus += design_.clustered ? 1 : members;
        strata.insert(design_.unit_stratum[u]);
    }
    return psus - static_cast<double>(strata.size());
}

std::vector<double> DesignTable::table_covariance(std::span<const size_t> groups, std::span<const char> substantive,
                                                  std::span<const char> positive, std::vector<double>& shares) const {
    const size_t k = groups.size(), p = 2 * k, uc = design_.units * cells_;
    // Per (unit, cell): each table cell's sums of w, w^2 and respondents, and the domain's.
    std::vector<double> cw(uc * p, 0.0), cq(uc * p, 0.0), cn(uc * p, 0.0);
    std::vector<double> total(p, 0.0);
    for (size_t u = 0; u < design_.units; ++u)
        for (size_t c = 0; c < cells_; ++c) {
            const size_t i = u * cells_ + c;
            for (size_t gi = 0; gi < k; ++gi)
                for (size_t code = 1; code < codes_; ++code) {
                    if (!substantive[code]) continue;
                    const size_t a = gi + (positive[code] ? k : 0), j = at(u, c, groups[gi], code);
                    cw[i * p + a] += w_[j], cn[i * p + a] += n_[j];
                    if (!w2_.empty()) cq[i * p + a] += w2_[j];
                    total[a] += w_[j];
                }
        }
    double domain = 0;
    for (double x : total) domain += x;
    shares.assign(p, 0.0);
    if (!(domain > 0)) return {};
    for (size_t a = 0; a < p; ++a) shares[a] = total[a] / domain;
    // Influence of share a: u = (I_a - p_a) / W over the domain.
    std::vector<double> f(uc * p, 0.0), fq, qq, s;
    if (!design_.clustered) fq.assign(uc * p, 0.0), qq.assign(uc * p * p, 0.0);
    if (design_.raked()) s.assign(cells_ * p, 0.0);
    for (size_t i = 0; i < uc; ++i) {
        double dw = 0, dq = 0, dn = 0;
        for (size_t a = 0; a < p; ++a) dw += cw[i * p + a], dq += cq[i * p + a], dn += cn[i * p + a];
        for (size_t a = 0; a < p; ++a) {
            f[i * p + a] = (cw[i * p + a] - shares[a] * dw) / domain;
            if (!fq.empty()) {
                fq[i * p + a] = (cq[i * p + a] - shares[a] * dq) / domain;
                for (size_t b = 0; b < p; ++b)
                    qq[i * p * p + a * p + b] = ((a == b ? cq[i * p + a] : 0) - shares[b] * cq[i * p + a] -
                                                 shares[a] * cq[i * p + b] + shares[a] * shares[b] * dq) /
                                                (domain * domain);
            }
            if (!s.empty()) s[(i % cells_) * p + a] += (cn[i * p + a] - shares[a] * dn) / domain;
        }
    }
    return covariance(p, f, fq, qq, s);
}

}  // namespace gapfinder
