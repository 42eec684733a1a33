// libpq for Swift: its declarations (parley opens the library on first use instead of linking it, see
// LibPQ.swift), plus what the importer drops (character-literal macros).
#ifndef PARLEY_CPOSTGRES_SHIM_H
#define PARLEY_CPOSTGRES_SHIM_H

#if __has_include(<postgresql/libpq-fe.h>)
#include <postgresql/libpq-fe.h>
#else
#include <libpq-fe.h>
#endif

/// PG_DIAG_* are character-literal macros, which Swift does not import.
enum parley_pg_diag {
    PARLEY_PG_DIAG_SEVERITY = 'S',
    PARLEY_PG_DIAG_SQLSTATE = 'C',
    PARLEY_PG_DIAG_MESSAGE_PRIMARY = 'M',
    PARLEY_PG_DIAG_MESSAGE_DETAIL = 'D',
    PARLEY_PG_DIAG_MESSAGE_HINT = 'H',
};

#endif
