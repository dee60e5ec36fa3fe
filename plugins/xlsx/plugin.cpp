// xlsx: reads survey exports saved as Excel workbooks (.xlsx, and macro-enabled .xlsm).
//
// Councils receive survey results as workbooks as often as CSV, usually with a title or
// notes above the headings and sometimes several sheets. This plugin hands the host one
// sheet's rows as text cells, exactly as a CSV export of that sheet would: which column
// is which question is still the survey definition's business.
//
// The workbook is read straight from its zip archive with Poco::Zip, and each XML part is
// streamed through Poco's SAX parser (a 50 MB sheet is never held as a DOM); only the
// shared-string table is kept in memory. The workbook reading is shared with other
// plugins (common/xlsx/); see sheet_rows.hpp there for how cells become text.
//
// Options: sheet=NAME or sheet=N (1-based position in the workbook, hidden sheets
// included; default the first worksheet that is not hidden),
// header_row=N (the row holding the headings, as Excel numbers it; default the first row
// that holds a value). Everything above the heading row is ignored.
// max_unpacked_mib=N raises the unpacking budget (budgets.hpp, 512 MiB) for one workbook
// the user trusts, such as a 1,000,000-row export that unpacks to 1.7 GB; the sheet is
// streamed, so memory grows only with the shared strings, which keep their own budget.
#include <gapfinder/plugin_api.h>

#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <string_view>

#include "boundary/boundary.hpp"
#include "sheet_reader.hpp"
#include "xlsx/errors.hpp"
#include "xlsx/package.hpp"
#include "xlsx/sax_util.hpp"
#include "xlsx/workbook.hpp"
#include "xlsx/zip_head.hpp"

namespace {

using namespace gapfinder::xlsx;

struct Settings {
    std::string sheet;        // empty: the first worksheet
    uint64_t header_row = 0;  // 0: the first row with a value
    uint64_t max_unpacked = kMaxUnpackedBytes;
};

// 64 GiB: past any workbook Excel can write (1,048,576 rows of 16,384 columns is not a
// survey), and small enough that the byte count cannot overflow.
constexpr uint64_t kMaxUnpackedMibOption = uint64_t{64} << 10;

std::string_view view(const gf_str& s) { return {s.data ? s.data : "", s.data ? s.size : 0}; }

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
        } else if (key == "max_unpacked_mib") {
            uint64_t mib = 0;
            if (!parse_unsigned(value, mib) || mib == 0 || mib > kMaxUnpackedMibOption)
                return "option max_unpacked_mib=" + std::string(value) + ": give the most the workbook may unpack to, in MiB (1 to " +
                       std::to_string(kMaxUnpackedMibOption) + "; the default is " + std::to_string(kMaxUnpackedBytes >> 20) + ")";
            settings.max_unpacked = mib << 20;
        } else {
            return "unknown option \"" + std::string(key) + "\" (this plugin knows sheet, header_row and max_unpacked_mib)";
        }
    }
    return {};
}

class XlsxRead {
public:
    XlsxRead(const gf_read_request* request, const gf_sink* sink, const gf_host* host)
        : request_(request), sink_(sink), host_(host) {}

    int32_t run() {
        Settings settings;
        if (std::string problem = parse_options(request_, settings); !problem.empty()) throw input_error(problem);

        Package package(request_->path, settings.max_unpacked);
        Workbook workbook(package);
        const SheetInfo& sheet = choose_sheet(workbook, settings.sheet, [&](const std::string& note) { log(GF_LOG_INFO, note); });
        prepare_sheet(package, workbook, sheet);

        SheetReader reader(workbook, sheet.name, settings.header_row, *sink_);
        package.parse(sheet.part, reader.parser());
        reader.finish();
        log(GF_LOG_DEBUG, "sheet \"" + sheet.name + "\": headings on row " + std::to_string(reader.heading_row()) + ", " +
                              std::to_string(reader.data_rows()) + " data rows");
        return GF_OK;
    }

private:
    void log(int32_t level, const std::string& message) const {
        if (host_ && host_->log) host_->log(host_->ctx, level, {message.data(), message.size()});
    }

    const gf_read_request* request_;
    const gf_sink* sink_;
    const gf_host* host_;
};

int32_t identify(const char* path, const unsigned char* head, size_t head_size) noexcept {
    const std::string_view name(path ? path : "");
    const bool xlsx_name = gapfinder::plugin::has_extension(name, ".xlsx") || gapfinder::plugin::has_extension(name, ".xlsm");
    if (head && head_size >= 4 && std::memcmp(head, "PK\x03\x04", 4) == 0) {
        if (xlsx_name) return 90;
        return gapfinder::xlsx::head_names_xl_part(head, head_size) ? 60 : 10;
    }
    // An old .xls, or an .xlsx saved with a password (Excel then wraps it in an OLE2
    // file): nobody can read these, but read() can tell the user what to do about it.
    if ((xlsx_name || gapfinder::plugin::has_extension(name, ".xls")) && head && head_size >= 8 &&
        std::memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return 40;
    return 0;
}

int32_t read(const gf_read_request* request, const gf_sink* sink, const gf_host* host, gf_status* status) noexcept {
    return gapfinder::xlsx::guarded_workbook_read(status, GF_ERR_INTERNAL, [&] { return XlsxRead(request, sink, host).run(); });
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
