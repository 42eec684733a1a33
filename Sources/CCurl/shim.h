// libcurl for Swift, opened on first use instead of linked, with typed wrappers for its variadic calls.
//
// Loading libcurl and the thirty libraries it needs (TLS, Kerberos, LDAP…) cost every start of parley
// about 8 ms and 6 MiB, measured here; commands that never reach the network should not pay that.
#ifndef PARLEY_CCURL_SHIM_H
#define PARLEY_CCURL_SHIM_H

#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

#define PARLEY_CURL_FUNCTIONS(X) \
    X(curl_global_init) X(curl_easy_init) X(curl_easy_cleanup) X(curl_easy_setopt) X(curl_easy_getinfo) \
    X(curl_easy_strerror) X(curl_multi_init) X(curl_multi_add_handle) X(curl_multi_remove_handle) \
    X(curl_multi_cleanup) X(curl_multi_perform) X(curl_multi_info_read) X(curl_multi_poll) \
    X(curl_multi_wakeup) X(curl_slist_append) X(curl_slist_free_all)

struct parley_curl_library {
#define PARLEY_CURL_FIELD(name) __typeof__(name) *p_##name;
    PARLEY_CURL_FUNCTIONS(PARLEY_CURL_FIELD)
#undef PARLEY_CURL_FIELD
    const char *error;
};

static inline struct parley_curl_library *parley_curl(void) {
    static struct parley_curl_library library;
    return &library;
}

static inline void parley_curl_open(void) {
    struct parley_curl_library *library = parley_curl();
    void *handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        library->error = strdup(dlerror());
        return;
    }
#define PARLEY_CURL_BIND(name) \
    library->p_##name = (__typeof__(name) *)dlsym(handle, #name); \
    if (library->p_##name == NULL) { library->error = "libcurl.so.4 has no " #name; return; }
    PARLEY_CURL_FUNCTIONS(PARLEY_CURL_BIND)
#undef PARLEY_CURL_BIND
    if (library->p_curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) library->error = "curl_global_init failed";
}

/// Opens and initialises libcurl once; NULL when it is ready, otherwise why it is not.
static inline const char *parley_curl_load(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, parley_curl_open);
    return parley_curl()->error;
}

// The calls parley makes; each is valid only after parley_curl_load() returned NULL.
static inline CURL *parley_curl_easy_init(void) { return parley_curl()->p_curl_easy_init(); }
static inline void parley_curl_easy_cleanup(CURL *curl) { parley_curl()->p_curl_easy_cleanup(curl); }
static inline const char *parley_curl_easy_strerror(CURLcode code) {
    return parley_curl()->p_curl_easy_strerror(code);
}
static inline CURLM *parley_curl_multi_init(void) { return parley_curl()->p_curl_multi_init(); }
static inline CURLMcode parley_curl_multi_add_handle(CURLM *multi, CURL *curl) {
    return parley_curl()->p_curl_multi_add_handle(multi, curl);
}
static inline CURLMcode parley_curl_multi_remove_handle(CURLM *multi, CURL *curl) {
    return parley_curl()->p_curl_multi_remove_handle(multi, curl);
}
static inline CURLMcode parley_curl_multi_cleanup(CURLM *multi) { return parley_curl()->p_curl_multi_cleanup(multi); }
static inline CURLMcode parley_curl_multi_perform(CURLM *multi, int *running) {
    return parley_curl()->p_curl_multi_perform(multi, running);
}
static inline CURLMsg *parley_curl_multi_info_read(CURLM *multi, int *queued) {
    return parley_curl()->p_curl_multi_info_read(multi, queued);
}
static inline CURLMcode parley_curl_multi_poll(CURLM *multi, struct curl_waitfd extra[], unsigned int count,
                                               int timeout, int *ready) {
    return parley_curl()->p_curl_multi_poll(multi, extra, count, timeout, ready);
}
static inline CURLMcode parley_curl_multi_wakeup(CURLM *multi) { return parley_curl()->p_curl_multi_wakeup(multi); }
static inline struct curl_slist *parley_curl_slist_append(struct curl_slist *list, const char *text) {
    return parley_curl()->p_curl_slist_append(list, text);
}
static inline void parley_curl_slist_free_all(struct curl_slist *list) { parley_curl()->p_curl_slist_free_all(list); }

static inline CURLcode parley_curl_set_long(CURL *curl, CURLoption option, long value) {
    return parley_curl()->p_curl_easy_setopt(curl, option, value);
}
static inline CURLcode parley_curl_set_string(CURL *curl, CURLoption option, const char *value) {
    return parley_curl()->p_curl_easy_setopt(curl, option, value);
}
static inline CURLcode parley_curl_set_pointer(CURL *curl, CURLoption option, void *value) {
    return parley_curl()->p_curl_easy_setopt(curl, option, value);
}
static inline CURLcode parley_curl_set_headers(CURL *curl, struct curl_slist *headers) {
    return parley_curl()->p_curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
}
static inline CURLcode parley_curl_set_write_function(CURL *curl, curl_write_callback fn) {
    return parley_curl()->p_curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, fn);
}
static inline CURLcode parley_curl_set_header_function(CURL *curl, curl_write_callback fn) {
    return parley_curl()->p_curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, fn);
}
static inline CURLcode parley_curl_get_response_code(CURL *curl, long *code) {
    return parley_curl()->p_curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, code);
}

static inline CURLcode parley_curl_done_result(CURLMsg *message) {
    return message->data.result;
}
static inline int parley_curl_message_is_done(CURLMsg *message) {
    return message->msg == CURLMSG_DONE;
}
static inline long parley_curl_error_size(void) {
    return CURL_ERROR_SIZE;
}

#endif
