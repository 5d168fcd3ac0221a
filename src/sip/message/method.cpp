// SPDX-License-Identifier: MIT
#include "sip/message/method.h"

#include <array>

namespace sb::sip {
namespace {

struct MethodEntry {
  Method method;
  std::string_view name;
};

constexpr std::array<MethodEntry, 14> kMethods{{
    {Method::Invite, "INVITE"},       {Method::Ack, "ACK"},         {Method::Bye, "BYE"},
    {Method::Cancel, "CANCEL"},       {Method::Register, "REGISTER"}, {Method::Options, "OPTIONS"},
    {Method::Info, "INFO"},           {Method::Update, "UPDATE"},   {Method::Prack, "PRACK"},
    {Method::Subscribe, "SUBSCRIBE"}, {Method::Notify, "NOTIFY"},   {Method::Refer, "REFER"},
    {Method::Message, "MESSAGE"},     {Method::Publish, "PUBLISH"},
}};

}  // namespace

Method methodFromName(std::string_view name) {
  for (const auto& m : kMethods)
    if (m.name == name) return m.method;
  return Method::Unknown;
}

std::string_view methodName(Method m) {
  for (const auto& entry : kMethods)
    if (entry.method == m) return entry.name;
  return {};
}

}  // namespace sb::sip
