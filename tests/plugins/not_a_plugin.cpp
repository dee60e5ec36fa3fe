// A shared library that is not a gapfinder plugin: it exports nothing gapfinder looks for.
extern "C" __attribute__((visibility("default"))) int some_other_library_function(void) { return 42; }
