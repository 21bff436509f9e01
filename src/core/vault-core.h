/* vault-core.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vault engine in one include, for the app, the CLI and the tests.
 */
#pragma once

#include "vault-crypto.h"
#include "vault-entry.h"
#include "vault-entry-view.h"
#include "vault-error.h"
#include "vault-generator.h"
#include "vault-kit.h"
#include "vault-merge.h"
#include "vault-search.h"
#include "vault-secret-key.h"
#include "vault-secure.h"
#include "vault-store.h"
#include "vault-strength.h"
#include "vault-totp.h"
