#include "domain/population.hpp"

#include <Poco/File.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "domain/catalogue.hpp"
#include "util/errors.hpp"

namespace gapfinder {

using Poco::JSON::Object;

double PopulationMargin::total() const {
    double t = 0;
    for (const auto& [id, n] : counts) t += n;
    return t;
}

const PopulationMargin* PopulationProfile::find(const std::string& characteristic) const {
    for (const auto& m : margins)
        if (m.characteristic == characteristic) return &m;
    return nullptr;
}

PopulationProfile PopulationProfile::parse(const std::string& json_text, const std::string& source) {
    PopulationProfile p;
    p.source = source;
    std::vector<std::string> problems;
    auto fail = [&](const std::string& path, const std::string& message) { problems.push_back(source + ": " + path + ": " + message); };
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));  // keep the file's category order
        parsed = parser.parse(json_text);
    } catch (const Poco::Exception& e) {
        throw InputError(source + ": not valid JSON: " + e.message());
    }
    if (parsed.type() != typeid(Object::Ptr)) throw InputError(source + ": the file must hold one JSON object");
    const Object::Ptr root = parsed.extract<Object::Ptr>();
    if (root->optValue<std::string>("schema", "") != "gapfinder-population/1")
        fail("schema", "expected \"gapfinder-population/1\"");
    p.id = root->optValue<std::string>("id", "");
    if (p.id.empty()) fail("id", "is required");
    p.area = root->optValue<std::string>("area", "");
    p.population = root->optValue<std::string>("population", "");
    Object::Ptr margins = root->getObject("margins");
    if (!margins) fail("margins", "is required (an object of characteristic -> {counts})");
    else
        for (const std::string& characteristic : margins->getNames()) {  // file order
            const Poco::Dynamic::Var value = margins->get(characteristic);
            const std::string path = "margins." + characteristic;
            const Characteristic* c = find_characteristic(characteristic);
            if (!c) {
                fail(path, "\"" + characteristic + "\" is not a catalogue characteristic (see gapfinder catalogue)");
                continue;
            }
            PopulationMargin m;
            m.characteristic = characteristic;
            Object::Ptr mo = value.type() == typeid(Object::Ptr) ? value.extract<Object::Ptr>() : nullptr;
            Object::Ptr counts = mo ? mo->getObject("counts") : nullptr;
            Poco::JSON::Array::Ptr bands = mo ? mo->getArray("bands") : nullptr;
            if (mo && mo->has("bands") && !bands) {
                fail(path + ".bands", "expected an array of {\"from\", \"to\", \"count\"}");
                continue;
            }
            if (counts && bands) {
                fail(path, "give either counts (by category) or bands (from/to), not both");
                continue;
            }
            if (bands && !c->banded()) {
                fail(path + ".bands", characteristic + " has no numeric bands in the catalogue: give counts by category");
                continue;
            }
            if (!counts && !bands) {
                fail(path + ".counts", "is required: category id -> number of people" +
                                           std::string(c->banded() ? " (or bands: [{\"from\", \"to\", \"count\"}])" : ""));
                continue;
            }
            m.source = mo->optValue<std::string>("source", "");
            m.url = mo->optValue<std::string>("url", "");
            bool every_band_read = true;  // else indices in check_bands' messages would be off
            for (size_t i = 0; bands && i < bands->size(); ++i) {
                const std::string bp = path + ".bands[" + std::to_string(i) + "]";
                const Poco::Dynamic::Var item = bands->get(static_cast<unsigned>(i));
                if (item.type() != typeid(Object::Ptr)) {
                    fail(bp, "expected an object {\"from\", \"to\", \"count\"}");
                    every_band_read = false;
                    continue;
                }
                const Object::Ptr bo = item.extract<Object::Ptr>();
                bool ok = true;
                for (const std::string& key : bo->getNames())
                    if (key != "id" && key != "label" && key != "from" && key != "to" && key != "count") {
                        fail(bp + "." + key, "is not a known field here (known: id, label, from, to, count)");
                        ok = false;
                    }
                const std::optional<Band> band = read_band(bo, bp, fail);
                const Poco::Dynamic::Var n = bo->has("count") ? bo->get("count") : Poco::Dynamic::Var();
                if (n.isEmpty() || !n.isNumeric() || !(n.convert<double>() >= 0) || !std::isfinite(n.convert<double>())) {
                    fail(bp + ".count", "expected a number of people (0 or more)");
                    ok = false;
                }
                if (!band || !ok) {
                    every_band_read = false;
                    continue;
                }
                m.bands.push_back(*band);
                m.counts.emplace_back(bo->optValue<std::string>("id", band->text()), n.convert<double>());
            }
            if (bands && every_band_read)
                for (const auto& problem : check_bands(m.bands, path + ".bands"))
                    fail(path + ".bands[" + std::to_string(problem.index) + "]", problem.message);
            for (const std::string& category : counts ? counts->getNames() : std::vector<std::string>{}) {
                const Poco::Dynamic::Var n = counts->get(category);
                if (c->find(category) < 0) fail(path + ".counts." + category, "is not a category of " + characteristic);
                else if (!n.isNumeric() || !(n.convert<double>() >= 0) || !std::isfinite(n.convert<double>()))
                    fail(path + ".counts." + category, "expected a number of people (0 or more)");
                else m.counts.emplace_back(category, n.convert<double>());
            }
            const std::string list = path + (bands ? ".bands" : ".counts");
            if (m.counts.size() < 2) fail(list, bands ? "needs at least two bands" : "needs at least two categories");
            else if (!(m.total() > 0)) fail(list, "holds no people");
            p.margins.push_back(std::move(m));
        }
    if (!problems.empty()) {
        std::string message = source + ": " + std::to_string(problems.size()) + " problem(s) in the population profile";
        for (const auto& pr : problems) message += "\n  " + pr;
        throw InputError(message);
    }
    return p;
}

namespace {
std::string profile_path(const std::string& folder, const std::string& id) {
    return Poco::Path(folder).append(Poco::Path("benchmarks/" + id + ".json")).toString();
}
}  // namespace

std::string PopulationProfile::locate(const std::vector<std::string>& folders, const std::string& id) {
    for (const auto& folder : folders)
        if (const std::string path = profile_path(folder, id); Poco::File(path).exists()) return path;
    return "";
}

PopulationProfile PopulationProfile::find_in(const std::vector<std::string>& folders, const std::string& id) {
    if (const std::string path = locate(folders, id); !path.empty()) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        return parse(text.str(), path);
    }
    std::string looked;
    for (const auto& folder : folders) looked += (looked.empty() ? "" : ", ") + profile_path(folder, id);
    throw InputError("population profile \"" + id + "\" not found (looked for " + looked + ")");
}

}  // namespace gapfinder
