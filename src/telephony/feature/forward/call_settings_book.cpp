// SPDX-License-Identifier: MIT
#include "telephony/feature/forward/call_settings_book.h"

#include <chrono>

namespace sb::feature {

CallSettingsBook::CallSettingsBook(storage::ExtensionSettingsRepository& repository, const Clock& clock)
    : repository_(repository), clock_(clock) {}

void CallSettingsBook::setConfigured(const std::string& number, CallSettings settings) {
  configured_[number] = std::move(settings);
}

Status CallSettingsBook::loadStored() {
  auto rows = repository_.all();
  if (!rows) return fail(rows.error());
  for (auto& row : rows.value()) {
    stored_[row.number] = CallSettings{row.dnd, row.forwardAll, row.forwardBusy, row.forwardNoAnswer};
  }
  return {};
}

CallSettings CallSettingsBook::of(std::string_view number) const {
  const std::string key(number);
  if (auto it = stored_.find(key); it != stored_.end()) return it->second;
  if (auto it = configured_.find(key); it != configured_.end()) return it->second;
  return {};
}

bool CallSettingsBook::apply(const std::string& number, const FeatureCode& code) {
  auto settings = of(number);
  if (!code.target.empty() && code.target == number) return false;
  using Kind = FeatureCode::Kind;
  switch (code.kind) {
    case Kind::DndOn: settings.dnd = true; break;
    case Kind::DndOff: settings.dnd = false; break;
    case Kind::ForwardAllOn: settings.forwardAll = code.target; break;
    case Kind::ForwardAllOff: settings.forwardAll.clear(); break;
    case Kind::ForwardBusyOn: settings.forwardBusy = code.target; break;
    case Kind::ForwardBusyOff: settings.forwardBusy.clear(); break;
    case Kind::ForwardNoAnswerOn: settings.forwardNoAnswer = code.target; break;
    case Kind::ForwardNoAnswerOff: settings.forwardNoAnswer.clear(); break;
  }
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_.systemNow().time_since_epoch()).count();
  storage::ExtensionSettingsRecord record{number, settings.dnd, settings.forwardAll, settings.forwardBusy,
                                          settings.forwardNoAnswer, now};
  if (!repository_.put(record)) return false;
  stored_[number] = std::move(settings);
  return true;
}

}  // namespace sb::feature
