// SPDX-License-Identifier: MIT
#include "media/kernel/counter_reader.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <libnftnl/expr.h>
#include <libnftnl/set.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace sb::media::kernel {

namespace {

struct SetDeleter {
  void operator()(nftnl_set* s) const { nftnl_set_free(s); }
};

int parseElements(const nlmsghdr* header, void* set) {
  return nftnl_set_elems_nlmsg_parse(header, static_cast<nftnl_set*>(set)) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

int readCounter(nftnl_expr* expression, void* out) {
  const char* name = nftnl_expr_get_str(expression, NFTNL_EXPR_NAME);
  if (name != nullptr && std::strcmp(name, "counter") == 0) {
    auto* counter = static_cast<StreamCounter*>(out);
    counter->packets = nftnl_expr_get_u64(expression, NFTNL_EXPR_CTR_PACKETS);
    counter->bytes = nftnl_expr_get_u64(expression, NFTNL_EXPR_CTR_BYTES);
  }
  return 0;
}

// The key `ip saddr . udp sport . udp dport`: each part in a 4-byte register, network order.
bool decodeKey(const void* data, std::uint32_t length, StreamCounter& out) {
  if (data == nullptr || length != 12) return false;
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  std::uint32_t address = 0;
  std::uint16_t sourcePort = 0;
  std::uint16_t relayPort = 0;
  std::memcpy(&address, bytes, 4);
  std::memcpy(&sourcePort, bytes + 4, 2);
  std::memcpy(&relayPort, bytes + 8, 2);
  out.source = {boost::asio::ip::address_v4(ntohl(address)), ntohs(sourcePort)};
  out.relayPort = ntohs(relayPort);
  return true;
}

int collectElement(nftnl_set_elem* element, void* out) {
  StreamCounter counter;
  std::uint32_t length = 0;
  const void* key = nftnl_set_elem_get(element, NFTNL_SET_ELEM_KEY, &length);
  if (!decodeKey(key, length, counter)) return 0;
  const void* zone = nftnl_set_elem_get(element, NFTNL_SET_ELEM_DATA, &length);
  if (zone == nullptr || length < 2) return 0;
  std::memcpy(&counter.zone, zone, 2);  // ct zone: host order
  nftnl_set_elem_expr_foreach(element, readCounter, &counter);
  static_cast<std::vector<StreamCounter>*>(out)->push_back(counter);
  return 0;
}

}  // namespace

CounterReader::CounterReader() : buffer_(MNL_SOCKET_BUFFER_SIZE * 4) {}

CounterReader::~CounterReader() {
  if (socket_ != nullptr) mnl_socket_close(socket_);
}

Result<std::vector<StreamCounter>> CounterReader::read(const std::string& table) {
  if (socket_ == nullptr) {
    socket_ = mnl_socket_open(NETLINK_NETFILTER);
    if (socket_ == nullptr || mnl_socket_bind(socket_, 0, MNL_SOCKET_AUTOPID) < 0) {
      auto why = std::string("netlink: ") + std::strerror(errno);
      if (socket_ != nullptr) mnl_socket_close(socket_);
      socket_ = nullptr;
      return fail(std::move(why));
    }
    portId_ = mnl_socket_get_portid(socket_);
  }
  std::unique_ptr<nftnl_set, SetDeleter> set(nftnl_set_alloc());
  nftnl_set_set_str(set.get(), NFTNL_SET_TABLE, table.c_str());
  nftnl_set_set_str(set.get(), NFTNL_SET_NAME, "streams");
  const std::uint32_t sequence = ++sequence_;
  nlmsghdr* request = nftnl_nlmsg_build_hdr(buffer_.data(), NFT_MSG_GETSETELEM, NFPROTO_IPV4,
                                            NLM_F_DUMP | NLM_F_ACK, sequence);
  nftnl_set_elems_nlmsg_build_payload(request, set.get());
  if (mnl_socket_sendto(socket_, request, request->nlmsg_len) < 0) {
    return fail(std::string("netlink: ") + std::strerror(errno));
  }
  for (;;) {
    const ssize_t got = mnl_socket_recvfrom(socket_, buffer_.data(), buffer_.size());
    if (got < 0) {
      return fail(std::string("netlink: ") + std::strerror(errno));
    }
    const int result = mnl_cb_run(buffer_.data(), static_cast<std::size_t>(got), sequence, portId_,
                                  parseElements, set.get());
    if (result == MNL_CB_STOP) break;
    if (result < 0) {
      return fail(std::string("reading the streams map: ") + std::strerror(errno));
    }
  }
  std::vector<StreamCounter> out;
  nftnl_set_elem_foreach(set.get(), collectElement, &out);
  return out;
}

}  // namespace sb::media::kernel
