// SPDX-License-Identifier: MIT
#pragma once
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace sb::storage {

// A failure's message for a person: what failed and why ("cannot open database /x/y.db: ...").
struct Failure {
  std::string message;
};

inline Failure fail(std::string message) { return Failure{std::move(message)}; }

// The result of a storage call: a value, or the reason it could not be had. Storage never throws
// and never asserts on what the disk gives it; the caller decides whether a failure is fatal.
template <typename T = std::monostate>
class [[nodiscard]] Outcome {
 public:
  Outcome() = default;
  Outcome(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Outcome(Failure failure) : error_(std::move(failure.message)), failed_(true) {}  // NOLINT

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const std::string& error() const { return error_; }

  T& value() {
    assert(ok());
    return value_;
  }
  const T& value() const {
    assert(ok());
    return value_;
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }

 private:
  T value_{};
  std::string error_;
  bool failed_ = false;
};

using Status = Outcome<>;

}  // namespace sb::storage
