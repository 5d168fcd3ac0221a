// SPDX-License-Identifier: MIT
#pragma once
#include <span>
#include <string>
#include <string_view>

namespace sb::config {

// The keys each table of the configuration file may hold: the one list that both the readers
// (a getter for a key not listed here is a bug) and the "unknown key, did you mean" hints use.
struct SectionSchema {
  std::string_view name;  // "sip"; "" for the top level
  bool arrayOfTables;     // [[extension]], [[phone]]
  std::span<const std::string_view> keys;
};

const SectionSchema& topLevelSchema();
const SectionSchema& sectionSchema(std::string_view name);  // asserts the name exists
std::span<const SectionSchema> allSectionSchemas();         // without the top level

// How a person would write the table holding a key: "[sip]", "[[extension]]".
std::string tableHeader(const SectionSchema& section);

}  // namespace sb::config
