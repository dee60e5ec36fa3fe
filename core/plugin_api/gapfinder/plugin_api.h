/*
 * gapfinder plugin API: the whole contract between the gapfinder host and a survey-format
 * plugin. A plugin includes this header and nothing else from gapfinder.
 *
 * A plugin is a shared library that reads one file format (a council's CSV export, an
 * Excel workbook, an SPSS file...) and streams its rows to the host as text cells. It
 * knows nothing about surveys, questions or characteristics: the host maps columns and
 * labels through the survey definition. A plugin never builds a whole dataset and never
 * touches the store.
 *
 * The boundary is plain C so that no std::string, shared_ptr, type_info or exception
 * crosses it and a plugin may be built by another compiler:
 *   - every exported function and every callback is noexcept in C++ terms: a plugin
 *     catches everything and reports failure through a gf_status;
 *   - strings are UTF-8, passed as pointer + length views that live only for the call;
 *   - structs start with struct_size so that later minor versions can append fields.
 *
 * Versioning (the rule DuckDB uses for extensions): the host accepts a plugin whose
 * major version equals GF_PLUGIN_API_MAJOR and whose minor version is not newer than the
 * host's. Anything else is refused with a message, before any other function is called.
 *
 * Exports. A plugin defines exactly two functions, with C linkage and default visibility
 * (build with -fvisibility=hidden and mark them GF_PLUGIN_EXPORT):
 *
 *   uint32_t gapfinder_plugin_api_version(void);
 *       Returns GF_PLUGIN_API_VERSION as compiled into the plugin. Must have no side
 *       effects. Its signature never changes, in any API version.
 *
 *   const gf_plugin* gapfinder_plugin_entry(void);
 *       The factory. Returns a pointer to a static, immutable table that lives as long
 *       as the library stays loaded, or NULL if the plugin cannot work on this machine
 *       (the host then refuses it with the message the plugin logged, if any).
 *
 * Lifetime: the host keeps every accepted library loaded until it exits, so pointers
 * from gf_plugin (including gf_plugin_info strings) stay valid for the whole run.
 *
 * Threads: the host calls identify() and read() from one thread at a time per plugin,
 * but may call different plugins concurrently. Keep no mutable global state. Inside
 * read(), a plugin may use threads of its own to call gf_sink.rows (API 1.1), within the
 * limit the sink gives; every other callback is called from one thread at a time.
 *
 * History: 1.0 rows one at a time (gf_sink.begin, gf_sink.row). 1.1 adds batches of rows
 * (gf_sink.batch_threads, gf_sink.rows) that a plugin may parse on several cores. A 1.0
 * plugin still loads and is read through row(); a 1.1 plugin checks GF_SINK_HAS_ROWS
 * before using rows() and falls back to row() when the sink has no batches.
 */
#ifndef GAPFINDER_PLUGIN_API_H
#define GAPFINDER_PLUGIN_API_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GF_PLUGIN_API_MAJOR 1
#define GF_PLUGIN_API_MINOR 1
#define GF_PLUGIN_API_VERSION ((uint32_t)((GF_PLUGIN_API_MAJOR << 16) | GF_PLUGIN_API_MINOR))

#if defined(_WIN32)
#define GF_PLUGIN_EXPORT __declspec(dllexport)
#else
#define GF_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

/* A UTF-8 string view. Not NUL-terminated. */
typedef struct gf_str {
    const char* data;
    size_t size;
} gf_str;

/* Result codes, carried in gf_status.code and returned by read(). */
typedef enum gf_code {
    GF_OK = 0,
    GF_ERR_INPUT = 1,     /* the file is malformed: name the row and column */
    GF_ERR_IO = 2,        /* the file cannot be opened or read */
    GF_ERR_CANCELLED = 3, /* the sink asked to stop: the host already knows why */
    GF_ERR_INTERNAL = 4   /* a bug or resource failure inside the plugin */
} gf_code;

/* The status of a read. The host owns it and passes it in zeroed; the plugin fills it
   (with gf_status_set below) when it fails. row is 1-based as a spreadsheet shows it
   (the heading row of a CSV is row 1); 0 when no row applies. field names the column
   (its heading), the cell ("Sheet1!C12") or the variable, or is empty. */
typedef struct gf_status {
    int32_t code;
    uint64_t row;
    char field[256];
    char message[1024];
} gf_status;

/* Everything a plugin declares about itself. All strings are static. */
typedef struct gf_plugin_info {
    uint32_t struct_size;       /* sizeof(gf_plugin_info) */
    const char* id;             /* stable, [a-z0-9-]+, e.g. "citizens-panel-csv" */
    const char* display_name;   /* e.g. "Citizen's Panel CSV" */
    const char* version;        /* the plugin's own version, e.g. "1.0.0" */
    const char* extensions;     /* lower case, ';'-separated, with dots: ".csv;.txt" */
    const char* description;    /* one line */
} gf_plugin_info;

/* One option given on the command line (--option key=value), e.g. sheet=Responses. */
typedef struct gf_option {
    gf_str key;
    gf_str value;
} gf_option;

/* Log levels understood by gf_host.log. */
typedef enum gf_log_level {
    GF_LOG_DEBUG = 0,
    GF_LOG_INFO = 1,
    GF_LOG_WARN = 2,
    GF_LOG_ERROR = 3
} gf_log_level;

/* Services the host offers to a plugin during read(). */
typedef struct gf_host {
    uint32_t struct_size;
    void* ctx;
    /* Writes one line to the host's log (spdlog registries are not shared across a
       library boundary, so a plugin logs through here). */
    void (*log)(void* ctx, int32_t level, gf_str message);
} gf_host;

