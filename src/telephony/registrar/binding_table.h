// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "telephony/registrar/binding.h"

namespace sb::registrar {

// The registrar's location service: every binding by id, and the ids of each address of record.
// It owns bindings and nothing else: no timers, no I/O, no persistence.
class BindingTable {
 public:
  Binding* find(std::uint64_t id);
  Binding* find(std::string_view aor, std::string_view contactUri);
  // The bindings of one AOR, most recently registered last. Pointers stay valid until removal.
  std::vector<Binding*> bindingsOf(std::string_view aor);
  std::size_t countOf(std::string_view aor) const;

  // Inserts a binding (its id is assigned here) and returns it.
  Binding& insert(Binding binding);
  void remove(std::uint64_t id);

  std::size_t size() const { return byId_.size(); }
  std::size_t aorCount() const { return byAor_.size(); }
  void forEach(const std::function<void(const Binding&)>& visit) const;

  // Interns User-Agent strings: a site has a handful of phone models, not one per binding.
  std::shared_ptr<const std::string> intern(std::string_view userAgent);

 private:
  std::unordered_map<std::uint64_t, Binding> byId_;
  std::unordered_map<std::string, std::vector<std::uint64_t>> byAor_;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> userAgents_;
  std::uint64_t nextId_ = 1;
};

}  // namespace sb::registrar
