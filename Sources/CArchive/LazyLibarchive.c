/*
 * libarchive, loaded on the first call that needs it rather than when rlcm starts.
 *
 * Linked the usual way, libarchive and the libraries it needs (libxml2 and ICU, nettle, lzma,
 * zstd, lz4, bz2, acl: fourteen in all) are mapped and bound before main, which costs every rlcm
 * command about a millisecond (a third of `bsdtar --version` all told; bench/README.md), though
 * only the commands that read or write a zip use them. So rlcm does not link libarchive: this file
 * defines the libarchive functions rlcm calls, each of which looks the real one up (dlopen of the
 * library's stable soname, then dlsym) the first time it runs. <archive.h> is included so that the
 * compiler checks every signature here against libarchive's own.
 *
 * When the library cannot be loaded, the three constructors return NULL, as libarchive's do when
 * out of memory, and the Swift side reports rlcm_archive_load_error(). Every other function is
 * called only with an object a constructor made, so the library is there; a symbol missing from
 * it is a broken installation, reported before aborting.
 */
#include "CArchive.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#if defined(__APPLE__)
#define RLCM_LIBARCHIVE "libarchive.13.dylib"
#else
#define RLCM_LIBARCHIVE "libarchive.so.13"
#endif

static void *library;
static const char *loadError;
static pthread_once_t loading = PTHREAD_ONCE_INIT;

static void load(void) {
    library = dlopen(RLCM_LIBARCHIVE, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) loadError = dlerror();
}

const char *rlcm_archive_load_error(void) {
    pthread_once(&loading, load);
    return loadError;
}

static void *loadInBackground(void *unused) {
    (void)unused;
    pthread_once(&loading, load);
    return NULL;
}

void rlcm_archive_load_soon(void) {
    pthread_attr_t attributes;
    pthread_t thread;
    if (pthread_attr_init(&attributes) != 0) return;
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_create(&thread, &attributes, loadInBackground, NULL);
    pthread_attr_destroy(&attributes);
}

/* The function `name` of libarchive; NULL when the library is missing and `required` is 0. */
static void *lookUp(const char *name, int required) {
    if (rlcm_archive_load_error() != NULL && !required) return NULL;
    void *function = library != NULL ? dlsym(library, name) : NULL;
    if (function == NULL) {
        fprintf(stderr, "rlcm: libarchive (%s): %s is missing: %s\n", RLCM_LIBARCHIVE, name,
                loadError != NULL ? loadError : "not in the library");
        abort();
    }
    return function;
}

/* Defines `name` to call libarchive's, looked up once (racing threads look up the same pointer). */
#define RESOLVED(name, required) \
    typedef __typeof__(name) *name##_t; \
    static name##_t name##_resolved(void) { \
        static name##_t function; \
        name##_t found = __atomic_load_n(&function, __ATOMIC_ACQUIRE); \
        if (found == NULL) { \
            found = (name##_t)lookUp(#name, required); \
            __atomic_store_n(&function, found, __ATOMIC_RELEASE); \
        } \
        return found; \
    }
#define CONSTRUCTOR(result, name) \
    RESOLVED(name, 0) \
    result name(void) { name##_t f = name##_resolved(); return f != NULL ? f() : NULL; }
#define FORWARD(result, name, params, args) \
    RESOLVED(name, 1) \
    result name params { return name##_resolved() args; }
#define FORWARD_VOID(name, params, args) \
    RESOLVED(name, 1) \
    void name params { name##_resolved() args; }

CONSTRUCTOR(struct archive *, archive_read_new)
CONSTRUCTOR(struct archive *, archive_write_new)
CONSTRUCTOR(struct archive_entry *, archive_entry_new)

FORWARD(const char *, archive_error_string, (struct archive *a), (a))
FORWARD(int, archive_read_support_format_zip_seekable, (struct archive *a), (a))
FORWARD(int, archive_read_open_fd, (struct archive *a, int fd, size_t size), (a, fd, size))
FORWARD(int, archive_read_next_header, (struct archive *a, struct archive_entry **e), (a, e))
FORWARD(la_ssize_t, archive_read_data, (struct archive *a, void *buffer, size_t size), (a, buffer, size))
FORWARD(int, archive_read_free, (struct archive *a), (a))
FORWARD(int, archive_write_set_format_zip, (struct archive *a), (a))
FORWARD(int, archive_write_zip_set_compression_deflate, (struct archive *a), (a))
FORWARD(int, archive_write_set_options, (struct archive *a, const char *options), (a, options))
FORWARD(int, archive_write_set_bytes_in_last_block, (struct archive *a, int bytes), (a, bytes))
FORWARD(int, archive_write_open_fd, (struct archive *a, int fd), (a, fd))
FORWARD(int, archive_write_header, (struct archive *a, struct archive_entry *e), (a, e))
FORWARD(la_ssize_t, archive_write_data, (struct archive *a, const void *buffer, size_t size), (a, buffer, size))
FORWARD(int, archive_write_finish_entry, (struct archive *a), (a))
FORWARD(int, archive_write_close, (struct archive *a), (a))
FORWARD(int, archive_write_free, (struct archive *a), (a))
FORWARD(__LA_MODE_T, archive_entry_filetype, (struct archive_entry *e), (e))
FORWARD(const char *, archive_entry_hardlink, (struct archive_entry *e), (e))
FORWARD(int, archive_entry_is_encrypted, (struct archive_entry *e), (e))
FORWARD(const char *, archive_entry_pathname_utf8, (struct archive_entry *e), (e))
FORWARD(int, archive_entry_update_pathname_utf8, (struct archive_entry *e, const char *name), (e, name))
FORWARD(la_int64_t, archive_entry_size, (struct archive_entry *e), (e))
FORWARD(int, archive_entry_size_is_set, (struct archive_entry *e), (e))
FORWARD_VOID(archive_entry_set_filetype, (struct archive_entry *e, unsigned int type), (e, type))
FORWARD_VOID(archive_entry_set_perm, (struct archive_entry *e, __LA_MODE_T mode), (e, mode))
FORWARD_VOID(archive_entry_set_size, (struct archive_entry *e, la_int64_t size), (e, size))
FORWARD_VOID(archive_entry_set_uid, (struct archive_entry *e, la_int64_t id), (e, id))
FORWARD_VOID(archive_entry_set_gid, (struct archive_entry *e, la_int64_t id), (e, id))
FORWARD_VOID(archive_entry_free, (struct archive_entry *e), (e))
