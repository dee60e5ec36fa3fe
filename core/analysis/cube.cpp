#include "analysis/cube.hpp"

#include <Poco/Crypto/DigestEngine.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "analysis/breakdown.hpp"
#include "analysis/cell_key.hpp"
#include "analysis/count_table.hpp"
#include "analysis/findings_json.hpp"
#include "analysis/findings_text.hpp"
#include "analysis/splits.hpp"
#include "analysis/suppression.hpp"
#include "analysis/tally.hpp"
#include "stats/stats.hpp"
#include "util/errors.hpp"
#include "util/json_writer.hpp"
#include "util/parallel.hpp"

namespace gapfinder {

namespace {

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

i128 as_int(const ExactSum& s) { return static_cast<i128>((static_cast<u128>(s.hi) << 64) | s.lo); }
ExactSum from_int(i128 v) {
    const u128 u = static_cast<u128>(v);
    return {static_cast<uint64_t>(u), static_cast<uint64_t>(u >> 64)};
}

}  // namespace

ExactSum ExactSum::of(double v) {
    // 2^62 leaves room for 2^64 such weights before the sum could overflow.
    if (!std::isfinite(v) || std::fabs(v) >= 0x1p62)
        throw InputError("a weight of " + std::to_string(v) + " is out of the range a count cube holds (under 2^62)");
    return from_int(static_cast<i128>(std::nearbyint(std::ldexp(v, 64))));
}

ExactSum& ExactSum::operator+=(const ExactSum& o) {
    i128 sum;
    if (__builtin_add_overflow(as_int(*this), as_int(o), &sum))
        throw InputError("a sum of weights in a count cube overflows its 128-bit fixed point");
    *this = from_int(sum);
    return *this;
}

double ExactSum::value() const { return std::ldexp(static_cast<double>(as_int(*this)), -64); }

std::string definition_fingerprint(const SurveyDefinition& survey) {
    std::ostringstream text;
    text.precision(17);
    text << "gapfinder-cube-definition/1\nsurvey " << survey.id << "\n";
    for (const auto& q : survey.questions) {
        text << "question " << q.id << " " << q.scale.points.size() << "\n";
        for (const auto& p : q.scale.points)
            text << " point " << p.code << " " << p.score << " " << p.positive << " " << p.substantive << "\n";
    }
    for (const auto& g : survey.groupings) {
        text << "grouping " << g.id << " " << (g.kind == Grouping::Kind::characteristic ? "c" : "d") << " "
             << g.categories.size() << "\n";
        for (const auto& c : g.categories) text << " category " << c.id << " " << c.group << "\n";
    }
    Poco::Crypto::DigestEngine engine("SHA256");
    const std::string s = text.str();
    engine.update(s.data(), s.size());
    return Poco::Crypto::DigestEngine::digestToHex(engine.digest());
}

namespace {

uint32_t category_index(const Grouping& g, const std::string& id) {
    for (size_t i = 0; i < g.categories.size(); ++i)
        if (g.categories[i].id == id) return static_cast<uint32_t>(i);
    throw std::logic_error("cube: no category " + id + " in " + g.id);
}

// The counts of one question on one split, straight from the respondents.
CubeTable count_cube_table(const Split& split, const std::vector<uint8_t>& answers, size_t codes,
                           const std::vector<double>& weights, const std::vector<uint8_t>& record_keys) {
    const size_t cells = split.key_count() * codes;
    CubeTable t;
    t.count.assign(cells, 0.0);
    const bool weighted = !weights.empty(), keyed = !record_keys.empty();
    if (weighted) {
        t.kept.assign(cells, 0.0);
        t.sum_w.assign(cells, ExactSum{});
        t.sum_w2.assign(cells, ExactSum{});
    }
    if (keyed) {
        t.key_sum.assign(cells, 0);
        t.member_keys.assign(split.key_count(), 0);
    }
    for (size_t r = 0; r < split.keys.size(); ++r) {
        const size_t cell = split.keys[r] * codes + answers[r];
        t.count[cell] += 1;
        // Every respondent's key, whatever the weight, as count_answers sums them.
        if (keyed) t.key_sum[cell] += record_keys[r], t.member_keys[split.keys[r]] += record_keys[r];
        if (weighted && weights[r] > 0) {
            t.kept[cell] += 1;
            t.sum_w[cell] += ExactSum::of(weights[r]);
            t.sum_w2[cell] += ExactSum::of(weights[r] * weights[r]);
        }
    }
    return t;
}

std::string describe(const CountCube& c) {
    std::string who;
    for (const auto& p : c.parts) who += (who.empty() ? "" : " + ") + p.organisation + " " + p.wave;
    return "the cube of " + (who.empty() ? std::string("nobody") : who) + " (survey " + c.survey_id +
           ", definition " + c.fingerprint.substr(0, 12) + ", cube schema version " + std::to_string(c.schema_version) + ")";
}

}  // namespace

CountCube build_cube(const SurveyDefinition& survey, const Dataset& data, const std::string& wave,
                     const CubeOptions& options) {
    const bool weighted = !options.weights.empty();
    if (weighted && options.weights.size() != data.rows())
        throw std::logic_error("build_cube: one weight per respondent");
    if (!options.record_keys.empty() && options.record_keys.size() != data.rows())
        throw std::logic_error("build_cube: one record key per respondent");
    CountCube c;
    c.survey_id = survey.id;
    c.survey_title = survey.title;
    c.fingerprint = definition_fingerprint(survey);
    c.level = options.level;
    c.weighted = weighted;
    c.keyed = !options.record_keys.empty();
    for (const auto& q : survey.questions) {
        c.questions.push_back(q.id);
        c.codes.push_back(static_cast<uint32_t>(q.scale.points.size() + 1));
    }
    for (const auto& g : survey.groupings) c.groupings.push_back(g.id);
    c.parts.push_back({options.organisation, wave, data.rows()});
    c.respondents = data.rows();
    if (weighted)
        for (double w : options.weights)
            if (w > 0) {
                ++c.kept;
                c.sum_w += ExactSum::of(w);
                c.sum_w2 += ExactSum::of(w * w);
            }

    std::vector<Split> singles;
    for (size_t g = 0; g < survey.groupings.size(); ++g)
        singles.push_back(make_split(survey.groupings[g], data.groupings[g], options.level));
    std::vector<std::pair<size_t, size_t>> pairs;
    if (options.intersections)
        for (size_t a = 0; a < singles.size(); ++a)
            for (size_t b = a + 1; b < singles.size(); ++b) pairs.emplace_back(a, b);
    c.splits.resize(singles.size() + pairs.size());
    parallel_for(c.splits.size(), [&](size_t i) {
        CubeSplit& out = c.splits[i];
        Split crossed;
        const Split* split = nullptr;
        if (i < singles.size()) {
            split = &singles[i];
            out.first = static_cast<int>(i);
            const Grouping& g = survey.groupings[i];
            for (const auto& group : split->groups) out.groups.push_back({group.id, group.label, category_index(g, group.id), 0});
        } else {
            const auto [a, b] = pairs[i - singles.size()];
            crossed = cross_splits(singles[a], singles[b]);
            split = &crossed;
            out.first = static_cast<int>(a);
            out.second = static_cast<int>(b);
            for (size_t k = 0; k < crossed.groups.size(); ++k)
                out.groups.push_back({crossed.groups[k].id, crossed.groups[k].label,
                                      category_index(survey.groupings[a], singles[a].groups[crossed.cells[k].row].id),
                                      category_index(survey.groupings[b], singles[b].groups[crossed.cells[k].col].id)});
        }
        out.id = split->id;
        out.label = split->label;
        for (size_t q = 0; q < survey.questions.size(); ++q)
            out.tables.push_back(count_cube_table(*split, data.answers[q], c.codes[q], options.weights, options.record_keys));
    });
    return c;
}

namespace {

void refuse_unless(bool same, const CountCube& a, const CountCube& b, const std::string& what) {
    if (!same)
        throw InputError("count cubes cannot be merged: " + what + " differ between " + describe(a) + " and " + describe(b));
}

CubeSplit merge_split(const CubeSplit& a, const CubeSplit& b, const std::vector<uint32_t>& codes) {
    if (a.groups == b.groups) {
        // The usual case (the same groups in both): the tables add cell by cell.
        CubeSplit out = a;
        for (size_t q = 0; q < codes.size(); ++q) {
            CubeTable& t = out.tables[q];
            const CubeTable& s = b.tables[q];
            if (s.count.size() != t.count.size() || s.kept.size() != t.kept.size() || s.sum_w.size() != t.sum_w.size() ||
                s.sum_w2.size() != t.sum_w2.size() || s.key_sum.size() != t.key_sum.size() ||
                s.member_keys.size() != t.member_keys.size())
                throw InputError("a count cube's table has the wrong size (" + b.id + ")");
            for (size_t i = 0; i < t.count.size(); ++i) t.count[i] += s.count[i];
            for (size_t i = 0; i < t.key_sum.size(); ++i) t.key_sum[i] += s.key_sum[i];
            for (size_t i = 0; i < t.member_keys.size(); ++i) t.member_keys[i] += s.member_keys[i];
            for (size_t i = 0; i < t.kept.size(); ++i) t.kept[i] += s.kept[i];
            for (size_t i = 0; i < t.sum_w.size(); ++i) t.sum_w[i] += s.sum_w[i];
            for (size_t i = 0; i < t.sum_w2.size(); ++i) t.sum_w2[i] += s.sum_w2[i];
        }
        return out;
    }
    CubeSplit out;
    out.id = a.id, out.label = a.label, out.first = a.first, out.second = a.second;
    std::map<std::pair<uint32_t, uint32_t>, const CubeGroup*> groups;
    for (const auto& g : a.groups) groups.emplace(std::pair{g.first, g.second}, &g);
    for (const auto& g : b.groups) groups.emplace(std::pair{g.first, g.second}, &g);
    std::map<std::pair<uint32_t, uint32_t>, size_t> key;
    for (const auto& [at, g] : groups) {
        key[at] = out.groups.size();
        out.groups.push_back(*g);
    }
    const size_t undisclosed = out.groups.size();
    for (size_t q = 0; q < codes.size(); ++q) {
        const size_t nc = codes[q], cells = (undisclosed + 1) * nc;
        CubeTable t;
        const bool weighted = !a.tables[q].sum_w.empty(), keyed = !a.tables[q].member_keys.empty();
        t.count.assign(cells, 0.0);
        if (weighted) {
            t.kept.assign(cells, 0.0);
            t.sum_w.assign(cells, ExactSum{});
            t.sum_w2.assign(cells, ExactSum{});
        }
        if (keyed) {
            t.key_sum.assign(cells, 0);
            t.member_keys.assign(undisclosed + 1, 0);
        }
        for (const CubeSplit* side : {&a, &b}) {
            const CubeTable& s = side->tables[q];
            const size_t keys = side->groups.size() + 1;
            if (s.count.size() != keys * nc || (keyed && (s.key_sum.size() != keys * nc || s.member_keys.size() != keys)))
                throw InputError("a count cube's table has the wrong size (" + side->id + ")");
            for (size_t k = 0; k < keys; ++k) {
                const size_t to =
                    k < side->groups.size() ? key[{side->groups[k].first, side->groups[k].second}] : undisclosed;
                if (keyed) t.member_keys[to] += s.member_keys[k];
                for (size_t code = 0; code < nc; ++code) {
                    const size_t from = k * nc + code, cell = to * nc + code;
                    t.count[cell] += s.count[from];
                    if (keyed) t.key_sum[cell] += s.key_sum[from];
                    if (weighted) {
                        t.kept[cell] += s.kept[from];
                        t.sum_w[cell] += s.sum_w[from];
                        t.sum_w2[cell] += s.sum_w2[from];
                    }
                }
            }
        }
        out.tables.push_back(std::move(t));
    }
    return out;
}

}  // namespace

CountCube merge_cubes(const CountCube& a, const CountCube& b) {
    refuse_unless(a.schema_version == b.schema_version, a, b, "cube schema versions");
    refuse_unless(a.survey_id == b.survey_id && a.fingerprint == b.fingerprint, a, b, "survey definitions");
    refuse_unless(a.level == b.level, a, b, "levels (recorded or group)");
    refuse_unless(a.weighted == b.weighted, a, b, "weighting (one is weighted, the other not)");
    refuse_unless(a.keyed == b.keyed, a, b,
                  "record keys (one holds the cell key method's record keys, the other not: export both with keys)");
    refuse_unless(a.questions == b.questions && a.codes == b.codes && a.groupings == b.groupings, a, b,
                  "questions or groupings");
    refuse_unless(a.splits.size() == b.splits.size(), a, b, "intersections (one has pairs of groupings, the other not)");
    for (size_t i = 0; i < a.splits.size(); ++i)
        refuse_unless(a.splits[i].id == b.splits[i].id && a.splits[i].first == b.splits[i].first &&
                          a.splits[i].second == b.splits[i].second && a.splits[i].tables.size() == a.questions.size() &&
                          b.splits[i].tables.size() == b.questions.size(),
                      a, b, "splits");
    for (const auto& p : a.parts)
        for (const auto& q : b.parts)
            if (p.organisation == q.organisation && p.wave == q.wave)
                throw InputError("count cubes cannot be merged: " + p.organisation + "'s wave " + p.wave + " is in both " +
                                 describe(a) + " and " + describe(b) + ", and would be counted twice");
    CountCube out;
    out.schema_version = a.schema_version;
    out.survey_id = a.survey_id;
    out.survey_title = std::min(a.survey_title, b.survey_title);
    out.fingerprint = a.fingerprint;
    out.level = a.level;
    out.weighted = a.weighted;
    out.keyed = a.keyed;
    out.questions = a.questions;
    out.codes = a.codes;
    out.groupings = a.groupings;
    out.parts = a.parts;
    out.parts.insert(out.parts.end(), b.parts.begin(), b.parts.end());
    std::sort(out.parts.begin(), out.parts.end(), [](const CubePart& x, const CubePart& y) {
        return std::tie(x.organisation, x.wave, x.respondents) < std::tie(y.organisation, y.wave, y.respondents);
    });
    out.respondents = a.respondents + b.respondents;
    out.kept = a.kept + b.kept;
    out.sum_w = a.sum_w;
    out.sum_w += b.sum_w;
    out.sum_w2 = a.sum_w2;
    out.sum_w2 += b.sum_w2;
    out.splits.resize(a.splits.size());
    parallel_for(a.splits.size(), [&](size_t i) { out.splits[i] = merge_split(a.splits[i], b.splits[i], a.codes); });
    return out;
}

CountCube merge_cubes(const std::vector<CountCube>& cubes) {
    if (cubes.empty()) throw InputError("no count cubes to merge");
    CountCube out = cubes.front();
    for (size_t i = 1; i < cubes.size(); ++i) out = merge_cubes(out, cubes[i]);
    return out;
}

// ---------------------------------------------------------------------------------
// The file format (docs/partnerships.md): "GAPFCUBE", the schema version (u32), the
// cube, and an FNV-1a 64 checksum of everything before it. Integers are little-endian;
// doubles are their IEEE 754 binary64 bits as a u64; strings are a u32 length and
// UTF-8 bytes; vectors a u64 length and their items.

namespace {

constexpr char kMagic[8] = {'G', 'A', 'P', 'F', 'C', 'U', 'B', 'E'};

uint64_t fnv1a(const char* data, size_t size) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < size; ++i) {
        h ^= static_cast<unsigned char>(data[i]);
        h *= 0x100000001b3ULL;
    }
    return h;
}

