/* fuzz-file-keys.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written by make-file-seeds.sh: what opens the vaults of corpus/file, test
 * keys made in a throwaway keyring for those files and nothing else.
 */
#pragma once

#define FUZZ_MASTER_PASSWORD "fuzz master password, not a real one"
#define FUZZ_SECRET_KEY_CODE "K1-4JW5G4-E72JFR-CWPP24-R7QJ8R-0RXVSF-SPTYTF-WW3PWA-A7FD25-WTAG0H"
#define FUZZ_RECOVERY_CODE   "R1-N392H8-J6CGT4-7G428F-Z9XG2Q-4DBPAV-2YWNPM-91NWJQ-HFMS2W-H6P0XX"
