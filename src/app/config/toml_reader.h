// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "app/config/config_schema.h"
#include "app/config/problem.h"

namespace sb::config {

int lineOf(const toml::node& node);  // 1-based, 0 if toml++ recorded none
std::string_view typeName(const toml::node& node);  // "a string", "an integer", ...

// A string value together with where it was written, for checks that report against it.
struct Located {
  std::string value;
  int line = 0;
  int column = 0;
  std::string key;  // dotted path, e.g. "sip.listen[1]"
};

// Reads one TOML table for the loader. Each getter names a key of the table's schema, reports a
// value of the wrong type or out of range to the ProblemList, and returns nullopt so the caller
// keeps its default; reportUnknownKeys() reports the keys the schema lacks. It knows no key's
// meaning; the section readers do.
class TableReader {
 public:
  // `table` may be null (the section is absent): every getter then returns nullopt.
  // `path` is the table's dotted name ("sip", "extension[0]"); `line` its header line.
  TableReader(const toml::table* table, const SectionSchema& schema, std::string path, int line,
              ProblemList& problems);

  std::string keyPath(std::string_view key) const;  // "sip.listen"
  int line(std::string_view key) const;             // the key's line, else the table's
  int tableLine() const { return line_; }
  const std::string& path() const { return path_; }
  bool has(std::string_view key) const;

  // The raw node (marks the key as known); null if absent.
  const toml::node* node(std::string_view key);
  std::optional<std::string> string(std::string_view key);
  std::optional<bool> boolean(std::string_view key);
  // Reports values outside min..max, naming `unit` ("seconds") if given.
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max,
                                      std::string_view unit = {});
  // An array of strings; elements of another type are reported and left out.
  // isEmptyArray() tells a written [] from a list whose every element was refused.
  std::optional<std::vector<Located>> stringArray(std::string_view key);

  bool isEmptyArray(std::string_view key) const;

  void report(std::string_view key, std::string reason);  // at the key's line
  void reportAt(int line, std::string key, std::string reason, int column = 0);
  void reportAt(const Located& item, std::string reason);

  // Every key of the table that its schema does not list, with a "did you mean" when a listed key
  // is a likely typo of it or when it belongs to another table.
  void reportUnknownKeys();

 private:
  void checkListed(std::string_view key) const;
  void reportType(std::string_view key, const toml::node& node, std::string_view expected);

  const toml::table* table_;
  const SectionSchema& schema_;
  std::string path_;
  int line_;
  ProblemList& problems_;
};

}  // namespace sb::config
