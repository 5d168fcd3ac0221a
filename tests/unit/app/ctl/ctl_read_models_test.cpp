// SPDX-License-Identifier: MIT
// The ctl read models' two renderings, against the exact text and JSON `ctl status`,
// `ctl registrations` and `ctl calls` printed before the read models existed.
#include <gtest/gtest.h>

#include "app/call_list_read_model.h"
#include "app/registration_list_read_model.h"
#include "app/status_read_model.h"

namespace sb::app {
namespace {

StatusReadModel sampleStatus() {
  StatusReadModel s;
  s.version = "0.1.0";
  s.domain = "pbx.test";
  s.uptimeSeconds = 42;
  s.listening = {"UDP:127.0.0.1:5060", "TCP:127.0.0.1:5060"};
  s.extensions = 3;
  s.registeredAors = 2;
  s.contacts = 4;
  s.reachable = 1;
  s.unreachable = 2;
  s.transactions = 5;
  s.tcpConnections = 6;
  s.requestsIn = 70;
  s.responsesIn = 80;
  s.badRequests = 9;
  s.dropped = 10;
  s.retransmissionsAbsorbed = 11;
  s.mediaForwarding = "user space (kernel_forwarding = \"off\")";
  return s;
}

TEST(StatusReadModel, renders_the_text_status) {
  auto s = sampleStatus();
  EXPECT_EQ(statusText(s),
            "Switchboard 0.1.0, domain pbx.test, up 42 s\n"
            "Listening:     UDP:127.0.0.1:5060 TCP:127.0.0.1:5060 \n"
            "Extensions:    3\n"
            "Registered:    2 extensions, 4 contacts (1 reachable, 2 unreachable)\n"
            "SIP:           70 requests, 80 responses, 9 refused, 10 dropped, 5 transactions, 6 TCP connections\n"
            "Media:         user space (kernel_forwarding = \"off\")\n");
  s.callsInKernel = 2;
  s.memory = AllocatorStats{2048 * 1024, 4096 * 1024};
  const std::string text = statusText(s);
  EXPECT_NE(text.find("Media:         user space (kernel_forwarding = \"off\"); 2 calls in the kernel now\n"),
            std::string::npos);
  EXPECT_NE(text.find("Memory:        2048 KiB in use, 4096 KiB resident in the allocator\n"), std::string::npos);
}

TEST(StatusReadModel, renders_the_json_status_of_interface_md) {
  auto s = sampleStatus();
  const auto json = statusJson(s);
  EXPECT_EQ(json.dump(),
            R"j({"bad_requests":9,"calls_in_kernel":0,"contacts":4,"domain":"pbx.test","dropped":10,)j"
            R"j("extensions":3,"listening":["UDP:127.0.0.1:5060","TCP:127.0.0.1:5060"],)j"
            R"j("media_forwarding":"user space (kernel_forwarding = \"off\")","reachable":1,)j"
            R"j("registered_aors":2,"requests_in":70,"responses_in":80,"retransmissions_absorbed":11,)j"
            R"j("tcp_connections":6,"transactions":5,"unreachable":2,"uptime_s":42,"version":"0.1.0"})j");
  s.callsInKernel = 3;
  s.memory = AllocatorStats{100, 200};
  const auto more = statusJson(s);
  EXPECT_EQ(more.at("calls_in_kernel"), 3);
  EXPECT_EQ(more.at("memory_allocated_bytes"), 100);
  EXPECT_EQ(more.at("memory_resident_bytes"), 200);
}

RegistrationListReadModel sampleRegistrations() {
  RegistrationListReadModel m;
  m.rows.push_back({"100", "sip:100@192.0.2.10:5060", "UDP 192.0.2.10:5060", "Phone/1", 30,
                    registrar::Reachability::Reachable, 1.5});
  m.rows.push_back({"101", "sip:101@192.0.2.11:5060", "UDP 192.0.2.11:5060", "", 0,
                    registrar::Reachability::Unknown, 0});
  return m;
}

TEST(RegistrationListReadModel, renders_the_text_table_and_the_count) {
  EXPECT_EQ(registrationsText(sampleRegistrations()),
            "AOR  Contact                  Source               User-Agent  Expires  Status     RTT (ms)\n"
            "100  sip:100@192.0.2.10:5060  UDP 192.0.2.10:5060  Phone/1     30       Reachable  1.500\n"
            "101  sip:101@192.0.2.11:5060  UDP 192.0.2.11:5060              0        Unknown    -\n"
            "2 contacts\n");
}

TEST(RegistrationListReadModel, renders_json_with_null_reachability_until_known) {
  EXPECT_EQ(registrationsJson(sampleRegistrations()).dump(),
            R"j([{"aor":"100","contact":"sip:100@192.0.2.10:5060","expires_in":30,"reachable":true,)j"
            R"j("rtt_ms":1.5,"source":"UDP 192.0.2.10:5060","user_agent":"Phone/1"},)j"
            R"j({"aor":"101","contact":"sip:101@192.0.2.11:5060","expires_in":0,"reachable":null,)j"
            R"j("rtt_ms":null,"source":"UDP 192.0.2.11:5060","user_agent":""}])j");
  auto m = sampleRegistrations();
  m.rows[0].reachability = registrar::Reachability::Unreachable;
  const auto json = registrationsJson(m);
  EXPECT_EQ(json[0].at("reachable"), false);
  EXPECT_TRUE(json[0].at("rtt_ms").is_null());
}

CallListReadModel sampleCalls() {
  CallListReadModel m;
  call::CallSummary a;
  a.id = 1;
  a.caller = "100";
  a.dialled = "101";
  a.callee = "101";
  a.state = "answered";
  a.seconds = 12;
  a.callerCodec = "PCMU";
  a.calleeCodec = "G722";
  a.packets = {600, 598, true};
  call::CallSummary b;
  b.id = 2;
  b.caller = "102";
  b.dialled = "200";
  b.state = "ringing";
  m.calls = {a, b};
  return m;
}

TEST(CallListReadModel, renders_the_text_table_and_the_count) {
  EXPECT_EQ(callsText(sampleCalls()),
            "Id  Caller  Dialled  Callee  State     Seconds  Codecs     Packets\n"
            "1   100     101      101     answered  12       PCMU/G722  600/598 (kernel)\n"
            "2   102     200              ringing   0        -          0/0\n"
            "2 active calls\n");
}

TEST(CallListReadModel, renders_the_json_calls_of_interface_md) {
  EXPECT_EQ(callsJson(sampleCalls())[0].dump(),
            R"j({"callee":"101","callee_codec":"G722","caller":"100","caller_codec":"PCMU","dialled":"101",)j"
            R"j("id":1,"media_in_kernel":true,"packets_callee_to_caller":598,"packets_caller_to_callee":600,)j"
            R"j("seconds":12,"state":"answered"})j");
  EXPECT_EQ(callsJson(CallListReadModel{}).dump(), "[]");
}

}  // namespace
}  // namespace sb::app