/* Where a plugin sends what it reads. The host implements it. Each callback returns 0
   to continue or non-zero to ask the plugin to stop; the plugin then returns
   GF_ERR_CANCELLED from read() without touching status. */
typedef struct gf_sink {
    uint32_t struct_size;
    void* ctx;
    /* Called once, before any row, with the column headings in file order.
       row is the row the headings were found on. */
    int32_t (*begin)(void* ctx, uint64_t row, const gf_str* headings, size_t count);
    /* Called once per data row, in file order, with exactly `count` cells (the same
       count begin() had: a plugin reports ragged rows itself). Cells are trimmed of
       nothing; an empty cell has size 0. Views are valid only during the call. */
    int32_t (*row)(void* ctx, uint64_t row, const gf_str* cells, size_t count);

    /* Since 1.1; present only when struct_size covers them (see GF_SINK_HAS_ROWS). */

    /* How many threads may call rows() at once: 0 when the sink takes no batches (use
       row()), otherwise at least 1. A plugin that batches uses no more threads than this. */
    uint32_t batch_threads;
    /* A batch of consecutive data rows, in place of calling row() for each: row_numbers
       holds row_count row numbers in increasing order, and cells holds row_count * count
       cells, row after row, each row with exactly `count` cells (begin()'s count). batch
       orders batches: sorting them by it gives file order (numbers need not be dense),
       and every row of one batch precedes every row of a batch with a larger number.
       May be called from up to batch_threads threads at once, with different batches.
       Once rows() is used, row() is not, in the same read. A non-zero return asks the
       plugin to stop: it gives no batch that follows that one in file order (earlier
       ones may still come), waits for calls under way, and returns GF_ERR_CANCELLED, or
       the bad input it found before that batch. When the plugin fails on bad input at
       some row, batches holding later rows may already have been given: the host
       ignores rows after the row it reports, as if the read had stopped there. */
    int32_t (*rows)(void* ctx, uint64_t batch, const uint64_t* row_numbers, size_t row_count, const gf_str* cells,
                    size_t count);
} gf_sink;

/* Whether a sink takes batches of rows (API 1.1): true only when the host's gf_sink is
   long enough to hold the 1.1 fields and offers rows(). */
#define GF_SINK_HAS_ROWS(sink)                                                                               \
    ((sink)->struct_size >= offsetof(gf_sink, rows) + sizeof((sink)->rows) && (sink)->rows != NULL && \
     (sink)->batch_threads > 0)

/* What to read. */
typedef struct gf_read_request {
    uint32_t struct_size;
    const char* path;           /* NUL-terminated, as given by the user */
    const gf_option* options;
    size_t option_count;
} gf_read_request;

/* The table a plugin's factory returns. */
typedef struct gf_plugin {
    uint32_t struct_size;       /* sizeof(gf_plugin) */
    uint32_t api_version;       /* GF_PLUGIN_API_VERSION */
    const gf_plugin_info* info;

    /* How sure the plugin is that it can read this file: 0 (no) to 100 (certain). Must
       be cheap and side-effect free. head holds up to the first 64 KiB of the file (fewer
       if the file is shorter); most plugins need only it and the name. A plugin may open
       the file at path, read-only, to look a little further where the first bytes cannot
       tell (online-survey-export parses a workbook's first two rows, whose text may lie
       anywhere in the zip), never to read it whole. */
    int32_t (*identify)(const char* path, const unsigned char* head, size_t head_size);

    /* Reads the whole file into the sink. Returns GF_OK, or a gf_code with status
       filled in (except for GF_ERR_CANCELLED). Must not throw, exit or print. */
    int32_t (*read)(const gf_read_request* request, const gf_sink* sink, const gf_host* host,
                    gf_status* status);
} gf_plugin;

/* The exports, declared here so that a plugin's definitions are checked against them. */
GF_PLUGIN_EXPORT uint32_t gapfinder_plugin_api_version(void);
GF_PLUGIN_EXPORT const gf_plugin* gapfinder_plugin_entry(void);

/* Ends a string that snprintf cut short (written + 1 > capacity) before a UTF-8 sequence
   the cut left incomplete, so that a long heading or message stays valid UTF-8. */
static inline void gf_utf8_cut(char* s, int written, size_t capacity) {
    size_t end, continuation = 0;
    unsigned char lead;
    size_t length;
    if (written < 0 || (size_t)written < capacity) return; /* not cut */
    end = strlen(s);
    while (end > 0 && continuation < 3 && ((unsigned char)s[end - 1] & 0xC0) == 0x80) {
        --end;
        ++continuation;
    }
    if (end == 0) return;
    lead = (unsigned char)s[end - 1];
    if (lead < 0x80) return;
    length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (length != continuation + 1) s[end - 1] = '\0';
}

/* Fills a status; a helper compiled into the plugin, so nothing crosses the boundary.
   Text longer than field or message is cut at a character boundary. */
static inline int32_t gf_status_set(gf_status* status, int32_t code, uint64_t row, const char* field,
                                    const char* format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
static inline int32_t gf_status_set(gf_status* status, int32_t code, uint64_t row, const char* field,
                                    const char* format, ...) {
    va_list args;
    int written;
    status->code = code;
    status->row = row;
    written = snprintf(status->field, sizeof status->field, "%s", field ? field : "");
    gf_utf8_cut(status->field, written, sizeof status->field);
    va_start(args, format);
    written = vsnprintf(status->message, sizeof status->message, format, args);
    va_end(args);
    gf_utf8_cut(status->message, written, sizeof status->message);
    return code;
}

static inline gf_str gf_str_of(const char* s) {
    gf_str v;
    v.data = s;
    v.size = s ? strlen(s) : 0;
    return v;
}

#ifdef __cplusplus
}
#endif

#endif /* GAPFINDER_PLUGIN_API_H */
