// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <memory_resource>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "telephony/registrar/binding.h"

namespace sb::registrar {

// The registrar's location service: every binding by id, and the ids of each address of record.
// It owns bindings and nothing else: no timers, no I/O, no persistence.
//
// Everything a binding keeps lives in the table's own memory pool, not scattered through the
// general heap: bindings last for hours, while bursts of transactions (kilobytes each, gone after
// Timer J) come and go around them. Kept apart, the burst's memory can go back to the system.
class BindingTable {
 public:
  BindingTable() = default;
  ~BindingTable() = default;  // the pool frees every binding's text at once
  BindingTable(const BindingTable&) = delete;
  BindingTable& operator=(const BindingTable&) = delete;

  Binding* find(std::uint64_t id);
  Binding* find(std::string_view aor, std::string_view contactUri);
  // The bindings of one AOR, most recently registered last. Pointers stay valid until removal.
  std::vector<Binding*> bindingsOf(std::string_view aor);
  std::size_t countOf(std::string_view aor) const;

  // Inserts a binding with this contact (its id is assigned here) and returns it. The table keeps
  // the contact's characters; binding.contactUri is set to them.
  Binding& insert(Binding binding, std::string_view contactUri);
  void remove(std::uint64_t id);

  std::size_t size() const { return byId_.size(); }
  std::size_t aorCount() const { return byAor_.size(); }
  void forEach(const std::function<void(const Binding&)>& visit) const;

  // Interns User-Agent strings: a site has a handful of phone models, not one per binding.
  std::shared_ptr<const std::string> intern(std::string_view userAgent);

 private:
  // mutable: const lookups build their temporary key in it too.
  mutable std::pmr::unsynchronized_pool_resource pool_;
  std::pmr::unordered_map<std::uint64_t, Binding> byId_{&pool_};
  std::pmr::unordered_map<std::pmr::string, std::pmr::vector<std::uint64_t>> byAor_{&pool_};
  std::unordered_map<std::string, std::shared_ptr<const std::string>> userAgents_;
  std::uint64_t nextId_ = 1;
};

}  // namespace sb::registrar
