// Shared xlsx reading: the workbook's sheets, styles and shared strings (see workbook.hpp).
#include "workbook.hpp"

#include <Poco/SAX/DefaultHandler.h>
#include <Poco/String.h>

#include <map>
#include <optional>

#include "budgets.hpp"
#include "errors.hpp"
#include "sax_util.hpp"

namespace gapfinder::xlsx {

namespace {

using Poco::XML::Attributes;
using Poco::XML::XMLChar;
using Poco::XML::XMLString;

struct Relationship {
    std::string type;    // the last word of the type URI: "worksheet", "styles", "officeDocument"...
    std::string target;  // resolved to a part name
};

// <Relationships><Relationship Id Type Target [TargetMode="External"]/>...
class RelationshipsHandler : public Poco::XML::DefaultHandler {
public:
    explicit RelationshipsHandler(std::string source) : source_(std::move(source)) {}
    std::map<std::string, Relationship> by_id;

    void startElement(const XMLString&, const XMLString& local, const XMLString&, const Attributes& a) override {
        if (local != "Relationship") return;
        const std::string *id = attribute(a, "Id"), *type = attribute(a, "Type"), *target = attribute(a, "Target"),
                          *mode = attribute(a, "TargetMode");
        if (!id || !type || !target || (mode && *mode == "External")) return;
        by_id[*id] = {type->substr(type->rfind('/') + 1), resolve_target(source_, *target)};
    }

private:
    std::string source_;
};

// The relationships of a part live beside it: xl/workbook.xml -> xl/_rels/workbook.xml.rels.
std::map<std::string, Relationship> relationships_of(Package& package, const std::string& part) {
    const size_t slash = part.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : part.substr(0, slash + 1);
    const std::string rels = dir + "_rels/" + part.substr(dir.size()) + ".rels";
    if (!package.find(rels)) return {};
    RelationshipsHandler handler(part);
    package.parse(rels, handler);
    return std::move(handler.by_id);
}

std::optional<std::string> first_of_type(const std::map<std::string, Relationship>& rels, std::string_view type) {
    for (const auto& [id, r] : rels)
        if (r.type == type) return r.target;
    return std::nullopt;
}

class WorkbookHandler : public Poco::XML::DefaultHandler {
public:
    std::string root;
    struct Entry {
        std::string name, rid;
        bool hidden;
    };
    std::vector<Entry> sheets;
    bool date1904 = false;

    void startElement(const XMLString& uri, const XMLString& local, const XMLString&, const Attributes& a) override {
        if (root.empty()) root = is_spreadsheet_ns(uri) ? local : uri + " " + local;
        if (!is_spreadsheet_ns(uri)) return;
        if (local == "sheet") {
            const std::string *name = attribute(a, "name"), *rid = attribute(a, "id", false), *state = attribute(a, "state");
            sheets.push_back({name ? *name : "", rid ? *rid : "", state && (*state == "hidden" || *state == "veryHidden")});
        } else if (local == "workbookPr") {
            const std::string* v = attribute(a, "date1904");
            date1904 = v && (*v == "1" || *v == "true" || *v == "on");
        }
    }
};

class StylesHandler : public Poco::XML::DefaultHandler {
public:
    std::map<uint64_t, std::string> custom;  // numFmtId -> formatCode
    std::vector<uint64_t> cell_xf_formats;   // numFmtId of each cellXfs/xf, by index

    void startElement(const XMLString& uri, const XMLString& local, const XMLString&, const Attributes& a) override {
        if (!is_spreadsheet_ns(uri)) return;
        if (local == "numFmts") {
            in_num_fmts_ = true;
        } else if (local == "cellXfs") {
            in_cell_xfs_ = true;
        } else if (local == "numFmt" && in_num_fmts_) {
            const std::string *id = attribute(a, "numFmtId"), *code = attribute(a, "formatCode");
            uint64_t n = 0;
            if (id && code && parse_unsigned(*id, n)) custom[n] = *code;
        } else if (local == "xf" && in_cell_xfs_) {  // cellStyleXfs has xf elements too: not these
            const std::string* id = attribute(a, "numFmtId");
            uint64_t n = 0;
            cell_xf_formats.push_back(id && parse_unsigned(*id, n) ? n : 0);
        }
    }
    void endElement(const XMLString& uri, const XMLString& local, const XMLString&) override {
        if (!is_spreadsheet_ns(uri)) return;
        if (local == "numFmts") in_num_fmts_ = false;
        else if (local == "cellXfs") in_cell_xfs_ = false;
    }

private:
    bool in_num_fmts_ = false, in_cell_xfs_ = false;
};

// <sst><si><t>text</t></si> or <si><r><rPr/><t>run</t></r>...<rPh><t>reading</t></rPh></si>
class SharedStringsHandler : public Poco::XML::DefaultHandler {
public:
    explicit SharedStringsHandler(SharedStrings& out) : out_(out) {}

