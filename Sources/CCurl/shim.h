// Typed wrappers over libcurl's variadic calls, which Swift cannot call directly.
// One wrapper per argument type, each passing the exact C type libcurl reads with va_arg.
#ifndef INTAKE_CCURL_SHIM_H
#define INTAKE_CCURL_SHIM_H

#include <curl/curl.h>

static const long ccurl_global_default = CURL_GLOBAL_DEFAULT;
static const CURLversion ccurl_version_now = CURLVERSION_NOW;

// MARK: curl_easy_setopt

static inline CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_debug_callback(CURL *handle, curl_debug_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback);
}

static inline CURLcode ccurl_setopt_write_callback(CURL *handle, curl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

static inline CURLcode ccurl_setopt_read_callback(CURL *handle, curl_read_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

static inline CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list) {
    return curl_easy_setopt(handle, option, list);
}

static inline CURLcode ccurl_setopt_ssl_ctx_callback(CURL *handle, curl_ssl_ctx_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_SSL_CTX_FUNCTION, callback);
}

// A user and their secret as libcurl logs in with it: a password, or an OAuth 2.0 bearer token sent
// with SASL XOAUTH2 (the other NULL). One definition for the IMAP login and the SMTP submission.
static inline CURLcode ccurl_setopt_login(CURL *handle, const char *user, const char *password, const char *bearer) {
    CURLcode rc = curl_easy_setopt(handle, CURLOPT_USERNAME, user);
    if (rc != CURLE_OK) return rc;
    if (bearer == NULL) return curl_easy_setopt(handle, CURLOPT_PASSWORD, password);
    rc = curl_easy_setopt(handle, CURLOPT_XOAUTH2_BEARER, bearer);
    if (rc != CURLE_OK) return rc;
    return curl_easy_setopt(handle, CURLOPT_LOGIN_OPTIONS, "AUTH=XOAUTH2");
}

// MARK: curl_easy_getinfo

static inline CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ccurl_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ccurl_getinfo_socket(CURL *handle, CURLINFO info, curl_socket_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