class Writer {
public:
    std::string bytes;
    void u64(uint64_t v) {
        for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    }
    void u32(uint32_t v) {
        for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    }
    void i32(int v) { u32(static_cast<uint32_t>(v)); }
    void f64(double v) {
        uint64_t bits;
        std::memcpy(&bits, &v, 8);
        u64(bits);
    }
    void str(const std::string& s) {
        u32(static_cast<uint32_t>(s.size()));
        bytes += s;
    }
    void sum(const ExactSum& s) {
        u64(s.lo);
        u64(s.hi);
    }
    void doubles(const std::vector<double>& v) {
        u64(v.size());
        for (double d : v) f64(d);
    }
    void sums(const std::vector<ExactSum>& v) {
        u64(v.size());
        for (const auto& s : v) sum(s);
    }
    void u64s(const std::vector<uint64_t>& v) {
        u64(v.size());
        for (uint64_t x : v) u64(x);
    }
};

class Reader {
public:
    Reader(const std::string& bytes, size_t end, const std::string& source) : b_(bytes), end_(end), source_(source) {}
    uint64_t u64() {
        need(8);
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(b_[pos_ + i])) << (8 * i);
        pos_ += 8;
        return v;
    }
    uint32_t u32() {
        need(4);
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(b_[pos_ + i])) << (8 * i);
        pos_ += 4;
        return v;
    }
    int i32() { return static_cast<int>(u32()); }
    double f64() {
        const uint64_t bits = u64();
        double v;
        std::memcpy(&v, &bits, 8);
        return v;
    }
    std::string str() {
        const uint32_t n = u32();
        need(n);
        std::string s = b_.substr(pos_, n);
        pos_ += n;
        return s;
    }
    ExactSum sum() {
        ExactSum s;
        s.lo = u64();
        s.hi = u64();
        return s;
    }
    size_t count(size_t item_bytes) {
        const uint64_t n = u64();
        if (item_bytes > 0 && n > (end_ - pos_) / item_bytes) damaged("a list runs past the end of the file");
        return static_cast<size_t>(n);
    }
    std::vector<double> doubles() {
        std::vector<double> v(count(8));
        for (double& d : v) d = f64();
        return v;
    }
    std::vector<ExactSum> sums() {
        std::vector<ExactSum> v(count(16));
        for (auto& s : v) s = sum();
        return v;
    }
    std::vector<uint64_t> u64s() {
        std::vector<uint64_t> v(count(8));
        for (auto& x : v) x = u64();
        return v;
    }
    bool at_end() const { return pos_ == end_; }
    [[noreturn]] void damaged(const std::string& why) const {
        throw InputError(source_ + " is not a readable count cube: " + why);
    }

