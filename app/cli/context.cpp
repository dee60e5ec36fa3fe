#include "cli/context.hpp"

#include <boost/dll/runtime_symbol_info.hpp>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

#include "util/errors.hpp"

#ifndef GAPFINDER_SOURCE_SURVEYS
#define GAPFINDER_SOURCE_SURVEYS ""
#endif

namespace gapfinder::cli {

namespace {

void setup_logging(const Arguments& args) {
    auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    console->set_level(args.has("verbose") ? spdlog::level::debug : spdlog::level::warn);
    console->set_pattern("%^%l%$: %v");
    std::vector<spdlog::sink_ptr> sinks{console};
    if (args.has("log-file")) {
        auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(args.get("log-file"));
        file->set_level(spdlog::level::debug);
        file->set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %v");
        sinks.push_back(file);
    }
    auto logger = std::make_shared<spdlog::logger>("gapfinder", sinks.begin(), sinks.end());
    logger->set_level(spdlog::level::debug);
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
}

}  // namespace

Context::Context(const Arguments& args) : args_(args) { setup_logging(args); }

PluginHost& Context::plugins() {
    if (!plugins_) {
        plugins_ = std::make_unique<PluginHost>();
        for (const auto& folder : PluginHost::default_folders()) plugins_->load_folder(folder);
        for (const auto& folder : args_.all("plugin-dir")) plugins_->load_folder(folder);
    }
    return *plugins_;
}

std::vector<std::string> Context::survey_folders() const {
    std::vector<std::string> folders = args_.all("surveys-dir");
    if (const char* env = std::getenv("GAPFINDER_SURVEYS_PATH")) {
        std::string list = env;
        for (size_t start = 0; start <= list.size();) {
            const size_t end = std::min(list.find(':', start), list.size());
            if (end > start) folders.push_back(list.substr(start, end - start));
            start = end + 1;
        }
    }
    folders.push_back("surveys");
    boost::dll::fs::error_code ec;
    const auto exe_dir = boost::dll::program_location(ec).parent_path();
    if (!ec) folders.push_back((exe_dir / ".." / "share" / "gapfinder" / "surveys").string());
    // A build tree finds the definitions and samples it was built from.
    if (*GAPFINDER_SOURCE_SURVEYS) folders.push_back(GAPFINDER_SOURCE_SURVEYS);
    return folders;
}

const SurveyCatalogue& Context::surveys() {
    if (!surveys_) surveys_ = std::make_unique<SurveyCatalogue>(survey_folders());
    return *surveys_;
}

const Organisation& Context::organisation() {
    if (!organisation_) {
        if (!store_) store_ = std::make_unique<Store>(args_.store_location());
        const std::string name = args_.get("organisation", "default");
        const auto found = store_->find_organisation(name);
        if (found) organisation_ = *found;
        else if (organisation_may_be_unknown_) organisation_ = store_->find_organisation(kDefaultOrganisation).value();
        else organisation_ = store_->require_organisation(name);
        store_->use_organisation(organisation_->id);
    }
    return *organisation_;
}

Store& Context::store_for_accounts() {
    organisation();
    return *store_;
}

Store& Context::store() {
    if (const Organisation& o = organisation(); o.partnership())
        throw InputError("\"" + o.name + "\" is a partnership: it holds no survey data of its own; give one of its "
                         "councils as --organisation, or pool their count cubes (gapfinder pool)");
    return *store_;
}

}  // namespace gapfinder::cli
