// What every format plugin's exported functions need at the C boundary: a read() that
// lets no exception out, and a file-name test that cannot throw (identify() is noexcept).
// Header-only, for plugins; core never includes it.
#pragma once

#include <gapfinder/plugin_api.h>

#include <exception>
#include <new>
#include <string_view>

namespace gapfinder::plugin {

// Runs body() (which returns a gf_code) and turns anything it throws into a status:
// out of memory and unknown exceptions as GF_ERR_INTERNAL, any other std::exception
// as `exception_code` (GF_ERR_IO where a failure to open or map the file is the usual
// cause). A plugin's own error types are caught inside body.
template <typename Body>
int32_t guarded_read(gf_status* status, int32_t exception_code, Body&& body) noexcept {
    try {
        return body();
    } catch (const std::bad_alloc&) {
        return gf_status_set(status, GF_ERR_INTERNAL, 0, "", "out of memory");
    } catch (const std::exception& e) {
        return gf_status_set(status, exception_code, 0, "", "%s", e.what());
    } catch (...) {
        return gf_status_set(status, GF_ERR_INTERNAL, 0, "", "unexpected failure");
    }
}

// Whether path ends with ext (given in lower case), ignoring ASCII case.
inline bool has_extension(std::string_view path, std::string_view ext) noexcept {
    if (path.size() < ext.size()) return false;
    for (size_t i = 0; i < ext.size(); ++i) {
        char c = path[path.size() - ext.size() + i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != ext[i]) return false;
    }
    return true;
}

}  // namespace gapfinder::plugin
