/* vault-heap-wipe.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Wipes every heap block the app frees, so that the copies of a secret that
 * GTK, GLib, GDBus and X11 make on their own (accessibility events, text
 * layouts, clipboard streams, D-Bus messages) do not outlive their use.
 */
#include "config.h"

#include "vault-heap-wipe.h"

#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

/* Only on glibc, which exports its allocator under these names, and never
 * under AddressSanitizer, which brings its own allocator and interceptors. */
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
# if defined(__has_feature)
#  if __has_feature(address_sanitizer)
#   define VAULT_NO_HEAP_WIPE 1
#  endif
# endif
#else
# define VAULT_NO_HEAP_WIPE 1
#endif

static gboolean wipe_enabled;

#ifndef VAULT_NO_HEAP_WIPE

extern void  __libc_free    (void *ptr);
extern void *__libc_malloc  (size_t size);
extern void *__libc_realloc (void *ptr, size_t size);

/* These definitions in the executable take the place of glibc's for every
 * library loaded into the process (ELF symbol interposition), as
 * KeePassXC's src/core/Alloc.cpp does for operator delete. */
void
free (void *ptr)
{
  if (ptr != NULL && wipe_enabled)
    explicit_bzero (ptr, malloc_usable_size (ptr));
  __libc_free (ptr);
}

/* glibc's own realloc frees a block it moves without our free: move it here
 * instead, and wipe what a shrink gives back. */
void *
realloc (void   *ptr,
         size_t  size)
{
  size_t old_size;
  void *moved;

  if (ptr == NULL || !wipe_enabled)
    return __libc_realloc (ptr, size);
  if (size == 0)
    {
      free (ptr);
      return NULL;
    }

  old_size = malloc_usable_size (ptr);
  if (size <= old_size)
    {
      explicit_bzero ((char *) ptr + size, old_size - size);
      return __libc_realloc (ptr, size);
    }

  moved = __libc_malloc (size);
  if (moved == NULL)
    return NULL;
  memcpy (moved, ptr, old_size);
  free (ptr);
  return moved;
}

void *
reallocarray (void   *ptr,
              size_t  n_members,
              size_t  size)
{
  if (size != 0 && n_members > SIZE_MAX / size)
    {
      errno = ENOMEM;
      return NULL;
    }
  return realloc (ptr, n_members * size);
}

#endif

gboolean
vault_heap_wipe_enable (void)
{
  /* GSlice (GTK's text buffers, GVariant) and GArray removals are wiped by
   * GLib itself in its "gc-friendly" mode. */
  g_mem_gc_friendly = TRUE;
#ifndef VAULT_NO_HEAP_WIPE
  wipe_enabled = TRUE;
#endif
  return wipe_enabled;
}
