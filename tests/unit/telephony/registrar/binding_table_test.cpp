// SPDX-License-Identifier: MIT
#include "telephony/registrar/binding_table.h"

#include <gtest/gtest.h>

namespace sb::registrar {

TEST(BindingTable, finds_bindings_by_aor_and_contact_and_forgets_removed_ones) {
  BindingTable table;
  Binding a;
  a.aor = "100";
  Binding b = a;
  auto idA = table.insert(a, "sip:100@10.0.0.1").id;
  table.insert(b, "sip:100@10.0.0.2");
  EXPECT_EQ(table.countOf("100"), 2u);
  ASSERT_NE(table.find("100", "sip:100@10.0.0.2"), nullptr);
  table.remove(idA);
  EXPECT_EQ(table.find(idA), nullptr);
  EXPECT_EQ(table.countOf("100"), 1u);
  EXPECT_EQ(table.aorCount(), 1u);
}

TEST(BindingTable, interns_user_agents) {
  BindingTable table;
  auto one = table.intern("Cisco-CP7960G/8.0");
  auto two = table.intern("Cisco-CP7960G/8.0");
  EXPECT_EQ(one.get(), two.get());
  EXPECT_EQ(table.intern(std::string(500, 'x'))->size(), 128u);
}

}  // namespace sb::registrar
