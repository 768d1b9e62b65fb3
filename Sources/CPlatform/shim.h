#ifndef RLCM_CPLATFORM_SHIM_H
#define RLCM_CPLATFORM_SHIM_H

#include <malloc.h>
#include <stddef.h>

/* glibc declares these only under _GNU_SOURCE, which a module map cannot set; the symbols are
   always exported. Only RLCMFormat's Platform.swift uses them: syncfs makes a whole staged
   import durable with one call, sync_file_range starts a staged file's writeback without
   waiting for it, memmem finds provider keys in recipes. <malloc.h>, which no Swift module
   imports, gives mallinfo2 and malloc_trim: an import's freed planning memory is given back
   when there is much of it. */
extern int syncfs(int fd);
extern int sync_file_range(int fd, long long offset, long long nbytes, unsigned int flags);
extern void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);

#endif