private:
    void need(size_t n) {
        if (n > end_ - pos_) damaged("it ends too soon");
    }
    const std::string& b_;
    size_t end_, pos_ = 12;  // after the magic and version
    const std::string& source_;
};

}  // namespace

std::string write_cube(const CountCube& c) {
    Writer w;
    w.bytes.append(kMagic, sizeof kMagic);
    w.u32(c.schema_version);
    w.str(c.survey_id);
    w.str(c.survey_title);
    w.str(c.fingerprint);
    w.u32(c.level == Level::group ? 1 : 0);
    w.u32(c.weighted ? 1 : 0);
    w.u32(c.keyed ? 1 : 0);
    w.u64(c.respondents);
    w.u64(c.kept);
    w.sum(c.sum_w);
    w.sum(c.sum_w2);
    w.u64(c.parts.size());
    for (const auto& p : c.parts) {
        w.str(p.organisation);
        w.str(p.wave);
        w.u64(p.respondents);
    }
    w.u64(c.questions.size());
    for (size_t q = 0; q < c.questions.size(); ++q) {
        w.str(c.questions[q]);
        w.u32(c.codes[q]);
    }
    w.u64(c.groupings.size());
    for (const auto& g : c.groupings) w.str(g);
    w.u64(c.splits.size());
    for (const auto& s : c.splits) {
        w.str(s.id);
        w.str(s.label);
        w.i32(s.first);
        w.i32(s.second);
        w.u64(s.groups.size());
        for (const auto& g : s.groups) {
            w.str(g.id);
            w.str(g.label);
            w.u32(g.first);
            w.u32(g.second);
        }
        w.u64(s.tables.size());
        for (const auto& t : s.tables) {
            w.doubles(t.count);
            w.doubles(t.kept);
            w.sums(t.sum_w);
            w.sums(t.sum_w2);
            w.u64s(t.key_sum);
            w.u64s(t.member_keys);
        }
    }
    w.u64(fnv1a(w.bytes.data(), w.bytes.size()));
    return w.bytes;
}

