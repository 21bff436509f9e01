/* vault-secure.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Secure buffers, randomness and process hardening for the engine.
 */
#include "config.h"

#include "vault-secure.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>

static gsize
page_round (gsize len)
{
  static gsize page_size = 0;

  if (page_size == 0)
    page_size = (gsize) sysconf (_SC_PAGESIZE);

  return ((len + page_size - 1) / page_size) * page_size;
}

/* A process makes many secure buffers: one line is enough for a person to
 * act on, and it names no secret, only what happened and how to fix it. */
static void
warn_not_locked (int errsv)
{
  static gsize warned = 0;

  if (g_once_init_enter (&warned))
    {
      g_message (_("Could not keep secrets out of swap: locking memory failed (%s). "
                   "Keys and opened passwords may be written to disk. Raise the limit "
                   "of locked memory: “ulimit -l” in a shell, LimitMEMLOCK= in a systemd "
                   "unit, or memlock in /etc/security/limits.conf."),
                 g_strerror (errsv));
      g_once_init_leave (&warned, 1);
    }
}

VaultSecureBuf *
vault_secure_buf_new (gsize len)
{
  VaultSecureBuf *buf = g_new0 (VaultSecureBuf, 1);
  gsize alloc = page_round (len + 1);
  gpointer mem = NULL;

  /* Whole pages, so that mlock and MADV_DONTDUMP cover exactly this buffer. */
  if (posix_memalign (&mem, (gsize) sysconf (_SC_PAGESIZE), alloc) != 0)
    g_error ("Out of memory allocating a secure buffer");

  memset (mem, 0, alloc);
  /* Best effort: an RLIMIT_MEMLOCK too small for this must not stop the app,
   * but the person is told. */
  if (mlock (mem, alloc) != 0)
    warn_not_locked (errno);
  (void) madvise (mem, alloc, MADV_DONTDUMP);

  buf->len = len;
  buf->data = mem;
  return buf;
}

VaultSecureBuf *
vault_secure_buf_new_from_data (gconstpointer data,
                                gsize         len)
{
  VaultSecureBuf *buf = vault_secure_buf_new (len);

  if (len > 0)
    memcpy (buf->data, data, len);
  return buf;
}

VaultSecureBuf *
vault_secure_buf_new_from_string (const char *str)
{
  g_return_val_if_fail (str != NULL, NULL);

  return vault_secure_buf_new_from_data (str, strlen (str));
}

VaultSecureBuf *
vault_secure_buf_dup (const VaultSecureBuf *buf)
{
  g_return_val_if_fail (buf != NULL, NULL);

  return vault_secure_buf_new_from_data (buf->data, buf->len);
}

const char *
vault_secure_buf_get_string (const VaultSecureBuf *buf)
{
  g_return_val_if_fail (buf != NULL, NULL);

  return (const char *) buf->data;
}

gboolean
vault_secure_buf_equal (const VaultSecureBuf *a,
                        const VaultSecureBuf *b)
{
  guint8 diff = 0;

  if (a->len != b->len)
    return FALSE;
  for (gsize i = 0; i < a->len; i++)
    diff |= a->data[i] ^ b->data[i];
  return diff == 0;
}

void
vault_secure_buf_free (VaultSecureBuf *buf)
{
  gsize alloc;

  if (buf == NULL)
    return;

  alloc = page_round (buf->len + 1);
  explicit_bzero (buf->data, alloc);
  (void) munlock (buf->data, alloc);
  /* Hand the pages back as they came: a page left MADV_DONTDUMP stays a
   * mapping of its own, and a process that makes and frees many buffers
   * (ASan's allocator never reuses them soon) runs into vm.max_map_count. */
  (void) madvise (buf->data, alloc, MADV_DODUMP);
  free (buf->data);
  g_free (buf);
}

void
vault_secure_wipe (gpointer data,
                   gsize    len)
{
  if (data != NULL && len > 0)
    explicit_bzero (data, len);
}

/* For strings that held a secret in ordinary memory (a line read from a pipe,
 * a normalised password) before they could be moved into a secure buffer. */
void
vault_secure_str_free (char *str)
{
  if (str == NULL)
    return;
  explicit_bzero (str, strlen (str));
  g_free (str);
}

void
vault_random_bytes (gpointer buf,
                    gsize    len)
{
  guint8 *p = buf;

  while (len > 0)
    {
      ssize_t n = getrandom (p, len, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          /* Never fall back to a weaker source for key material. */
          g_error ("getrandom() failed: %s", g_strerror (errno));
        }
      p += n;
      len -= (gsize) n;
    }
}

/* A uniform value in [0, upper_bound), without modulo bias: values from the
 * incomplete last block of 2^32 are rejected and drawn again. */
guint32
vault_random_uniform (guint32 upper_bound)
{
  guint32 limit, value;

  g_return_val_if_fail (upper_bound > 0, 0);

  limit = (guint32) (-upper_bound) % upper_bound; /* 2^32 mod upper_bound */
  do
    vault_random_bytes (&value, sizeof value);
  while (value < limit);

  return value % upper_bound;
}

char *
vault_random_uuid (void)
{
  /* g_uuid_string_random uses GRand, which is not a CSPRNG; ids are public,
   * but a guessable id would let files be linked, so take them from getrandom. */
  guint8 b[16];

  vault_random_bytes (b, sizeof b);
  return vault_uuid_from_random (b);
}

char *
vault_uuid_from_random (const guint8 random[16])
{
  guint8 b[16];

  memcpy (b, random, sizeof b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

void
vault_harden_process (void)
{
  struct rlimit no_core = { 0, 0 };

  /* No core dump may carry a key or an opened secret. */
  (void) setrlimit (RLIMIT_CORE, &no_core);
  (void) prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/* Page faults are dear on some machines (about 10 µs each on a virtual
 * one), and a large vault's buffers span tens of thousands of pages:
 * populating a fresh buffer in one call is several times faster than
 * touching it a page at a time. Kernels without MADV_POPULATE_WRITE
 * (before 5.14) just fault as usual. */
void
vault_prefault (gpointer data,
                gsize    len)
{
#ifdef MADV_POPULATE_WRITE
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  guintptr start = ((guintptr) data + page - 1) & ~(guintptr) (page - 1);
  guintptr end = ((guintptr) data + len) & ~(guintptr) (page - 1);

  if (len >= 1024 * 1024 && end > start)
    (void) madvise ((gpointer) start, end - start, MADV_POPULATE_WRITE);
#endif
}
