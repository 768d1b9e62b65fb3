#ifndef RLCM_CPLATFORM_SHIM_H
#define RLCM_CPLATFORM_SHIM_H

#include <stddef.h>

/* glibc declares these only under _GNU_SOURCE, which a module map cannot set; the symbols are
   always exported. Only RLCMFormat's Platform.swift uses them: syncfs makes a whole staged
   import durable with one call, memmem finds provider keys in recipes. */
extern int syncfs(int fd);
extern void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);

#endif