CountCube read_cube(const std::string& bytes, const std::string& source) {
    if (bytes.size() < 12 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        throw InputError(source + " is not a gapfinder count cube (it does not start with GAPFCUBE)");
    uint32_t version = 0;
    for (int i = 0; i < 4; ++i) version |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
    if (version != kCubeSchemaVersion)
        throw InputError(source + " is a count cube of schema version " + std::to_string(version) +
                         "; this gapfinder reads cube schema version " + std::to_string(kCubeSchemaVersion) +
                         " only: export it again with the same gapfinder version");
    if (bytes.size() < 20) throw InputError(source + " is not a readable count cube: it ends too soon");
    const size_t end = bytes.size() - 8;
    Reader tail(bytes, bytes.size(), source);
    uint64_t stored = 0;
    for (int i = 0; i < 8; ++i) stored |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[end + i])) << (8 * i);
    if (stored != fnv1a(bytes.data(), end))
        throw InputError(source + " is not a readable count cube: its checksum does not match (damaged in transfer?)");
    Reader r(bytes, end, source);
    CountCube c;
    c.schema_version = version;
    c.survey_id = r.str();
    c.survey_title = r.str();
    c.fingerprint = r.str();
    c.level = r.u32() == 1 ? Level::group : Level::recorded;
    c.weighted = r.u32() == 1;
    c.keyed = r.u32() == 1;
    c.respondents = r.u64();
    c.kept = r.u64();
    c.sum_w = r.sum();
    c.sum_w2 = r.sum();
    c.parts.resize(r.count(16));
    for (auto& p : c.parts) {
        p.organisation = r.str();
        p.wave = r.str();
        p.respondents = r.u64();
    }
    const size_t nq = r.count(8);
    for (size_t q = 0; q < nq; ++q) {
        c.questions.push_back(r.str());
        c.codes.push_back(r.u32());
    }
    c.groupings.resize(r.count(4));
    for (auto& g : c.groupings) g = r.str();
    c.splits.resize(r.count(24));
    for (auto& s : c.splits) {
        s.id = r.str();
        s.label = r.str();
        s.first = r.i32();
        s.second = r.i32();
        s.groups.resize(r.count(16));
        for (auto& g : s.groups) {
            g.id = r.str();
            g.label = r.str();
            g.first = r.u32();
            g.second = r.u32();
        }
        s.tables.resize(r.count(32));
        if (s.tables.size() != nq) r.damaged("split " + s.id + " has a table count unlike its questions'");
        for (size_t q = 0; q < nq; ++q) {
            auto& t = s.tables[q];
            t.count = r.doubles();
            t.kept = r.doubles();
            t.sum_w = r.sums();
            t.sum_w2 = r.sums();
            t.key_sum = r.u64s();
            t.member_keys = r.u64s();
            const size_t keys = s.groups.size() + 1, cells = keys * c.codes[q];
            if (t.count.size() != cells ||
                (c.weighted && (t.kept.size() != cells || t.sum_w.size() != cells || t.sum_w2.size() != cells)) ||
                t.key_sum.size() != (c.keyed ? cells : 0) || t.member_keys.size() != (c.keyed ? keys : 0))
                r.damaged("a table of split " + s.id + " has the wrong size");
        }
        if (s.first < 0 || static_cast<size_t>(s.first) >= c.groupings.size() ||
            (s.second >= 0 && static_cast<size_t>(s.second) >= c.groupings.size()))
            r.damaged("split " + s.id + " names a grouping the cube does not have");
    }
    if (!r.at_end()) r.damaged("it has bytes after its last table");
    return c;
}

