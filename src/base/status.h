// Status and Result<T>: the error currency at every module boundary.
//
// A Status is either ok or carries a code and a message that names what was wrong and where
// (field, offset, line). Result<T> holds a T or a non-ok Status. Both are cheap to move and never
// throw. Bad input produces a Status; asserts are reserved for Chorus's own bugs.
#pragma once

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace chorus {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // malformed input: a request, a post, a file's content
  kNotFound,
  kAlreadyExists,
  kCorruption,       // stored data failed a checksum or a structural check
  kIOError,          // the operating system refused a file or socket operation
  kNoSpace,          // the disk is full; nothing acknowledged was lost
  kResourceExhausted,  // queue full, rate limit, size limit
  kUnavailable,      // not ready yet (loading, recovering) or shutting down
  kCancelled,
  kUnimplemented,
  kInternal,
};

std::string_view status_code_name(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return {}; }
  bool is_ok() const { return code_ == StatusCode::kOk; }
  explicit operator bool() const { return is_ok(); }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "code: message", or "ok".
  std::string to_string() const;
  // Prefixes the message with context ("reading log 3: ..."); ok stays ok.
  Status with_context(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status invalid_argument(std::string msg) { return {StatusCode::kInvalidArgument, std::move(msg)}; }
inline Status not_found(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
inline Status corruption(std::string msg) { return {StatusCode::kCorruption, std::move(msg)}; }
inline Status io_error(std::string msg) { return {StatusCode::kIOError, std::move(msg)}; }
inline Status internal_error(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }
inline Status unavailable(std::string msg) { return {StatusCode::kUnavailable, std::move(msg)}; }
inline Status resource_exhausted(std::string msg) {
  return {StatusCode::kResourceExhausted, std::move(msg)};
}

// Result<T>: a value or an error Status. Access to value() of an error is a programming bug.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).is_ok() && "Result built from an ok Status");
  }

  bool is_ok() const { return v_.index() == 0; }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const {
    static const Status kOk;
    return is_ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { assert(is_ok()); return std::get<T>(v_); }
  const T& value() const& { assert(is_ok()); return std::get<T>(v_); }
  T&& value() && { assert(is_ok()); return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace chorus

// Propagates a non-ok Status from an expression returning Status.
#define CHORUS_RETURN_IF_ERROR(expr)             \
  do {                                           \
    ::chorus::Status _st = (expr);               \
    if (!_st.is_ok()) return _st;                \
  } while (0)

#define CHORUS_CONCAT_INNER(a, b) a##b
#define CHORUS_CONCAT(a, b) CHORUS_CONCAT_INNER(a, b)
// CHORUS_ASSIGN_OR_RETURN(auto x, expr): binds the value of a Result or returns its Status.
#define CHORUS_ASSIGN_OR_RETURN(decl, expr)                              \
  auto CHORUS_CONCAT(_res_, __LINE__) = (expr);                          \
  if (!CHORUS_CONCAT(_res_, __LINE__).is_ok())                           \
    return CHORUS_CONCAT(_res_, __LINE__).status();                      \
  decl = std::move(CHORUS_CONCAT(_res_, __LINE__)).value()
