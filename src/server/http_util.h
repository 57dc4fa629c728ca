// Helpers shared by the route files: OpenAI-format errors, JSON replies, query parameters.
//
// Every error body is {"error":{"message","type","param","code"}}; the HTTP status follows the
// Status code (kInvalidArgument 400, kNotFound 404, kResourceExhausted 429, kUnavailable 503,
// everything else 500) unless given explicitly.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "base/status.h"

namespace chorus::server {

int http_status_for(const Status& s);
// The OpenAI `type` for an HTTP status: invalid_request_error, authentication_error,
// permission_error, not_found_error, rate_limit_error, server_error, service_unavailable.
std::string_view error_type_for(int http_status);
std::string error_json(int http_status, std::string_view message, std::string_view param = "",
                       std::string_view code = "");
void send_error(httplib::Response& res, int http_status, std::string_view message,
                std::string_view param = "", std::string_view code = "");
void send_status(httplib::Response& res, const Status& s, std::string_view param = "");
void send_json(httplib::Response& res, const std::string& body, int http_status = 200);
// Seconds as an integer header value, at least 1.
void set_retry_after(httplib::Response& res, double seconds);

}  // namespace chorus::server
