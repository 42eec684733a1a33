// libcurl for Swift: typed wrappers for its variadic calls, which Swift cannot make itself. parley opens
// libcurl on first use instead of linking it (see LibCurl.swift), so each wrapper is given the function.
#ifndef PARLEY_CCURL_SHIM_H
#define PARLEY_CCURL_SHIM_H

#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

typedef CURLcode (*parley_curl_setopt_function)(CURL *, CURLoption, ...);
typedef CURLcode (*parley_curl_getinfo_function)(CURL *, CURLINFO, ...);

static inline CURLcode parley_curl_set_long(parley_curl_setopt_function setopt, CURL *curl, CURLoption option,
                                            long value) {
    return setopt(curl, option, value);
}
static inline CURLcode parley_curl_set_pointer(parley_curl_setopt_function setopt, CURL *curl, CURLoption option,
                                               const void *value) {
    return setopt(curl, option, value);
}
static inline CURLcode parley_curl_set_callback(parley_curl_setopt_function setopt, CURL *curl, CURLoption option,
                                                curl_write_callback callback) {
    return setopt(curl, option, callback);
}
static inline CURLcode parley_curl_get_long(parley_curl_getinfo_function getinfo, CURL *curl, CURLINFO info,
                                            long *value) {
    return getinfo(curl, info, value);
}

static inline long parley_curl_global_default(void) {
    return CURL_GLOBAL_DEFAULT;
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
