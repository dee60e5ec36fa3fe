// Shared xlsx reading: the two things thrown inside a plugin that reads workbooks, both
// caught in its read() before they could reach the host (no exception may cross the
// plugin boundary).
//
// Error is a problem to report through gf_status: the gf_code, the sheet row (0 when no
// row applies), the field (a cell such as "Responses!C12", or empty) and the message.
// Cancelled means the host's sink asked to stop; it carries nothing because the host
// already knows why. Both are thrown from inside SAX callbacks to stop a parse midway.
#pragma once

#include <gapfinder/plugin_api.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include "boundary/boundary.hpp"

namespace gapfinder::xlsx {

class Error : public std::runtime_error {
public:
    Error(int32_t code, uint64_t row, std::string field, const std::string& message)
        : std::runtime_error(message), code(code), row(row), field(std::move(field)) {}
    int32_t code;
    uint64_t row;
    std::string field;
};

// Bad input with no particular row or cell.
inline Error input_error(const std::string& message) { return Error(GF_ERR_INPUT, 0, "", message); }

struct Cancelled {};

// A plugin's read(): runs body() (returning a gf_code) behind the C-boundary guard,
// turning an Error into the status and Cancelled into GF_ERR_CANCELLED.
// exception_code is what any other std::exception becomes (see plugin::guarded_read).
template <typename Body>
int32_t guarded_workbook_read(gf_status* status, int32_t exception_code, Body&& body) noexcept {
    return plugin::guarded_read(status, exception_code, [&]() -> int32_t {
        try {
            return body();
        } catch (const Error& e) {
            return gf_status_set(status, e.code, e.row, e.field.c_str(), "%s", e.what());
        } catch (const Cancelled&) {
            return GF_ERR_CANCELLED;
        }
    });
}

}  // namespace gapfinder::xlsx