void check_cube_definition(const CountCube& cube, const SurveyDefinition& survey, const std::string& source) {
    const std::string fp = definition_fingerprint(survey);
    if (cube.survey_id != survey.id || cube.fingerprint != fp)
        throw InputError(source + " was made with survey definition " + cube.survey_id + " (fingerprint " +
                         cube.fingerprint.substr(0, 12) + "), not with " + survey.id + " (fingerprint " + fp.substr(0, 12) +
                         ") as defined here: the questions, scales or categories differ");
}

// ---------------------------------------------------------------------------------
// Pooled analysis.

namespace {

// A cube's splits rebuilt for the breakdown, for the groupings asked for (in the order
// asked) and their pairs.
struct Layout {
    std::vector<size_t> question_index;  // into the survey
    std::vector<size_t> cube_question;   // into the cube
    std::vector<size_t> grouping_index;  // into the survey (= into the cube: checked by the fingerprint)
};

CountTable to_count_table(const CubeTable& t, size_t keys, size_t codes, bool weighted) {
    CountTable out;
    out.keys = keys;
    out.codes = codes;
    out.key_sum = t.key_sum;
    out.member_keys = t.member_keys;
    if (!weighted) {
        out.count = t.count;
        return out;
    }
    out.count = t.kept;
    out.sum_w.resize(t.sum_w.size());
    out.sum_w2.resize(t.sum_w2.size());
    for (size_t i = 0; i < t.sum_w.size(); ++i) {
        out.sum_w[i] = t.sum_w[i].value();
        out.sum_w2[i] = t.sum_w2[i].value();
    }
    return out;
}

const CubeSplit* find_single(const CountCube& c, size_t grouping) {
    for (const auto& s : c.splits)
        if (s.first == static_cast<int>(grouping) && s.second < 0) return &s;
    return nullptr;
}

Split single_split(const CubeSplit& s) {
    Split out;
    out.id = s.id;
    out.label = s.label;
    for (const auto& g : s.groups) out.groups.push_back({g.id, g.label});
    return out;
}

// The pair (a, b), in that order, of the cube's split of the two groupings (stored
// either way round), with its cells in the order cross_splits gives them, and the
// tables' keys remapped to match.
void pair_split(const CountCube& c, size_t a, size_t b, const Split& sa, const Split& sb, const Layout& layout,
                bool weighted, Split& out, std::vector<CountTable>& tables) {
    const CubeSplit* stored = nullptr;
    bool swapped = false;
    for (const auto& s : c.splits) {
        if (s.first == static_cast<int>(a) && s.second == static_cast<int>(b)) stored = &s;
        if (s.first == static_cast<int>(b) && s.second == static_cast<int>(a)) stored = &s, swapped = true;
    }
    if (!stored)
        throw InputError("--intersections: these count cubes hold no pairs of groupings; export them without --no-intersections");
    const CubeSplit* single_a = find_single(c, a);
    const CubeSplit* single_b = find_single(c, b);
    auto index_of = [](const CubeSplit& s, uint32_t category) {
        for (size_t i = 0; i < s.groups.size(); ++i)
            if (s.groups[i].first == category) return i;
        throw std::logic_error("pooled analysis: a pair's cell has a group its grouping lacks");
    };
    struct Cell {
        size_t row, col, stored_key;
    };
    std::vector<Cell> cells;
    for (size_t k = 0; k < stored->groups.size(); ++k) {
        const auto& g = stored->groups[k];
        const uint32_t ca = swapped ? g.second : g.first, cb = swapped ? g.first : g.second;
        cells.push_back({index_of(*single_a, ca), index_of(*single_b, cb), k});
    }
    std::sort(cells.begin(), cells.end(), [](const Cell& x, const Cell& y) { return std::tie(x.row, x.col) < std::tie(y.row, y.col); });
    out = Split{};
    out.id = sa.id + " x " + sb.id;
    out.label = sa.label + " x " + sb.label;
    out.rows = sa.groups.size();
    out.cols = sb.groups.size();
    std::vector<size_t> key_of(stored->groups.size() + 1);
    for (size_t i = 0; i < cells.size(); ++i) {
        const Cell& cell = cells[i];
        out.groups.push_back({sa.groups[cell.row].id + " x " + sb.groups[cell.col].id,
                              sa.groups[cell.row].label + " x " + sb.groups[cell.col].label});
        out.cells.push_back({static_cast<uint16_t>(cell.row), static_cast<uint16_t>(cell.col)});
        key_of[cell.stored_key] = i;
    }
    key_of[stored->groups.size()] = cells.size();
    for (size_t cq : layout.cube_question) {
        const size_t codes = c.codes[cq];
        const CountTable stored_table = to_count_table(stored->tables[cq], stored->groups.size() + 1, codes, weighted);
        CountTable t;
        t.keys = stored_table.keys;
        t.codes = codes;
        t.count.assign(stored_table.count.size(), 0.0);
        if (weighted) {
            t.sum_w.assign(t.count.size(), 0.0);
            t.sum_w2.assign(t.count.size(), 0.0);
        }
        const bool keyed = !stored_table.member_keys.empty();
        if (keyed) {
            t.key_sum.assign(t.count.size(), 0);
            t.member_keys.assign(t.keys, 0);
        }
        for (size_t k = 0; k < t.keys; ++k) {
            if (keyed) t.member_keys[key_of[k]] = stored_table.member_keys[k];
            for (size_t code = 0; code < codes; ++code) {
                const size_t from = k * codes + code, to = key_of[k] * codes + code;
                t.count[to] = stored_table.count[from];
                if (keyed) t.key_sum[to] = stored_table.key_sum[from];
                if (weighted) {
                    t.sum_w[to] = stored_table.sum_w[from];
                    t.sum_w2[to] = stored_table.sum_w2[from];
                }
            }
        }
        tables.push_back(std::move(t));
    }
}

Layout resolve_layout(const SurveyDefinition& survey, const CountCube& c, const AnalysisSettings& s) {
    Layout l;
    auto cube_question = [&](const std::string& id) {
        for (size_t i = 0; i < c.questions.size(); ++i)
            if (c.questions[i] == id) return i;
        throw InputError("--questions: the count cubes hold no question \"" + id + "\"");
    };
    if (s.questions.empty()) {
        for (size_t i = 0; i < survey.questions.size(); ++i) l.question_index.push_back(i);
    } else {
        for (const auto& id : s.questions) {
            const Question* q = survey.find_question(id);
            if (!q) throw InputError("--questions: survey " + survey.id + " has no question \"" + id + "\"");
            l.question_index.push_back(static_cast<size_t>(q - survey.questions.data()));
        }
    }
    for (size_t qi : l.question_index) l.cube_question.push_back(cube_question(survey.questions[qi].id));
    if (s.by.empty()) {
        for (size_t i = 0; i < survey.groupings.size(); ++i) l.grouping_index.push_back(i);
    } else {
        for (const auto& id : s.by) {
            const Grouping* g = survey.find_grouping(id);
            if (!g) throw InputError("--by: survey " + survey.id + " records no characteristic or dimension \"" + id + "\"");
            l.grouping_index.push_back(static_cast<size_t>(g - survey.groupings.data()));
        }
    }
    for (size_t gi : l.grouping_index)
        if (gi >= c.groupings.size() || c.groupings[gi] != survey.groupings[gi].id || !find_single(c, gi))
            throw InputError("--by: the count cubes hold no grouping \"" + survey.groupings[gi].id + "\"");
    return l;
}

// The analysis of one (merged) cube.
Findings analyse_cube(const SurveyDefinition& survey, const CountCube& c, const Layout& l, const AnalysisSettings& s,
                      const std::string& wave) {
    CountedAnalysis counted;
    counted.question_index = l.question_index;
    counted.grouping_index = l.grouping_index;
    counted.weighted = s.weighted;
    counted.respondents = c.respondents;
    for (size_t gi : l.grouping_index) counted.splits.push_back(single_split(*find_single(c, gi)));
    const size_t nq = l.question_index.size(), ns = counted.splits.size();
    counted.tables.resize(nq * ns);
    for (size_t si = 0; si < ns; ++si) {
        const CubeSplit& stored = *find_single(c, l.grouping_index[si]);
        for (size_t qn = 0; qn < nq; ++qn) {
            const size_t cq = l.cube_question[qn];
            counted.tables[qn * ns + si] = to_count_table(stored.tables[cq], stored.groups.size() + 1, c.codes[cq], s.weighted);
        }
    }
    if (s.intersections) {
        std::vector<std::vector<CountTable>> per_pair;
        for (size_t a = 0; a < ns; ++a)
            for (size_t b = a + 1; b < ns; ++b) {
                Split split;
                std::vector<CountTable> tables;
                pair_split(c, l.grouping_index[a], l.grouping_index[b], counted.splits[a], counted.splits[b], l, s.weighted,
                           split, tables);
                counted.cross.push_back(std::move(split));
                per_pair.push_back(std::move(tables));
            }
        const size_t np = counted.cross.size();
        counted.cross_tables.resize(nq * np);
        for (size_t p = 0; p < np; ++p)
            for (size_t qn = 0; qn < nq; ++qn) counted.cross_tables[qn * np + p] = std::move(per_pair[p][qn]);
    }
    return analyse_counted(survey, counted, wave, s);
}

std::string parts_name(const CountCube& c) {
    std::string name;
    for (const auto& p : c.parts) name += (name.empty() ? "" : " + ") + p.organisation;
    return name;
}

std::string pp(double v) {
    std::ostringstream o;
    o.setf(std::ios::fixed);
    o.precision(1);
    o << v;
    return o.str();
}

std::string in_words(const CouncilComparison& r, const std::string& who) {
    std::string s = r.organisation + ", " + r.group_label + " " + who + ": ";
    const double gap = std::fabs(r.gap_pp);
    if (gap < 0.05) s += "level with the partnership average";
    else s += pp(gap) + " points " + (r.gap_pp < 0 ? "behind" : "ahead of") + " the partnership average";
    s += " (" + pp(100 * r.rate) + "% against " + pp(100 * r.partnership_rate) + "%)";
    if (r.flagged) s += "; confirmed";
    else if (r.low_base) s += "; too few answers to confirm a difference";
    else if (!r.test.empty()) s += "; not confirmed, it could be chance";
    return s;
}

std::vector<CouncilComparison> compare_councils(const SurveyDefinition& survey, const std::vector<CountCube>& cubes,
                                                const CountCube& merged, const Findings& pooled, const Layout& l,
                                                const AnalysisSettings& s) {
    const std::string who = survey.kind.find("staff") != std::string::npos ? "staff" : "residents";
    std::vector<CouncilComparison> rows;
    // Per council: the other councils, merged (exactly: the same sums as the partnership's less the council's).
    // Only the groupings' own splits are compared, so the pairs are left out of these merges.
    auto singles_only = [](const CountCube& c) {
        CountCube out = c;
        out.splits.clear();
        for (const auto& s : c.splits)
            if (s.second < 0) out.splits.push_back(s);
        return out;
    };
    std::vector<CountCube> singles(cubes.size()), others(cubes.size());
    for (size_t c = 0; c < cubes.size(); ++c) singles[c] = singles_only(cubes[c]);
    parallel_for(cubes.size(), [&](size_t c) {
        std::vector<CountCube> rest;
        for (size_t o = 0; o < cubes.size(); ++o)
            if (o != c) rest.push_back(singles[o]);
        others[c] = merge_cubes(rest);
    });
    // What a row publishes, as the breakdown's `published`: exact tallies, or each
    // perturbed by its own cell key (the council's, the other councils', the
    // partnership's), so that a council's n and positives are those its own perturbed
    // findings publish for the group, and no exact count sits beside them.
    auto published = [&](const Tally& t) { return s.perturb ? perturbed(t, s.suppress_below) : t; };
    struct Shown {
        Tally council, others, partnership;
    };
    std::vector<Shown> shown;  // per row
    std::map<std::tuple<std::string, std::string, std::string>, const GroupResult*> pooled_rows;
    for (const auto& r : pooled.results)
        if (!r.undisclosed) pooled_rows[{r.question, r.characteristic, r.group}] = &r;
    for (size_t qn = 0; qn < l.question_index.size(); ++qn) {
        const Question& q = survey.questions[l.question_index[qn]];
        const ScaleCodes scale(q.scale);
        const size_t cq = l.cube_question[qn], codes = merged.codes[cq];
        for (size_t gi : l.grouping_index) {
            const CubeSplit& all = *find_single(merged, gi);
            auto tallies_of = [&](const CountCube& c) {
                const CubeSplit& split = *find_single(c, gi);
                const std::vector<Tally> t =
                    tallies(to_count_table(split.tables[cq], split.groups.size() + 1, codes, s.weighted), scale);
                std::map<uint32_t, Tally> by_category;
                for (size_t k = 0; k < split.groups.size(); ++k) by_category.emplace(split.groups[k].first, t[k]);
                return by_category;
            };
            const auto partnership = tallies_of(merged);
            std::vector<std::map<uint32_t, Tally>> council(cubes.size()), other(cubes.size());
            for (size_t c = 0; c < cubes.size(); ++c) council[c] = tallies_of(singles[c]), other[c] = tallies_of(others[c]);
            for (const auto& group : all.groups) {
                const Tally& tp = partnership.at(group.first);
                const size_t first = rows.size();
                std::vector<double> bases;
                std::vector<std::pair<Tally, Tally>> tested;  // council's, others': tested once suppression is known
                for (size_t c = 0; c < cubes.size(); ++c) {
                    const Tally none(codes);
                    auto pick = [&](const std::map<uint32_t, Tally>& m) -> const Tally& {
                        auto it = m.find(group.first);
                        return it == m.end() ? none : it->second;
                    };
                    const Tally& tc = pick(council[c]);
                    const Tally& to = pick(other[c]);
                    CouncilComparison r;
                    r.organisation = parts_name(cubes[c]);
                    r.question = q.id;
                    r.characteristic = all.id;
                    r.group = group.id;
                    r.group_label = group.label;
                    r.n = tc.n;
                    r.positives = tc.x;
                    r.rate = tc.rate();
                    r.partnership_n = tp.n;
                    r.partnership_rate = tp.rate();
                    r.others_n = to.n;
                    r.others_rate = to.rate();
                    r.gap_pp = 100 * (r.rate - r.partnership_rate);
                    r.p = r.p_adj = kNaN;
                    const double nc = s.weighted ? tc.effective_n() : tc.n, no = s.weighted ? to.effective_n() : to.n;
                    r.low_base = !(nc >= s.min_base);
                    tested.push_back({tc, to});
                    shown.push_back({published(tc), published(to), published(tp)});
                    // Both sides need the minimum base for a flag, as in the breakdown.
                    r.others_low_base = !(no >= s.min_base);
                    bases.push_back(tc.n);
                    rows.push_back(std::move(r));
                }
                // The councils partition the partnership's group, whose total is
                // published: suppress them as the groups of one table are.
                const auto reasons = suppression_reasons(bases, s.suppress_below);
                auto it = pooled_rows.find({q.id, all.id, group.id});
                const bool partnership_hidden = it == pooled_rows.end() || it->second->suppressed;
                for (size_t c = 0; c < cubes.size(); ++c) {
                    CouncilComparison& r = rows[first + c];
                    const auto& [tc, to] = tested[c];
                    // Only the comparisons that are shown are tested (a council with no
                    // answers in the group has nothing to compare).
                    if (!partnership_hidden && reasons[c].empty() && tc.n > 0 && to.n > 0) {
                        // The council against the other councils (the partnership's rate
                        // includes the council: p_c - p_all = (1 - n_c/N)(p_c - p_others)).
                        RateTest t = test_rates(tc, to, s.weighted, s.min_expected);
                        r.test = std::move(t.test);
                        r.p = t.p;
                    }
                    if (partnership_hidden || !reasons[c].empty()) {
                        r.suppressed = true;
                        r.suppression = partnership_hidden ? "partnership group suppressed" : reasons[c];
                        r.n = r.positives = r.rate = r.gap_pp = r.others_n = r.others_rate = r.p = kNaN;
                        r.partnership_n = partnership_hidden ? kNaN : r.partnership_n;
                        r.partnership_rate = partnership_hidden ? kNaN : r.partnership_rate;
                        r.test.clear();
                        r.low_base = false;
                    }
                }
            }
        }
    }
    // One family: every council x question x group with a test. Tests, flags and low
    // bases come from the exact counts, as the breakdown's exact pass does.
    for (CouncilComparison* tested : adjust_family(rows, s.correction)) {
        CouncilComparison& r = *tested;
        r.flagged = !r.low_base && !r.others_low_base && r.p_adj < s.alpha && std::fabs(r.gap_pp) >= s.gap_pp - 1e-9;
    }
    for (size_t i = 0; i < rows.size(); ++i) {
        CouncilComparison& r = rows[i];
        if (s.perturb) {
            // The figures from published tallies (the partnership's shown beside a
            // suppressed council too); the p-values would give exact counts back.
            const Shown& v = shown[i];
            if (!std::isnan(r.partnership_n)) r.partnership_n = v.partnership.n, r.partnership_rate = v.partnership.rate();
            if (!r.suppressed) {
                r.n = v.council.n, r.positives = v.council.x, r.rate = v.council.rate();
                r.others_n = v.others.n, r.others_rate = v.others.rate();
                r.gap_pp = 100 * (r.rate - r.partnership_rate);
            }
            r.p = r.p_adj = kNaN;
        }
        if (r.suppressed) continue;
        if (s.round_counts_to > 0) {
            r.n = round_count(r.n, s.round_counts_to);
            r.positives = round_count(r.positives, s.round_counts_to);
            r.partnership_n = round_count(r.partnership_n, s.round_counts_to);
            r.others_n = round_count(r.others_n, s.round_counts_to);
        }
        r.in_words = in_words(r, who);
    }
    return rows;
}

}  // namespace

