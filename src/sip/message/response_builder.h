// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <string_view>

#include "sip/message/message.h"

namespace sb::sip {

// RFC 3261 §8.2.6.2: a response copies Via (all, in order), From, To, Call-ID and CSeq from the
// request; a To tag is added when the request had none and the status is above 100.
Message makeResponse(const Message& request, int statusCode, std::string_view reason = {},
                     std::string_view toTag = {});

// makeResponse's response written straight to its wire form, for the registrar's hot path (a
// 401 challenge or a 200 for every REGISTER): the request's Via, From, To, Call-ID and CSeq lines
// are copied as they stand (Via with received/rport as stamped on arrival), the To tag appended
// to the To line when the request had none, then the added headers and "Content-Length: 0".
// Building a Message for these would copy the typed view of every core header only to
// serialize the lines again.
class ResponseWriter {
 public:
  ResponseWriter(const Message& request, int statusCode, std::string_view reason = {},
                 std::string_view toTag = {});
  ResponseWriter& header(std::string_view name, std::string_view value);
  int statusCode() const { return statusCode_; }
  // Ends the header section (no body); the writer is spent.
  std::string finish() &&;

 private:
  int statusCode_;
  std::string out_;
};

// The standard reason phrase for a status code ("OK", "Unauthorized", ...).
std::string_view reasonPhrase(int statusCode);

}  // namespace sb::sip
