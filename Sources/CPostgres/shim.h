// libpq for Swift, opened on first use instead of linked, plus what the importer drops (character-literal
// macros).
//
// A chat kept in SQLite never needs libpq; linked, it and its libraries (Kerberos, LDAP, TLS) were loaded at
// every start of parley.
#ifndef PARLEY_CPOSTGRES_SHIM_H
#define PARLEY_CPOSTGRES_SHIM_H

#if __has_include(<postgresql/libpq-fe.h>)
#include <postgresql/libpq-fe.h>
#else
#include <libpq-fe.h>
#endif
#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

/// PG_DIAG_* are character-literal macros, which Swift does not import.
enum parley_pg_diag {
    PARLEY_PG_DIAG_SEVERITY = 'S',
    PARLEY_PG_DIAG_SQLSTATE = 'C',
    PARLEY_PG_DIAG_MESSAGE_PRIMARY = 'M',
    PARLEY_PG_DIAG_MESSAGE_DETAIL = 'D',
    PARLEY_PG_DIAG_MESSAGE_HINT = 'H',
};

#define PARLEY_PQ_FUNCTIONS(X) \
    X(PQconnectdbParams) X(PQstatus) X(PQerrorMessage) X(PQfinish) X(PQsetNoticeProcessor) X(PQexec) \
    X(PQexecParams) X(PQclear) X(PQreset) X(PQresultStatus) X(PQresultErrorField) X(PQntuples) X(PQnfields) \
    X(PQgetisnull) X(PQgetvalue)

struct parley_pq_library {
#define PARLEY_PQ_FIELD(name) __typeof__(name) *p_##name;
    PARLEY_PQ_FUNCTIONS(PARLEY_PQ_FIELD)
#undef PARLEY_PQ_FIELD
    const char *error;
};

static inline struct parley_pq_library *parley_pq(void) {
    static struct parley_pq_library library;
    return &library;
}

static inline void parley_pq_open(void) {
    struct parley_pq_library *library = parley_pq();
    void *handle = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        library->error = strdup(dlerror());
        return;
    }
#define PARLEY_PQ_BIND(name) \
    library->p_##name = (__typeof__(name) *)dlsym(handle, #name); \
    if (library->p_##name == NULL) { library->error = "libpq.so.5 has no " #name; return; }
    PARLEY_PQ_FUNCTIONS(PARLEY_PQ_BIND)
#undef PARLEY_PQ_BIND
}

/// Opens libpq once; NULL when it is ready, otherwise why it is not.
static inline const char *parley_pq_load(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, parley_pq_open);
    return parley_pq()->error;
}

// The calls parley makes; each is valid only after parley_pq_load() returned NULL.
static inline PGconn *parley_PQconnectdbParams(const char *const *keywords, const char *const *values, int expand) {
    return parley_pq()->p_PQconnectdbParams(keywords, values, expand);
}
static inline ConnStatusType parley_PQstatus(const PGconn *connection) { return parley_pq()->p_PQstatus(connection); }
static inline char *parley_PQerrorMessage(const PGconn *connection) {
    return parley_pq()->p_PQerrorMessage(connection);
}
static inline void parley_PQfinish(PGconn *connection) { parley_pq()->p_PQfinish(connection); }
static inline PQnoticeProcessor parley_PQsetNoticeProcessor(PGconn *connection, PQnoticeProcessor processor,
                                                            void *argument) {
    return parley_pq()->p_PQsetNoticeProcessor(connection, processor, argument);
}
static inline PGresult *parley_PQexec(PGconn *connection, const char *query) {
    return parley_pq()->p_PQexec(connection, query);
}
static inline PGresult *parley_PQexecParams(PGconn *connection, const char *command, int count, const Oid *types,
                                            const char *const *values, const int *lengths, const int *formats,
                                            int resultFormat) {
    return parley_pq()->p_PQexecParams(connection, command, count, types, values, lengths, formats, resultFormat);
}
static inline void parley_PQclear(PGresult *result) { parley_pq()->p_PQclear(result); }
static inline void parley_PQreset(PGconn *connection) { parley_pq()->p_PQreset(connection); }
static inline ExecStatusType parley_PQresultStatus(const PGresult *result) {
    return parley_pq()->p_PQresultStatus(result);
}
static inline char *parley_PQresultErrorField(const PGresult *result, int field) {
    return parley_pq()->p_PQresultErrorField(result, field);
}
static inline int parley_PQntuples(const PGresult *result) { return parley_pq()->p_PQntuples(result); }
static inline int parley_PQnfields(const PGresult *result) { return parley_pq()->p_PQnfields(result); }
static inline int parley_PQgetisnull(const PGresult *result, int row, int column) {
    return parley_pq()->p_PQgetisnull(result, row, column);
}
static inline char *parley_PQgetvalue(const PGresult *result, int row, int column) {
    return parley_pq()->p_PQgetvalue(result, row, column);
}

#endif
