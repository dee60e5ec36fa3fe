// The action plan as JSON (schema "gapfinder-action-plan/1", docs/action-plans.md), and
// back.
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <limits>

#include "action_plan/layout.hpp"
#include "action_plan/writers.hpp"
#include "util/errors.hpp"
#include "util/json_writer.hpp"

namespace gapfinder::plan {

namespace {

void strings(JsonWriter& j, const char* name, const std::vector<std::string>& items) {
    j.key(name).begin_array();
    for (const auto& s : items) j.value(s);
    j.end_array();
}

}  // namespace

std::string plan_to_json(const ActionPlan& p) {
    std::string out;
    JsonWriter j(out);
    j.begin_object();
    j.field("schema", "gapfinder-action-plan/1");
    j.key("survey").begin_object().field("id", p.survey_id).field("title", p.survey_title).field("kind", p.survey_kind);
    j.field("organisation", p.organisation).end_object();
    j.field("wave", p.wave);
    if (p.next_wave.empty()) j.key("next_wave").null();
    else j.key("next_wave").begin_object().field("label", p.next_wave).text_or_null("date", p.next_wave_date).end_object();
    j.text_or_null("tracked_wave", p.tracked_wave);
    j.field("layout", p.layout);
    const PlanSettings& s = p.settings;
    j.key("settings").begin_object().field("level", s.level).field("correction", s.correction).field("alpha", s.alpha);
    j.field("gap_pp", s.gap_pp).field("min_base", s.min_base).field("suppress_below", s.suppress_below);
    strings(j, "by", s.by);
    strings(j, "questions", s.questions);
    j.field("intersections", s.intersections).end_object();
    j.key("partners").begin_array();
    for (const auto& partner : p.partners) j.begin_object().field("id", partner.id).field("name", partner.name).end_object();
    j.end_array();

    const TableView view = table_view(p, true);
    j.key("matrix").begin_array();
    for (const auto& m : view.matrix) j.begin_object().field("id", m.id).field("label", m.label).end_object();
    j.end_array();

    j.key("rows").begin_array();
    for (const auto& r : p.rows) {
        j.begin_object().field("kind", r.kind).field("objective", r.objective).field("theme", r.theme);
        j.text_or_null("eflg_area", r.eflg_area).field("action", r.action).field("lead", r.lead);
        j.field("target_date", r.target_date).field("measure", r.measure).field("partners", r.partners);
        strings(j, "relates_to", r.relates_to);
        if (!r.has_baseline()) j.key("baseline").null();
        else {
            j.key("baseline").begin_object().field("question", r.question).field("characteristic", r.characteristic);
            j.field("group", r.group).field("group_label", r.group_label).field("wave", r.baseline_wave);
            j.field("gap_pp", r.baseline_gap_pp).field("rate", r.baseline_rate).field("rest_rate", r.baseline_rest_rate);
            j.field("n", r.baseline_n).field("rest_n", r.baseline_rest_n).end_object();
        }
        j.field("target_gap_pp", r.target_gap_pp).field("detectable_gap_pp", r.detectable_gap_pp);
        if (!r.progress) j.key("progress").null();
        else {
            const Progress& g = *r.progress;
            j.key("progress").begin_object().field("wave", g.wave).field("measured", g.measured).text_or_null("note", g.note);
            j.field("gap_pp", g.gap_pp).field("rate", g.rate).field("rest_rate", g.rest_rate).field("n", g.n);
            j.field("change_pp", g.change_pp).field("p", g.p).field("p_adj", g.p_adj).field("status", g.status).end_object();
        }
        j.end_object();
    }
    j.end_array();

    j.key("findings").begin_object().field("wave", p.findings_wave).key("rows").begin_array();
    for (const auto& r : p.findings) {
        j.begin_object().field("question", r.question).field("characteristic", r.characteristic).field("group", r.group);
        j.field("group_label", r.group_label).field("undisclosed", r.undisclosed).field("suppressed", r.suppressed);
        j.field("n", r.n).field("rate", r.rate).field("rest_rate", r.rest_rate).field("gap_pp", r.gap_pp);
        j.field("p_adj", r.p_adj).field("flagged", r.flagged).end_object();
    }
    j.end_array().end_object();
    j.end_object();
    out += '\n';
    return out;
}

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

class Reader {
public:
    explicit Reader(std::string source) : source_(std::move(source)) {}

