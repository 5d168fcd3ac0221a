// SPDX-License-Identifier: MIT
#include "telephony/registrar/binding_table.h"

#include <algorithm>

namespace sb::registrar {

Binding* BindingTable::find(std::uint64_t id) {
  auto it = byId_.find(id);
  return it == byId_.end() ? nullptr : &it->second;
}

Binding* BindingTable::find(std::string_view aor, std::string_view contactUri) {
  auto it = byAor_.find(std::pmr::string(aor, &pool_));
  if (it == byAor_.end()) return nullptr;
  for (auto id : it->second) {
    Binding& b = byId_.at(id);
    if (b.contactUri == contactUri) return &b;
  }
  return nullptr;
}

std::vector<Binding*> BindingTable::bindingsOf(std::string_view aor) {
  std::vector<Binding*> out;
  auto it = byAor_.find(std::pmr::string(aor, &pool_));
  if (it == byAor_.end()) return out;
  out.reserve(it->second.size());
  for (auto id : it->second) out.push_back(&byId_.at(id));
  return out;
}

std::size_t BindingTable::countOf(std::string_view aor) const {
  auto it = byAor_.find(std::pmr::string(aor, &pool_));
  return it == byAor_.end() ? 0 : it->second.size();
}

Binding& BindingTable::insert(Binding binding, std::string_view contactUri) {
  binding.id = nextId_++;
  const auto id = binding.id;
  char* text = static_cast<char*>(pool_.allocate(contactUri.size(), 1));
  std::copy(contactUri.begin(), contactUri.end(), text);
  binding.contactUri = std::string_view(text, contactUri.size());
  byAor_[std::pmr::string(binding.aor, &pool_)].push_back(id);
  return byId_.emplace(id, std::move(binding)).first->second;
}

void BindingTable::remove(std::uint64_t id) {
  auto it = byId_.find(id);
  if (it == byId_.end()) return;
  auto aorIt = byAor_.find(std::pmr::string(it->second.aor, &pool_));
  if (aorIt != byAor_.end()) {
    auto& ids = aorIt->second;
    ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
    if (ids.empty()) byAor_.erase(aorIt);
  }
  pool_.deallocate(const_cast<char*>(it->second.contactUri.data()), it->second.contactUri.size(), 1);
  byId_.erase(it);
}

void BindingTable::forEach(const std::function<void(const Binding&)>& visit) const {
  for (const auto& [id, binding] : byId_) visit(binding);
}

std::shared_ptr<const std::string> BindingTable::intern(std::string_view userAgent) {
  constexpr std::size_t kMaxLength = 128;
  const std::string key(userAgent.substr(0, kMaxLength));
  if (auto it = userAgents_.find(key); it != userAgents_.end()) return it->second;
  // Strings nobody holds any more are pruned now and then, so odd User-Agents cannot pile up.
  if (userAgents_.size() >= 1024) {
    std::erase_if(userAgents_, [](const auto& entry) { return entry.second.use_count() == 1; });
  }
  auto shared = std::make_shared<const std::string>(key);
  userAgents_.emplace(key, shared);
  return shared;
}

}  // namespace sb::registrar
