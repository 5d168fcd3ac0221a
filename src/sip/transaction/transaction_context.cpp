// SPDX-License-Identifier: MIT
#include "sip/transaction/transaction_context.h"

#include "sip/transaction/transaction_table.h"

namespace sb::sip {

void TransactionContext::terminated(std::uint32_t slot) { table_.release(slot); }

TransactionContext::Scope::~Scope() {
  if (--ctx_.depth_ == 0) ctx_.table_.settle();
}

}  // namespace sb::sip