    [[noreturn]] void fail(const std::string& path, const std::string& message) const {
        throw InputError(source_ + ": " + path + ": " + message);
    }
    Object::Ptr object(const Var& v, const std::string& path) const {
        if (v.type() != typeid(Object::Ptr)) fail(path, "expected an object");
        return v.extract<Object::Ptr>();
    }
    Array::Ptr array(const Object::Ptr& o, const std::string& key, const std::string& path) const {
        if (!o->has(key)) fail(path + "." + key, "is required");
        const Var& v = o->get(key);
        if (v.type() != typeid(Array::Ptr)) fail(path + "." + key, "expected an array");
        return v.extract<Array::Ptr>();
    }
    std::string text(const Object::Ptr& o, const std::string& key, const std::string& path, bool required = false) const {
        if (!o->has(key) || o->isNull(key)) {
            if (required) fail(path + "." + key, "is required");
            return "";
        }
        const Var& v = o->get(key);
        if (!v.isString()) fail(path + "." + key, "expected a string");
        return v.toString();
    }
    double number(const Object::Ptr& o, const std::string& key, const std::string& path, bool required = true) const {
        if (!o->has(key) || o->isNull(key)) {
            if (required) fail(path + "." + key, "is required");
            return std::numeric_limits<double>::quiet_NaN();
        }
        const Var& v = o->get(key);
        if (!v.isNumeric()) fail(path + "." + key, "expected a number");
        return v.convert<double>();
    }
    std::vector<std::string> texts(const Object::Ptr& o, const std::string& key, const std::string& path) const {
        std::vector<std::string> out;
        if (!o->has(key)) return out;
        Array::Ptr a = array(o, key, path);
        for (size_t i = 0; i < a->size(); ++i) {
            const Var& v = a->get(static_cast<unsigned>(i));
            if (!v.isString()) fail(path + "." + key + "[" + std::to_string(i) + "]", "expected a string");
            out.push_back(v.toString());
        }
        return out;
    }

private:
    std::string source_;
};

}  // namespace

