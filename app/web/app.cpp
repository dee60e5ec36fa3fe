#include "web/app.hpp"

#include <Poco/Path.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "store/database.hpp"
#include "web/router.hpp"

namespace gapfinder::web {

App::App(ServerConfig config, const PluginHost& plugins, const SurveyCatalogue& surveys,
         std::vector<std::string> survey_folders)
    : config_(std::move(config)),
      readers_(plugins, config_.reader_program.empty() ? ReaderProcess::default_program() : config_.reader_program,
               config_.reader),
      surveys_(surveys),
      survey_folders_(std::move(survey_folders)),
      sessions_(config_.session_idle, config_.session_max_age),
      limiter_(config_.login),
      findings_cache_(config_.findings_cache_entries),
      stores_(config_.db_path, static_cast<size_t>(config_.threads)),
      jobs_(config_.db_path) {
    std::string parent = config_.temp_parent.empty() ? Poco::Path::temp() : config_.temp_parent;
    while (parent.size() > 1 && parent.back() == '/') parent.pop_back();
    std::string templ = parent + "/gapfinder-uploads-XXXXXX";
    // mkdtemp creates the folder readable by this user only (0700).
    if (!::mkdtemp(templ.data())) throw std::runtime_error("cannot create a private folder for uploads in " + parent);
    upload_dir_ = templ;
    std::vector<std::string> private_folders = survey_folders_;
    if (!db::is_server_url(config_.db_path))
        private_folders.push_back(std::filesystem::path(config_.db_path).parent_path().string());
    private_folders.push_back(parent);
    private_folders.push_back(upload_dir_);
    private_folders.push_back(std::filesystem::current_path().string());
    for (const auto& folder : PluginHost::default_folders()) private_folders.push_back(folder);
    set_private_folders(private_folders);
}

App::~App() {
    jobs_.join_all();
    std::error_code ec;
    std::filesystem::remove_all(upload_dir_, ec);
}

}  // namespace gapfinder::web
