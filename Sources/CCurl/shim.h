// Typed wrappers for libcurl's variadic curl_easy_setopt/getinfo and curl_multi_setopt.
#ifndef PARLEY_CCURL_SHIM_H
#define PARLEY_CCURL_SHIM_H

#include <curl/curl.h>

static inline CURLcode parley_curl_set_long(CURL *curl, CURLoption option, long value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode parley_curl_set_string(CURL *curl, CURLoption option, const char *value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode parley_curl_set_pointer(CURL *curl, CURLoption option, void *value) {
    return curl_easy_setopt(curl, option, value);
}
static inline CURLcode parley_curl_set_headers(CURL *curl, struct curl_slist *headers) {
    return curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
}
static inline CURLcode parley_curl_set_write_function(CURL *curl, curl_write_callback fn) {
    return curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, fn);
}
static inline CURLcode parley_curl_set_header_function(CURL *curl, curl_write_callback fn) {
    return curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, fn);
}
static inline CURLcode parley_curl_get_response_code(CURL *curl, long *code) {
    return curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, code);
}
static inline CURLMcode parley_curl_multi_set_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

static inline CURLcode parley_curl_global_init_default(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
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
