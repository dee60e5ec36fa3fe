// What a partnership's users read (docs/api.md, "Partnership users"): the pooled
// analysis of its member councils, built from each member's count cube as `gapfinder
// pool analyse --counts perturbed` builds it (requests/pooled.hpp), never a member's rows
// or own findings. Its counts are perturbed with the store's one cell key secret, as
// every web route's are: a reader who is a partnership user and a council's viewer
// then reads the same perturbed count for a council's cell by both routes, where an
// exact count beside it would give the perturbation away.
#include <map>

#include "requests/pooled.hpp"
#include "web/api.hpp"
#include "web/app.hpp"

namespace gapfinder::web {

namespace {

// Runs `read` with the request's store scoped to each member in turn, then scoped back.
template <typename Read>
void for_each_member(Exchange& ex, Read&& read) {
    Store& store = ex.store();
    const int64_t partnership = store.organisation();
    struct Rescope {
        Store& store;
        int64_t id;
        ~Rescope() { store.use_organisation(id); }
    } rescope{store, partnership};
    for (const Organisation& member : store.members(partnership)) {
        store.use_organisation(member.id);
        read(store);
    }
}

}  // namespace

std::vector<PooledWave> pooled_waves(Exchange& ex, const std::string& survey_id) {
    std::map<std::string, int> held;  // by label, sorted as a council's waves are
    for_each_member(ex, [&](Store& store) {
        for (const auto& w : store.waves(survey_id))
            if (w.ingests > 0) ++held[w.wave];
    });
    std::vector<PooledWave> out;
    for (const auto& [wave, members] : held) out.push_back({wave, members});
    return out;
}

std::vector<CountCube> partnership_cubes(Exchange& ex, const SurveyDefinition& survey, const std::string& wave,
                                         const requests::OptionValues& options) {
    Store& store = ex.store();
    auto cubes = requests::member_cubes(store, store.members(store.organisation()), ex.app.survey_folders(), survey, wave,
                                        options, requests::Counts::perturbed);
    if (cubes.empty()) throw HttpError(404, "survey " + survey.id + " has no wave \"" + wave + "\"");
    return cubes;
}

}  // namespace gapfinder::web
