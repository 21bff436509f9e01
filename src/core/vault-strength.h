/* vault-strength.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How hard a password is to guess (zxcvbn), and why, in words a person can
 * act on.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  VAULT_STRENGTH_VERY_WEAK,
  VAULT_STRENGTH_WEAK,
  VAULT_STRENGTH_FAIR,
  VAULT_STRENGTH_GOOD,
  VAULT_STRENGTH_STRONG,
} VaultStrength;

typedef struct {
  VaultStrength  strength;
  double         bits;
  char          *label;    /* "Very weak" … "Strong" */
  char          *advice;   /* why, and what to do; NULL for a strong password */
} VaultStrengthReport;

VaultStrengthReport *vault_strength_check         (const char          *password);
void                 vault_strength_report_free   (VaultStrengthReport *report);
gboolean             vault_strength_acceptable_master (const char      *password,
                                                       GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultStrengthReport, vault_strength_report_free)

G_END_DECLS