ActionPlan plan_from_json(const std::string& text, const std::string& source) {
    Var root;
    try {
        Poco::JSON::Parser parser;
        root = parser.parse(text);
    } catch (const Poco::Exception& e) {
        throw InputError(source + ": not valid JSON: " + e.message());
    }
    Reader rd(source);
    if (root.type() != typeid(Object::Ptr)) throw InputError(source + ": the file must hold one JSON object");
    Object::Ptr o = root.extract<Object::Ptr>();
    const std::string schema = rd.text(o, "schema", "", true);
    if (schema != "gapfinder-action-plan/1")
        rd.fail("schema", "\"" + schema + "\" is not an action plan (expected \"gapfinder-action-plan/1\")");
    ActionPlan p;
    Object::Ptr survey = rd.object(o->get("survey"), "survey");
    p.survey_id = rd.text(survey, "id", "survey", true);
    p.survey_title = rd.text(survey, "title", "survey");
    p.survey_kind = rd.text(survey, "kind", "survey");
    p.organisation = rd.text(survey, "organisation", "survey");
    p.wave = rd.text(o, "wave", "", true);
    if (o->has("next_wave") && !o->isNull("next_wave")) {
        Object::Ptr nw = rd.object(o->get("next_wave"), "next_wave");
        p.next_wave = rd.text(nw, "label", "next_wave", true);
        p.next_wave_date = rd.text(nw, "date", "next_wave");
    }
    p.tracked_wave = rd.text(o, "tracked_wave", "");
    p.layout = rd.text(o, "layout", "", true);
    if (p.layout != "harrow" && p.layout != "eflg" && p.layout != "simple") rd.fail("layout", "use harrow, eflg or simple");
    if (!o->has("settings")) rd.fail("settings", "is required");
    Object::Ptr s = rd.object(o->get("settings"), "settings");
    p.settings.level = rd.text(s, "level", "settings", true);
    p.settings.correction = rd.text(s, "correction", "settings", true);
    p.settings.alpha = rd.number(s, "alpha", "settings");
    p.settings.gap_pp = rd.number(s, "gap_pp", "settings");
    p.settings.min_base = rd.number(s, "min_base", "settings");
    p.settings.suppress_below = rd.number(s, "suppress_below", "settings");
    p.settings.by = rd.texts(s, "by", "settings");
    p.settings.questions = rd.texts(s, "questions", "settings");
    p.settings.intersections = s->has("intersections") && s->get("intersections").isBoolean() && s->getValue<bool>("intersections");
    if (o->has("partners")) {
        Array::Ptr a = rd.array(o, "partners", "");
        for (size_t i = 0; i < a->size(); ++i) {
            const std::string path = "partners[" + std::to_string(i) + "]";
            Object::Ptr po = rd.object(a->get(static_cast<unsigned>(i)), path);
            p.partners.push_back({rd.text(po, "id", path, true), rd.text(po, "name", path)});
        }
    }
    Array::Ptr rows = rd.array(o, "rows", "");
    for (size_t i = 0; i < rows->size(); ++i) {
        const std::string path = "rows[" + std::to_string(i) + "]";
        Object::Ptr ro = rd.object(rows->get(static_cast<unsigned>(i)), path);
        Row r;
        r.origin = path;
        r.kind = rd.text(ro, "kind", path);
        r.objective = rd.text(ro, "objective", path);
        r.theme = rd.text(ro, "theme", path);
        r.eflg_area = rd.text(ro, "eflg_area", path);
        r.action = rd.text(ro, "action", path);
        r.lead = rd.text(ro, "lead", path);
        r.target_date = rd.text(ro, "target_date", path);
        r.measure = rd.text(ro, "measure", path);
        r.partners = rd.text(ro, "partners", path);
        r.relates_to = rd.texts(ro, "relates_to", path);
        if (ro->has("baseline") && !ro->isNull("baseline")) {
            const std::string bp = path + ".baseline";
            Object::Ptr b = rd.object(ro->get("baseline"), bp);
            r.question = rd.text(b, "question", bp, true);
            r.characteristic = rd.text(b, "characteristic", bp, true);
            r.group = rd.text(b, "group", bp, true);
            r.group_label = rd.text(b, "group_label", bp);
            r.baseline_wave = rd.text(b, "wave", bp, true);
            r.baseline_gap_pp = rd.number(b, "gap_pp", bp);
            r.baseline_rate = rd.number(b, "rate", bp, false);
            r.baseline_rest_rate = rd.number(b, "rest_rate", bp, false);
            r.baseline_n = rd.number(b, "n", bp, false);
            r.baseline_rest_n = rd.number(b, "rest_n", bp, false);
            if (r.kind.empty()) r.kind = "gap";
            r.target_gap_pp = rd.number(ro, "target_gap_pp", path, false);
            if (std::isnan(r.target_gap_pp)) r.target_gap_pp = p.settings.gap_pp;
            if (!(r.target_gap_pp > 0)) rd.fail(path + ".target_gap_pp", "expected a number of points above 0, e.g. 5");
            r.detectable_gap_pp = rd.number(ro, "detectable_gap_pp", path, false);
        } else {
            r.kind = "added";
        }
        p.rows.push_back(std::move(r));
    }
    return p;
}

}  // namespace gapfinder::plan
