// sqlite3 for Swift: SQLITE_TRANSIENT is a cast macro the importer drops.
#ifndef PARLEY_CSQLITE_SHIM_H
#define PARLEY_CSQLITE_SHIM_H

#include <sqlite3.h>

/// Tells sqlite3_bind_* to copy the bytes before returning.
static inline sqlite3_destructor_type parley_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

#endif