PooledFindings analyse_pooled(const SurveyDefinition& survey, const std::vector<CountCube>& cubes,
                              const AnalysisSettings& settings) {
    if (cubes.empty()) throw InputError("a pooled analysis needs at least one count cube");
    for (const auto& c : cubes) check_cube_definition(c, survey, describe(c));
    if (!settings.filters.empty())
        throw InputError("--filter: a pooled analysis cannot filter respondents; the cubes hold counts, not rows "
                         "(docs/partnerships.md)");
    const CountCube merged = merge_cubes(cubes);
    if (settings.perturb && !merged.keyed)
        throw InputError("--counts perturbed: these count cubes hold no record keys for the cell key method; export them "
                         "again with keys (docs/partnerships.md)");
    if (settings.level != merged.level)
        throw InputError("--level " + level_name(settings.level) + ": these count cubes were exported at level " +
                         level_name(merged.level) + "; export them again with --level " + level_name(settings.level));
    if (settings.weighted && !merged.weighted)
        throw InputError("--weighted: these count cubes are unweighted; export them with --weighted");
    const Layout layout = resolve_layout(survey, merged, settings);
    std::string waves;
    for (const auto& p : merged.parts)
        if (waves.find(p.wave) == std::string::npos) waves += (waves.empty() ? "" : ", ") + p.wave;

    PooledFindings out;
    out.parts = merged.parts;
    out.findings = analyse_cube(survey, merged, layout, settings, waves);
    if (settings.weighted) {
        WeightingSummary& w = out.findings.weighting;
        w.method = "pooled";
        w.kept = merged.kept;
        w.left_out = merged.respondents - merged.kept;
        const double n_eff = stats::kish_effective_n(merged.sum_w.value(), merged.sum_w2.value());
        w.design_effect = n_eff > 0 ? static_cast<double>(merged.kept) / n_eff : kNaN;
        AnalysisSettings unweighted = settings;
        unweighted.weighted = false;
        unweighted.intersections = false;
        for (const auto& r : analyse_cube(survey, merged, layout, unweighted, waves).results)
            w.unweighted_flagged += r.flagged && !r.suppressed;
    }
    if (cubes.size() > 1) out.councils = compare_councils(survey, cubes, merged, out.findings, layout, settings);
    return out;
}

