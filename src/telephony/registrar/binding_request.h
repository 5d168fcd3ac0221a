// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <string_view>

#include "net/route_source.h"
#include "sip/message/message.h"
#include "telephony/registrar/binding.h"

namespace sb::registrar {

// An out-of-dialog request from Switchboard to one registered contact (qualify OPTIONS, a
// check-sync NOTIFY): Request-URI = the contact, To = the AOR, From = switchboard@domain with a
// fresh tag, a fresh Call-ID, CSeq 1, and a Via naming the address the phone can answer to (for a
// socket bound to 0.0.0.0, the one the kernel routes to it from), with rport.
sip::Message requestToBinding(sip::Method method, std::string_view methodName, const Binding& binding,
                              const std::string& domain, const std::string& userAgent, net::RouteSource& routes);

}  // namespace sb::registrar
