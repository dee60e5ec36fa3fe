// The redaction pipeline; its order and its limits are in redact.hpp.
#include "text/redact.hpp"

#include "text/redact_patterns.hpp"

namespace gapfinder::text {

Redactor::Redactor(Dictionary dictionary) : names_(std::move(dictionary)) {}

std::string Redactor::redact(std::string_view comment) const {
    std::string text = redact_emails(comment);
    text = redact_urls(text);
    text = redact_phones(text);
    text = redact_postcodes(text);
    text = redact_addresses(text);
    return names_.redact(text);
}

}  // namespace gapfinder::text
