// One pooled analysis of seven councils x 3,000 respondents from count cubes (issue 20:
// "must take under 50 ms"), against analysing the same respondents' rows, in one run:
//
//   build/gapfinder_pool_bench [--runs N] [--intersections] [--weighted]
//
// The councils are generated with a fixed seed on the bundled Citizen's Panel
// definition. The pooled time covers reading the seven cube files' bytes, merging them,
// the partnership's analysis and every council's comparison with the partnership; the
// rows time is `analyse` on the union of the rows (unweighted: the same figures). The
// medians are printed; record figures only on an idle machine (bench/README.md).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "analysis/breakdown.hpp"
#include "analysis/cube.hpp"

using namespace gapfinder;

namespace {

std::vector<Dataset> councils(const SurveyDefinition& survey, size_t count, size_t rows, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<Dataset> out(count);
    for (auto& d : out) {
        d.answers.resize(survey.questions.size());
        d.groupings.resize(survey.groupings.size());
        for (size_t r = 0; r < rows; ++r) {
            d.ids.push_back("R" + std::to_string(r));
            for (size_t g = 0; g < survey.groupings.size(); ++g) {
                size_t i = 0;
                while (i + 1 < survey.groupings[g].categories.size() && u(rng) < 0.45) ++i;
                d.groupings[g].push_back(u(rng) < 0.05 ? kUndisclosed : static_cast<uint8_t>(i + 1));
            }
            for (size_t q = 0; q < survey.questions.size(); ++q)
                d.answers[q].push_back(static_cast<uint8_t>(1 + static_cast<size_t>(u(rng) * static_cast<double>(survey.questions[q].scale.points.size()))));
            d.weights.push_back(std::exp(u(rng) - 0.5));
        }
    }
    return out;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 11;
    AnalysisSettings s;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--runs" && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
        else if (a == "--intersections") s.intersections = true;
        else if (a == "--weighted") s.weighted = true;
        else {
            std::cerr << "usage: gapfinder_pool_bench [--runs N] [--intersections] [--weighted]\n";
            return 1;
        }
    }
    const SurveyDefinition survey = SurveyDefinition::load(std::string(GAPFINDER_SOURCE_DIR) + "/surveys/citizens-panel.json");
    const auto parts = councils(survey, 7, 3000, 2026);
    std::vector<std::string> files;
    Dataset all = parts.front();
    for (size_t c = 0; c < parts.size(); ++c) {
        CubeOptions o;
        o.organisation = "Council " + std::string(1, static_cast<char>('A' + c));
        o.intersections = s.intersections;
        if (s.weighted) o.weights = parts[c].weights;
        files.push_back(write_cube(build_cube(survey, parts[c], "2025", o)));
        if (c == 0) continue;
        all.ids.append(parts[c].ids);
        for (size_t q = 0; q < all.answers.size(); ++q)
            all.answers[q].insert(all.answers[q].end(), parts[c].answers[q].begin(), parts[c].answers[q].end());
        for (size_t g = 0; g < all.groupings.size(); ++g)
            all.groupings[g].insert(all.groupings[g].end(), parts[c].groupings[g].begin(), parts[c].groupings[g].end());
    }
    AnalysisSettings rows_settings = s;
    rows_settings.weighted = false;  // the rows' weighted analysis rakes and needs a profile: compared unweighted
    std::vector<double> pooled_ms, rows_ms;
    size_t made = 0;
    for (int r = 0; r < runs; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        std::vector<CountCube> cubes;
        for (size_t c = 0; c < files.size(); ++c) cubes.push_back(read_cube(files[c], "council-" + std::to_string(c) + ".cube"));
        const PooledFindings pooled = analyse_pooled(survey, cubes, s);
        auto t1 = std::chrono::steady_clock::now();
        const Findings from_rows = analyse(survey, all, "2025", rows_settings);
        auto t2 = std::chrono::steady_clock::now();
        pooled_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        rows_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
        made = pooled.councils.size() + from_rows.results.size();
    }
    size_t bytes = 0;
    for (const auto& f : files) bytes += f.size();
    std::cout << "7 councils x 3,000 respondents" << (s.intersections ? ", with intersections" : "")
              << (s.weighted ? ", weighted" : "") << "; " << runs << " runs; cubes " << bytes << " bytes in all\n"
              << "pooled from cubes (read, merge, analyse, compare councils): median " << median(pooled_ms) << " ms"
              << (median(pooled_ms) < 50 ? " (under the 50 ms target)" : " (OVER the 50 ms target)") << "\n"
              << "analyse on the union of rows:                              median " << median(rows_ms) << " ms\n"
              << "(" << made << " rows made in the last run)\n";
    return 0;
}
