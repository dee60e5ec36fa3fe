// Parsing and checking a codebook; the format is in codebook.hpp.
#include "text/codebook.hpp"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "text/tokenise.hpp"
#include "util/errors.hpp"

namespace gapfinder::text {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

bool valid_theme_id(const std::string& id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

// Collects every problem of one file, each prefixed with the file and where in it.
class Problems {
public:
    explicit Problems(std::string file) : file_(std::move(file)) {}
    void add(const std::string& where, const std::string& message) {
        lines_.push_back(file_ + ": " + (where.empty() ? "" : where + ": ") + message);
    }
    void throw_if_any() const {
        if (lines_.empty()) return;
        std::string text = lines_.size() == 1 ? lines_[0] : std::to_string(lines_.size()) + " problems in the codebook:";
        if (lines_.size() > 1) {
            for (const std::string& line : lines_) text += "\n  " + line;
        }
        throw InputError(text);
    }

private:
    std::string file_;
    std::vector<std::string> lines_;
};

// "theme 3 (\"access\")", or "theme 3" while the id is unknown or invalid.
std::string theme_place(size_t index, const std::string& id) {
    std::string place = "theme " + std::to_string(index + 1);
    if (!id.empty()) place += " (\"" + id + "\")";
    return place;
}

// A list of strings, or an error naming the field; absent is an empty list. `malformed`
// is set on an error, so that its consequences are not reported as more problems.
std::vector<std::string> string_list(const Object::Ptr& theme, const std::string& field, const std::string& where,
                                     Problems& problems, bool& malformed) {
    std::vector<std::string> values;
    if (!theme->has(field)) return values;
    const Array::Ptr list = theme->getArray(field);
    bool all_strings = static_cast<bool>(list);
    if (list) {
        for (size_t i = 0; i < list->size(); ++i) {
            if (!list->get(static_cast<unsigned>(i)).isString()) all_strings = false;
        }
    }
    if (!all_strings) {
        problems.add(where, "\"" + field + "\" must be a list of strings");
        malformed = true;
        return values;
    }
    for (size_t i = 0; i < list->size(); ++i) values.push_back(list->getElement<std::string>(static_cast<unsigned>(i)));
    return values;
}

// Each entry stemmed to its sequence of stems; an entry without a word is an error, and
// so is a keyword of more than one word (it belongs in "phrases").
std::vector<std::vector<std::string>> stem_entries(const std::vector<std::string>& entries, const std::string& field,
                                                   bool single_word, const std::string& where, Stemmer& stemmer,
                                                   Problems& problems) {
    std::vector<std::vector<std::string>> stemmed;
    for (const std::string& entry : entries) {
        std::vector<std::string> stems;
        for (const Token& token : tokenise_and_stem(entry, stemmer)) stems.push_back(token.stem);
        if (stems.empty()) {
            problems.add(where, "\"" + field + "\" entry \"" + entry + "\" has no word in it");
        } else if (single_word && stems.size() > 1) {
            problems.add(where, "\"" + field + "\" entry \"" + entry + "\" is more than one word (put it in \"phrases\")");
        } else {
            stemmed.push_back(std::move(stems));
        }
    }
    return stemmed;
}

std::string required_string(const Object::Ptr& o, const std::string& field, const std::string& where,
                            Problems& problems) {
    if (!o->has(field)) {
        problems.add(where, "\"" + field + "\" is missing");
        return {};
    }
    const Var value = o->get(field);
    if (!value.isString() || value.extract<std::string>().empty()) {
        problems.add(where, "\"" + field + "\" must be a non-empty string");
        return {};
    }
    return value.extract<std::string>();
}

void unknown_fields(const Object::Ptr& o, std::initializer_list<const char*> known, const std::string& where,
                    Problems& problems) {
    for (const std::string& name : o->getNames()) {
        if (std::none_of(known.begin(), known.end(), [&](const char* k) { return name == k; })) {
            std::string list;
            for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
            problems.add(where, "\"" + name + "\" is not a known field (known: " + list + ")");
        }
    }
}

Theme parse_theme(const Object::Ptr& o, size_t index, std::set<std::string>& seen_ids, Stemmer& stemmer,
                  Problems& problems) {
    Theme theme;
    std::string where = theme_place(index, "");
    theme.id = required_string(o, "id", where, problems);
    if (!theme.id.empty()) {
        if (!valid_theme_id(theme.id)) {
            problems.add(where, "\"id\" \"" + theme.id + "\" may hold only a-z, 0-9, _ and -");
            theme.id.clear();
        } else {
            where = theme_place(index, theme.id);
            if (!seen_ids.insert(theme.id).second) problems.add(where, "\"id\" is used by an earlier theme");
        }
    }
    unknown_fields(o, {"id", "label", "keywords", "phrases", "exclude"}, where, problems);
    theme.label = required_string(o, "label", where, problems);
    bool malformed = false;
    theme.keywords = string_list(o, "keywords", where, problems, malformed);
    theme.phrases = string_list(o, "phrases", where, problems, malformed);
    theme.exclude = string_list(o, "exclude", where, problems, malformed);
    if (!malformed && theme.keywords.empty() && theme.phrases.empty()) {
        problems.add(where, "needs at least one entry in \"keywords\" or \"phrases\"");
    }
    for (auto& stems : stem_entries(theme.keywords, "keywords", true, where, stemmer, problems)) {
        theme.keyword_stems.push_back(std::move(stems[0]));
    }
    theme.phrase_stems = stem_entries(theme.phrases, "phrases", false, where, stemmer, problems);
    theme.exclude_stems = stem_entries(theme.exclude, "exclude", false, where, stemmer, problems);
    return theme;
}

}  // namespace

const Theme* Codebook::find(std::string_view id) const {
    const auto it = std::find_if(themes.begin(), themes.end(), [&](const Theme& t) { return t.id == id; });
    return it == themes.end() ? nullptr : &*it;
}

Codebook parse_codebook(std::string_view json, const std::string& file, Stemmer& stemmer) {
    Var root;
    try {
        Poco::JSON::Parser parser;
        root = parser.parse(std::string(json));
    } catch (const Poco::Exception& e) {
        throw InputError(file + ": not valid JSON: " + e.message());
    }
    if (root.type() != typeid(Object::Ptr)) throw InputError(file + ": the codebook must be one JSON object");
    const Object::Ptr o = root.extract<Object::Ptr>();
    Problems problems(file);
    unknown_fields(o, {"question", "themes"}, "", problems);
    Codebook codebook;
    codebook.question = required_string(o, "question", "", problems);
    const Array::Ptr themes = o->has("themes") ? o->getArray("themes") : nullptr;
    if (!themes || themes->size() == 0) {
        problems.add("", "\"themes\" must be a non-empty list of theme objects");
        problems.throw_if_any();
    }
    std::set<std::string> seen_ids;
    for (size_t i = 0; i < themes->size(); ++i) {
        const Object::Ptr theme = themes->getObject(static_cast<unsigned>(i));
        if (!theme) {
            problems.add(theme_place(i, ""), "must be an object");
            continue;
        }
        codebook.themes.push_back(parse_theme(theme, i, seen_ids, stemmer, problems));
    }
    problems.throw_if_any();
    return codebook;
}

Codebook load_codebook(const std::filesystem::path& path, Stemmer& stemmer) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path.string() + ": cannot open the codebook");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_codebook(text.str(), path.string(), stemmer);
}

}  // namespace gapfinder::text
