// SPDX-License-Identifier: MIT
#include "app/config/toml_reader.h"

#include <algorithm>
#include <cassert>

#include "app/config/suggest.h"
#include "base/text.h"

namespace sb::config {

int lineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

std::string_view typeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::none: break;
  }
  return "nothing";
}

TableReader::TableReader(const toml::table* table, const SectionSchema& schema, std::string path,
                         int line, ProblemList& problems)
    : table_(table), schema_(schema), path_(std::move(path)), line_(line), problems_(problems) {}

std::string TableReader::keyPath(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  return path_ + "." + std::string(key);
}

int TableReader::line(std::string_view key) const {
  if (table_) {
    if (auto it = table_->find(key); it != table_->end()) {
      const int keyLine = static_cast<int>(it->first.source().begin.line);
      if (keyLine > 0) return keyLine;
      const int valueLine = lineOf(it->second);
      if (valueLine > 0) return valueLine;
    }
  }
  return line_;
}

bool TableReader::has(std::string_view key) const {
  return table_ && table_->contains(key);
}

bool TableReader::isEmptyArray(std::string_view key) const {
  const toml::node* n = table_ ? table_->get(key) : nullptr;
  return n && n->is_array() && n->as_array()->empty();
}

void TableReader::checkListed([[maybe_unused]] std::string_view key) const {
  assert(std::find(schema_.keys.begin(), schema_.keys.end(), key) != schema_.keys.end() &&
         "a reader asked for a key missing from config_schema.cpp");
}

const toml::node* TableReader::node(std::string_view key) {
  checkListed(key);
  return table_ ? table_->get(key) : nullptr;
}

void TableReader::report(std::string_view key, std::string reason) {
  problems_.add(line(key), keyPath(key), std::move(reason));
}

void TableReader::reportAt(int line, std::string key, std::string reason, int column) {
  problems_.add(line, std::move(key), std::move(reason), column);
}

void TableReader::reportAt(const Located& item, std::string reason) {
  problems_.add(item.line, item.key, std::move(reason), item.column);
}

void TableReader::reportType(std::string_view key, const toml::node& node,
                             std::string_view expected) {
  std::string reason = "expected " + std::string(expected) + ", got " + std::string(typeName(node));
  // The common slip: a number or switch written in quotes.
  if (const auto* s = node.as_string()) {
    const std::string& v = s->get();
    if (expected == "an integer" && text::parseUnsigned<std::uint64_t>(v))
      reason += " (write " + v + " without quotes)";
    else if (expected == "a boolean" && (v == "true" || v == "false"))
      reason += " (write " + v + " without quotes)";
    else if (expected == "an array of strings")
      reason += " (write a list: [\"" + v + "\"])";
  } else if (expected == "a string" && (node.is_integer() || node.is_floating_point())) {
    reason += " (put it in quotes)";
  }
  report(key, std::move(reason));
}

std::optional<std::string> TableReader::string(std::string_view key) {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  if (const auto* s = n->as_string()) return s->get();
  reportType(key, *n, "a string");
  return std::nullopt;
}

std::optional<bool> TableReader::boolean(std::string_view key) {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  if (const auto* b = n->as_boolean()) return b->get();
  reportType(key, *n, "a boolean");
  return std::nullopt;
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, std::int64_t min,
                                                 std::int64_t max, std::string_view unit) {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  const auto* i = n->as_integer();
  if (!i) {
    reportType(key, *n, "an integer");
    return std::nullopt;
  }
  const std::int64_t v = i->get();
  if (v < min || v > max) {
    std::string reason = std::to_string(v) + " is out of range " + std::to_string(min) + ".." +
                         std::to_string(max);
    // Appended, not " " + std::string(unit): GCC 12 at -O3 reports a bogus overlap in that
    // operator+ (-Wrestrict, GCC bug 105651).
    if (!unit.empty()) reason.append(" ").append(unit);
    report(key, std::move(reason));
    return std::nullopt;
  }
  return v;
}

std::optional<std::vector<Located>> TableReader::stringArray(std::string_view key) {
  const toml::node* n = node(key);
  if (!n) return std::nullopt;
  const auto* array = n->as_array();
  if (!array) {
    reportType(key, *n, "an array of strings");
    return std::nullopt;
  }
  std::vector<Located> out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    const std::string elementKey = keyPath(key) + "[" + std::to_string(i) + "]";
    int elementLine = lineOf(element);
    if (elementLine == 0) elementLine = line(key);
    const int column = static_cast<int>(element.source().begin.column);
    if (const auto* s = element.as_string()) {
      out.push_back(Located{s->get(), elementLine, column, elementKey});
    } else {
      reportAt(elementLine, elementKey, "expected a string, got " + std::string(typeName(element)),
               column);
    }
  }
  return out;
}

void TableReader::reportUnknownKeys() {
  if (!table_) return;
  const std::vector<std::string> listed(schema_.keys.begin(), schema_.keys.end());
  for (auto&& [k, v] : *table_) {
    const std::string_view key = k.str();
    if (std::find(listed.begin(), listed.end(), key) != listed.end()) continue;
    int keyLine = static_cast<int>(k.source().begin.line);
    if (keyLine == 0) keyLine = lineOf(v);
    if (keyLine == 0) keyLine = line_;
    std::string reason = "unknown key";
    if (auto close = closestMatch(key, listed)) {
      reason += "; did you mean '" + *close + "'?";
    } else {
      // A known key in the wrong table: "qualify_frequency" under [pbx].
      for (const SectionSchema& other : allSectionSchemas()) {
        if (other.name == schema_.name) continue;
        if (std::find(other.keys.begin(), other.keys.end(), key) != other.keys.end()) {
          reason += "; it belongs in " + tableHeader(other);
          break;
        }
      }
    }
    problems_.add(keyLine, keyPath(key), std::move(reason));
  }
}

}  // namespace sb::config
