// xlsx: reads survey exports saved as Excel workbooks (.xlsx, and macro-enabled .xlsm).
//
// Councils receive survey results as workbooks as often as CSV, usually with a title or
// notes above the headings and sometimes several sheets. This plugin hands the host one
// sheet's rows as text cells, exactly as a CSV export of that sheet would: which column
// is which question is still the survey definition's business.
//
// The workbook is read straight from its zip archive with Poco::Zip, and each XML part is
// streamed through Poco's SAX parser (a 50 MB sheet is never held as a DOM); only the
// shared-string table is kept in memory. See sheet_reader.hpp for how cells become text.
//
// Options: sheet=NAME or sheet=N (1-based position in the workbook, hidden sheets
// included; default the first worksheet that is not hidden),
// header_row=N (the row holding the headings, as Excel numbers it; default the first row
// that holds a value). Everything above the heading row is ignored.
#include <gapfinder/plugin_api.h>

#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <string_view>

#include "boundary/boundary.hpp"
#include "errors.hpp"
#include "package.hpp"
#include "sax_util.hpp"
#include "sheet_reader.hpp"
#include "workbook.hpp"

namespace {

using namespace gapfinder::xlsx;

struct Settings {
    std::string sheet;        // empty: the first worksheet
    uint64_t header_row = 0;  // 0: the first row with a value
};

std::string_view view(const gf_str& s) { return {s.data ? s.data : "", s.data ? s.size : 0}; }

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Returns an error message, or empty when all options are understood.
std::string parse_options(const gf_read_request* request, Settings& settings) {
    for (size_t i = 0; i < request->option_count; ++i) {
        const std::string_view key = view(request->options[i].key), value = view(request->options[i].value);
        if (key == "sheet") {
            if (value.empty()) return "option sheet= needs a sheet's name or its position (1 for the first)";
            settings.sheet = value;
        } else if (key == "header_row") {
            uint64_t row = 0;
            if (!parse_unsigned(value, row) || row == 0 || row > 1048576)
                return "option header_row=" + std::string(value) + ": give the number of the row holding the headings, as Excel shows it (1 to 1048576)";
            settings.header_row = row;
        } else {
            return "unknown option \"" + std::string(key) + "\" (this plugin knows sheet and header_row)";
        }
    }
    return {};
}

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

class XlsxRead {
public:
    XlsxRead(const gf_read_request* request, const gf_sink* sink, const gf_host* host)
        : request_(request), sink_(sink), host_(host) {}