    void startElement(const XMLString& uri, const XMLString& local, const XMLString&, const Attributes&) override {
        if (!is_spreadsheet_ns(uri)) return;
        if (local == "si") {
            in_si_ = true;
            text_.clear();
        } else if (local == "rPh") {
            ++in_phonetic_;
        } else if (local == "t" && in_si_ && in_phonetic_ == 0) {
            in_t_ = true;
        }
    }
    void endElement(const XMLString& uri, const XMLString& local, const XMLString&) override {
        if (!is_spreadsheet_ns(uri)) return;
        if (local == "t") {
            in_t_ = false;
        } else if (local == "rPh") {
            --in_phonetic_;
        } else if (local == "si") {
            decode_escapes(text_);
            check_budget(text_.size() + sizeof(size_t));
            out_.push_back(text_);
            in_si_ = false;
        }
    }
    void characters(const XMLChar ch[], int start, int length) override {
        if (!in_t_) return;
        text_.append(ch + start, static_cast<size_t>(length));
        if (text_.size() > kMaxTextBytes)
            throw input_error("shared string " + std::to_string(out_.size()) + " holds more than " +
                              std::to_string(kMaxTextBytes >> 20) +
                              " MiB of text, far beyond Excel's limit of 32,767 characters; the file is damaged");
        check_budget(text_.size());
    }

private:
    // The strings held, with those still to come (kMaxSharedStringBytes, budgets.hpp).
    void check_budget(uint64_t more) const {
        if (out_.held_bytes() + more > kMaxSharedStringBytes)
            throw input_error("the workbook's shared strings (the text of its cells) take more than " + mib(kMaxSharedStringBytes) +
                              " (" + std::to_string(out_.size()) + " strings so far)" + kOverBudget);
    }

