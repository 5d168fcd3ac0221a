// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sb::call {

// Which leg of a two-party call: the caller's (relay leg A) or the answering phone's (leg B).
// The one way a leg is named, in the engine, the media and the call record.
enum class Side : std::uint8_t { Caller, Callee };

constexpr Side other(Side side) { return side == Side::Caller ? Side::Callee : Side::Caller; }
constexpr std::size_t indexOf(Side side) { return static_cast<std::size_t>(side); }
// As the call record and the logs spell it.
constexpr std::string_view sideName(Side side) { return side == Side::Caller ? "caller" : "callee"; }

}  // namespace sb::call