void write_pooled_json(const PooledFindings& pooled, std::ostream& out) {
    std::string buffer;
    {
        JsonWriter j(buffer);
        j.begin_object();
        j.field("schema", "gapfinder-pooled/1");
        j.key("parts").begin_array();
        for (const auto& p : pooled.parts) {
            j.begin_object();
            j.field("organisation", p.organisation).field("wave", p.wave).field("respondents", p.respondents);
            j.end_object();
        }
        j.end_array();
        j.key("councils").begin_array();
        for (const auto& r : pooled.councils) {
            j.begin_object();
            j.field("organisation", r.organisation).field("question", r.question).field("characteristic", r.characteristic);
            j.field("group", r.group).field("group_label", r.group_label).field("suppressed", r.suppressed);
            j.text_or_null("suppression", r.suppression);
            j.field("low_base", r.low_base).field("others_low_base", r.others_low_base).field("n", r.n).field("positives", r.positives).field("rate", r.rate);
            j.field("partnership_n", r.partnership_n).field("partnership_rate", r.partnership_rate);
            j.field("others_n", r.others_n).field("others_rate", r.others_rate).field("gap_pp", r.gap_pp);
            j.text_or_null("test", r.test);
            j.field("p", r.p).field("p_adj", r.p_adj).field("flagged", r.flagged);
            j.text_or_null("in_words", r.in_words);
            j.end_object();
        }
        j.end_array();
        j.key("findings");
        j.finish();
    }
    // The partnership's findings are the document of any analysis (findings-json.md).
    out << buffer;
    write_findings_json(pooled.findings, out);
    out << "}\n";
}

