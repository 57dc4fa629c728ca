#include "server/http_util.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace chorus::server {

int http_status_for(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

std::string_view error_type_for(int s) {
  switch (s) {
    case 400:
    case 413:
      return "invalid_request_error";
    case 401:
      return "authentication_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 429:
      return "rate_limit_error";
    case 503:
      return "service_unavailable";
    default:
      return s < 500 ? "invalid_request_error" : "server_error";
  }
}

std::string error_json(int http_status, std::string_view message, std::string_view param,
                       std::string_view code) {
  nlohmann::json e = {
      {"message", std::string(message)},
      {"type", std::string(error_type_for(http_status))},
      {"param", param.empty() ? nlohmann::json(nullptr) : nlohmann::json(std::string(param))},
      {"code", code.empty() ? nlohmann::json(nullptr) : nlohmann::json(std::string(code))}};
  return nlohmann::json{{"error", e}}.dump(-1, ' ', false,
                                           nlohmann::json::error_handler_t::replace);
}

void send_error(httplib::Response& res, int http_status, std::string_view message,
                std::string_view param, std::string_view code) {
  res.status = http_status;
  res.set_content(error_json(http_status, message, param, code), "application/json");
}

void send_status(httplib::Response& res, const Status& s, std::string_view param) {
  const int code = http_status_for(s);
  if (code == 429 || code == 503) set_retry_after(res, 1);
  send_error(res, code, s.message(), param);
}

void send_json(httplib::Response& res, const std::string& body, int http_status) {
  res.status = http_status;
  res.set_content(body, "application/json");
}

void set_retry_after(httplib::Response& res, double seconds) {
  res.set_header("Retry-After", std::to_string(std::max<long>(1, std::lround(std::ceil(seconds)))));
}

}  // namespace chorus::server