    int32_t run() {
        Settings settings;
        if (std::string problem = parse_options(request_, settings); !problem.empty()) throw input_error(problem);

        Package package(request_->path);
        Workbook workbook(package);
        if (workbook.sheets().empty()) throw input_error("the workbook has no sheets");
        const SheetInfo& sheet = choose(workbook, settings);
        if (sheet.part.empty() || !package.find(sheet.part))
            throw input_error("the workbook lists sheet \"" + sheet.name + "\" but its part" +
                              (sheet.part.empty() ? std::string() : " " + sheet.part) + " is missing: the file is damaged");
        workbook.load_cell_data();

        SheetReader reader(workbook, sheet.name, settings.header_row, *sink_);
        package.parse(sheet.part, reader);
        reader.finish();
        log(GF_LOG_DEBUG, "sheet \"" + sheet.name + "\": headings on row " + std::to_string(reader.heading_row()) + ", " +
                              std::to_string(reader.data_rows()) + " data rows");
        return GF_OK;
    }

private:
    const SheetInfo& choose(const Workbook& workbook, const Settings& settings) {
        const auto& sheets = workbook.sheets();
        const SheetInfo* chosen = nullptr;
        if (!settings.sheet.empty()) {
            for (const auto& s : sheets)
                if (s.name == settings.sheet) chosen = &s;
            for (size_t i = 0; i < sheets.size() && !chosen; ++i)  // Excel's sheet names ignore case
                if (lower(sheets[i].name) == lower(settings.sheet)) chosen = &sheets[i];
            uint64_t position = 0;
            if (!chosen && parse_unsigned(settings.sheet, position)) {
                if (position == 0 || position > sheets.size())
                    throw input_error("option sheet=" + settings.sheet + ": the workbook has " + std::to_string(sheets.size()) +
                                      " sheet" + (sheets.size() == 1 ? "" : "s") + " (" + sheet_list(workbook) + ")");
                chosen = &sheets[position - 1];
            }
            if (!chosen)
                throw input_error("option sheet=" + settings.sheet + ": the workbook has no sheet of that name; its sheets are " +
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
        if (sheets.size() > 1)
            log(GF_LOG_INFO, "the workbook has " + std::to_string(sheets.size()) + " sheets (" + sheet_list(workbook) +
                                 "); reading \"" + chosen->name + "\". Choose another with --option sheet=NAME");
        return *chosen;
    }

    void log(int32_t level, const std::string& message) const {
        if (host_ && host_->log) host_->log(host_->ctx, level, {message.data(), message.size()});
    }

    const gf_read_request* request_;
    const gf_sink* sink_;
    const gf_host* host_;
};

// Whether the zip's first local headers (as far as head reaches) name an "xl/" part.
bool head_names_xl_part(const unsigned char* head, size_t size) {
    for (size_t i = 0; i + 33 <= size; ++i) {
        if (std::memcmp(head + i, "PK\x03\x04", 4) != 0) continue;
        const size_t name_length = head[i + 26] | (head[i + 27] << 8);
        if (name_length >= 3 && std::memcmp(head + i + 30, "xl/", 3) == 0) return true;
        if (name_length >= 4 && i + 34 <= size && std::memcmp(head + i + 30, "/xl/", 4) == 0) return true;
    }
    return false;
}

int32_t identify(const char* path, const unsigned char* head, size_t head_size) noexcept {
    const std::string_view name(path ? path : "");
    const bool xlsx_name = gapfinder::plugin::has_extension(name, ".xlsx") || gapfinder::plugin::has_extension(name, ".xlsm");
    if (head && head_size >= 4 && std::memcmp(head, "PK\x03\x04", 4) == 0) {
        if (xlsx_name) return 90;
        return head_names_xl_part(head, head_size) ? 60 : 10;
    }
    // An old .xls, or an .xlsx saved with a password (Excel then wraps it in an OLE2
    // file): nobody can read these, but read() can tell the user what to do about it.
    if ((xlsx_name || gapfinder::plugin::has_extension(name, ".xls")) && head && head_size >= 8 &&
        std::memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return 40;
    return 0;
}

int32_t read(const gf_read_request* request, const gf_sink* sink, const gf_host* host, gf_status* status) noexcept {
    return gapfinder::plugin::guarded_read(status, GF_ERR_INTERNAL, [&]() -> int32_t {
        try {
            return XlsxRead(request, sink, host).run();
        } catch (const Error& e) {
            return gf_status_set(status, e.code, e.row, e.field.c_str(), "%s", e.what());
        } catch (const Cancelled&) {
            return GF_ERR_CANCELLED;
        }
    });
}

const gf_plugin_info kInfo = {
    sizeof(gf_plugin_info),
    "xlsx",
    "Excel workbook",
    "1.0.0",
    ".xlsx;.xlsm",
    "Survey exports saved as Excel workbooks (.xlsx): one sheet, headings on any row",
};

const gf_plugin kPlugin = {sizeof(gf_plugin), GF_PLUGIN_API_VERSION, &kInfo, &identify, &read};

}  // namespace

extern "C" GF_PLUGIN_EXPORT uint32_t gapfinder_plugin_api_version(void) { return GF_PLUGIN_API_VERSION; }
extern "C" GF_PLUGIN_EXPORT const gf_plugin* gapfinder_plugin_entry(void) { return &kPlugin; }
