// gapfinder-reader: reads one uploaded file with one plugin in a process of its own, for
// the web app (core/plugin_host/reader_main.hpp says how, and why).
#include "plugin_host/reader_main.hpp"

int main(int argc, char** argv) { return gapfinder::reader_main(argc, argv); }
