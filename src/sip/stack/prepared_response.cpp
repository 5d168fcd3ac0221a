// SPDX-License-Identifier: MIT
#include "sip/stack/prepared_response.h"

#include <utility>

#include "sip/transport/response_route.h"

namespace sb::sip {

PreparedResponse prepareResponse(const ServerTransaction& tx, ResponseWriter&& writer) {
  const auto& vias = tx.request().vias();
  // A server transaction exists only for a request with a top Via (its key is the branch).
  const net::Flow to = vias.empty() ? tx.flow() : responseFlow(vias.front(), tx.flow());
  const int code = writer.statusCode();
  return PreparedResponse{code, WireMessage{to, std::move(writer).finish()}};
}

}  // namespace sb::sip
