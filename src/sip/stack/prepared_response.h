// SPDX-License-Identifier: MIT
#pragma once
#include "sip/message/response_builder.h"
#include "sip/transaction/server_transaction.h"

namespace sb::sip {

// A response written with ResponseWriter, finished and addressed for `tx`: it goes where RFC 3261
// §18.2.2 and RFC 3581 send responses to that request (its top Via and the flow it came on).
PreparedResponse prepareResponse(const ServerTransaction& tx, ResponseWriter&& writer);

}  // namespace sb::sip
