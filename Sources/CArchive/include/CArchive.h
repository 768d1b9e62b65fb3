#ifndef RLCM_CARCHIVE_H
#define RLCM_CARCHIVE_H

#include <archive.h>
#include <archive_entry.h>

/* The AE_IF* macros are not importable into Swift; re-export them as constants. */
static const unsigned int RLCM_AE_IFMT = AE_IFMT;
static const unsigned int RLCM_AE_IFREG = AE_IFREG;
static const unsigned int RLCM_AE_IFDIR = AE_IFDIR;
static const unsigned int RLCM_AE_IFLNK = AE_IFLNK;
static const unsigned int RLCM_AE_IFSOCK = AE_IFSOCK;
static const unsigned int RLCM_AE_IFCHR = AE_IFCHR;
static const unsigned int RLCM_AE_IFBLK = AE_IFBLK;
static const unsigned int RLCM_AE_IFIFO = AE_IFIFO;

/* Why libarchive could not be loaded (the loader's own words), or NULL once it is loaded.
   Loads it if no libarchive function has yet. See LazyLibarchive.c. */
const char *rlcm_archive_load_error(void);

/* Starts loading libarchive on a thread of its own, so that a command that will read or write a
   zip overlaps the loading with its other work; the first libarchive call waits for it to end.
   Loads it on first use instead if no thread can be started. */
void rlcm_archive_load_soon(void);

#endif