    SharedStrings& out_;
    std::string text_;
    bool in_si_ = false, in_t_ = false;
    int in_phonetic_ = 0;
};

std::string not_a_workbook(const std::string& main_part, Package& package) {
    std::string what = "it has no workbook part (xl/workbook.xml)";
    if (main_part.rfind("word/", 0) == 0) what = "it is a Word document";
    else if (main_part.rfind("ppt/", 0) == 0) what = "it is a PowerPoint presentation";
    else if (package.find("content.xml") && package.find("mimetype"))
        what = "it is an OpenDocument file (.ods?); save it from LibreOffice as \"Excel 2007-365 (.xlsx)\"";
    return "the file is a zip archive but not an Excel workbook: " + what;
}

}  // namespace

bool is_spreadsheet_ns(std::string_view uri) {
    return uri == "http://schemas.openxmlformats.org/spreadsheetml/2006/main" ||
           uri == "http://purl.oclc.org/ooxml/spreadsheetml/main";
}

Workbook::Workbook(Package& package) : package_(package) {
    const auto package_rels = relationships_of(package, "");
    workbook_part_ = first_of_type(package_rels, "officeDocument").value_or("xl/workbook.xml");
    if (!package.find(workbook_part_)) throw input_error(not_a_workbook(workbook_part_, package));

    WorkbookHandler handler;
    package.parse(workbook_part_, handler);
    if (handler.root != "workbook") throw input_error(not_a_workbook(workbook_part_, package));
    date1904_ = handler.date1904;

    const auto rels = relationships_of(package, workbook_part_);
    for (const auto& entry : handler.sheets) {
        SheetInfo sheet{entry.name, "", "worksheet", entry.hidden};
        if (const auto it = rels.find(entry.rid); it != rels.end()) {
            sheet.part = it->second.target;
            sheet.kind = it->second.type;
        }
        sheets_.push_back(std::move(sheet));
    }
    const std::string dir = workbook_part_.substr(0, workbook_part_.rfind('/') + 1);
    const auto styles = first_of_type(rels, "styles"), shared_strings = first_of_type(rels, "sharedStrings");
    styles_part_ = styles.value_or(dir + "styles.xml");
    shared_strings_part_ = shared_strings.value_or(dir + "sharedStrings.xml");
    // A part the workbook names must be there: without its styles every date would pass
    // silently for a plain number.
    for (const auto& named : {styles, shared_strings})
        if (named && !package.find(*named)) throw input_error("the workbook part " + *named + " is missing: the file is damaged");
}

void Workbook::load_cell_data() {
    if (package_.find(styles_part_)) {
        StylesHandler styles;
        package_.parse(styles_part_, styles);
        cell_formats_.reserve(styles.cell_xf_formats.size());
        for (uint64_t id : styles.cell_xf_formats) {
            const auto custom = styles.custom.find(id);
            cell_formats_.push_back(custom != styles.custom.end() ? classify_format_code(custom->second)
                                    : id < 1000                  ? classify_builtin_format(static_cast<uint32_t>(id))
                                                                 : DateKind::none);
        }
    }
    if (package_.find(shared_strings_part_)) {
        SharedStringsHandler handler(shared_strings_);
        package_.parse(shared_strings_part_, handler);
    }
}

namespace {

std::string sheet_list(const Workbook& workbook) {
    std::string list;
    for (const auto& s : workbook.sheets()) list += (list.empty() ? "\"" : ", \"") + s.name + "\"";
    return list;
}

std::string kind_name(const std::string& kind) {
    if (kind == "chartsheet") return "a chart sheet";
    if (kind == "dialogsheet") return "a dialog sheet";
    if (kind == "xlMacrosheet" || kind == "xlIntlMacrosheet") return "an Excel 4.0 macro sheet";
    return "not a worksheet (" + kind + ")";
}

}  // namespace

const SheetInfo& choose_sheet(const Workbook& workbook, const std::string& requested,
                              const std::function<void(const std::string&)>& note) {
    const auto& sheets = workbook.sheets();
    if (sheets.empty()) throw input_error("the workbook has no sheets");
    const SheetInfo* chosen = nullptr;
    if (!requested.empty()) {
        for (const auto& s : sheets)
            if (s.name == requested) chosen = &s;
        for (size_t i = 0; i < sheets.size() && !chosen; ++i)  // Excel's sheet names ignore case
            if (Poco::icompare(sheets[i].name, requested) == 0) chosen = &sheets[i];
        uint64_t position = 0;
        if (!chosen && parse_unsigned(requested, position)) {
            if (position == 0 || position > sheets.size())
                throw input_error("option sheet=" + requested + ": the workbook has " + std::to_string(sheets.size()) + " sheet" +
                                  (sheets.size() == 1 ? "" : "s") + " (" + sheet_list(workbook) + ")");
            chosen = &sheets[position - 1];
        }
        if (!chosen)
            throw input_error("option sheet=" + requested + ": the workbook has no sheet of that name; its sheets are " +
                              sheet_list(workbook));
        if (chosen->kind != "worksheet")
            throw input_error("sheet \"" + chosen->name + "\" is " + kind_name(chosen->kind) + ", not a worksheet of rows and columns");
        return *chosen;
    }
    // The first worksheet the user can see; a hidden one (lookup lists...) only if
    // every worksheet is hidden.
    for (const auto& s : sheets)
        if (s.kind == "worksheet" && (!chosen || (chosen->hidden && !s.hidden))) chosen = &s;
    if (!chosen) throw input_error("the workbook has no worksheets, only charts or other sheets (" + sheet_list(workbook) + ")");
    if (sheets.size() > 1 && note)
        note("the workbook has " + std::to_string(sheets.size()) + " sheets (" + sheet_list(workbook) + "); reading \"" +
             chosen->name + "\". Choose another with --option sheet=NAME");
    return *chosen;
}

void prepare_sheet(Package& package, Workbook& workbook, const SheetInfo& sheet) {
    if (sheet.part.empty() || !package.find(sheet.part))
        throw input_error("the workbook lists sheet \"" + sheet.name + "\" but its part" +
                          (sheet.part.empty() ? std::string() : " " + sheet.part) + " is missing: the file is damaged");
    package.check_declared_sizes({workbook.styles_part(), workbook.shared_strings_part(), sheet.part});
    workbook.load_cell_data();
}

}  // namespace gapfinder::xlsx