void write_pooled_text(const PooledFindings& pooled, std::ostream& out) {
    out << "Partnership analysis of " << pooled.parts.size() << " organisation(s)' count cubes:";
    for (const auto& p : pooled.parts) out << " " << p.organisation << " (" << p.wave << ", " << p.respondents << ")";
    out << "\n\n";
    if (pooled.findings.settings.perturb)
        out << "Counts are perturbed by the cell key method (each may be up to " << cell_key::kMax
            << " away from the exact count, as the councils' own perturbed findings publish them); which gaps are "
               "confirmed is decided on the exact counts.\n\n";
    write_findings_table(pooled.findings, out);
    if (pooled.councils.empty()) return;
    out << "\nEach organisation against the partnership average (confirmed differences; the test is the organisation "
           "against the other organisations, corrected over every comparison below):\n";
    size_t confirmed = 0, shown = 0, hidden = 0;
    for (const auto& r : pooled.councils) {
        if (r.suppressed) {
            ++hidden;
            continue;
        }
        ++shown;
        if (!r.flagged) continue;
        ++confirmed;
        out << "  " << r.question << ": " << r.in_words << "\n";
    }
    if (confirmed == 0) out << "  none confirmed\n";
    out << "\n" << confirmed << " confirmed of " << shown << " comparisons shown; " << hidden
        << " withheld to protect small groups.\n";
}

}  // namespace gapfinder
