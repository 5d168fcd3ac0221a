// SPDX-License-Identifier: MIT
#pragma once
#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace sb {

// Why something could not be done, for a person ("cannot open database /x/y.db: ..."), and where
// a protocol gives failures numbers, the one to answer with (a SIP status such as 488; 0: none).
struct Failure {
  std::string message;
  int code = 0;
};

inline Failure fail(std::string message, int code = 0) { return Failure{std::move(message), code}; }

// The one way Switchboard returns "a value, or why not" (std::expected is C++23; GCC 12 in C++20
// mode does not have it). Nothing here throws or asserts on what the outside world gives it; the
// caller decides whether a failure is fatal. Result<> (Status) carries no value.
template <typename T = std::monostate>
class [[nodiscard]] Result {
 public:
  Result() requires std::is_default_constructible_v<T> : value_(T{}) {}
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Failure failure) : failure_(std::move(failure)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  // The failure's message ("" when ok) and code.
  const std::string& error() const { return failure_.message; }
  int code() const { return failure_.code; }
  const Failure& failure() const { return failure_; }

  T& value() {
    assert(ok());
    return *value_;
  }
  const T& value() const {
    assert(ok());
    return *value_;
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }

 private:
  std::optional<T> value_;
  Failure failure_;
};

using Status = Result<>;

}  // namespace sb
