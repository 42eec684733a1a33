// sqlite3 for Swift: SQLITE_TRANSIENT is a cast macro the importer drops, and sqlite3_db_config is variadic.
// parley opens the library on first use (see LibSQLite.swift) instead of linking it, so the wrapper is given
// the function.
#ifndef PARLEY_CSQLITE_SHIM_H
#define PARLEY_CSQLITE_SHIM_H

#include <sqlite3.h>

/// Tells sqlite3_bind_* to copy the bytes before returning.
static inline sqlite3_destructor_type parley_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

typedef int (*parley_sqlite_db_config_function)(sqlite3 *, int, ...);

/// Sets one of sqlite3_db_config's on/off options, such as SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE.
static inline int parley_sqlite_set_flag(parley_sqlite_db_config_function config, sqlite3 *db, int option, int on) {
    return config(db, option, on, (int *)0);
}

#endif
