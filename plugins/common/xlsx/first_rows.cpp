// Shared xlsx reading: the first rows of a workbook (see first_rows.hpp).
#include "first_rows.hpp"

#include "errors.hpp"
#include "package.hpp"
#include "sheet_rows.hpp"
#include "workbook.hpp"

namespace gapfinder::xlsx {

namespace {

class FirstRows : public RowHandler {
public:
    explicit FirstRows(size_t wanted) : wanted_(wanted) {}
    void row(uint64_t, std::vector<std::string>& cells, const std::vector<uint32_t>& filled) override {
        if (filled.empty()) return;
        rows.push_back(cells);
        if (rows.size() >= wanted_) throw Cancelled{};
    }
    std::vector<std::vector<std::string>> rows;

private:
    size_t wanted_;
};

}  // namespace

std::vector<std::vector<std::string>> first_rows(const std::string& path, size_t wanted) {
    Package package(path);
    Workbook workbook(package);
    const SheetInfo& sheet = choose_sheet(workbook, "", [](const std::string&) {});
    prepare_sheet(package, workbook, sheet);
    FirstRows handler(wanted);
    SheetRows rows(workbook, sheet.name, handler);
    try {
        package.parse(sheet.part, rows);
    } catch (const Cancelled&) {
    }
    return handler.rows;
}

}  // namespace gapfinder::xlsx
