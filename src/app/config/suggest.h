// SPDX-License-Identifier: MIT
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::config {

// Edit distance counting insertions, deletions, substitutions and swaps of neighbours
// (optimal string alignment), ignoring case: "qualify_frequncy" is 1 from "qualify_frequency".
std::size_t editDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a likely typo: at most 1 edit for
// words up to 4 characters, 2 up to 8, 3 beyond. Ties go to the earlier candidate.
std::optional<std::string> closestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates);

}  // namespace sb::config
