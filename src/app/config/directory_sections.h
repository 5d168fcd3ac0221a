// SPDX-License-Identifier: MIT
#pragma once
#include <vector>

#include <toml++/toml.h>

#include "app/config/config.h"
#include "app/config/problem.h"

namespace sb::config {

// Readers for the directory: the [[extension]] and [[phone]] arrays. They check each entry
// (number syntax, weak secrets, MAC spelling, known model) and the rules across entries
// (duplicate numbers and MACs, phone lines naming an extension). `node` is the top-level value
// under that name, or null when the file has none.
std::vector<ExtensionConfig> readExtensions(const toml::node* node, ProblemList& problems);
std::vector<RingGroupConfig> readRingGroups(const toml::node* node,
                                            const std::vector<ExtensionConfig>& extensions,
                                            ProblemList& problems);
std::vector<PhoneConfig> readPhones(const toml::node* node,
                                    const std::vector<ExtensionConfig>& extensions,
                                    ProblemList& problems);

}  // namespace sb::config
