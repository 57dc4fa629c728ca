// JSON pieces of the answer object (docs/answers.md) for the module's other JSON writers.
#pragma once

#include <nlohmann/json.hpp>

#include "answer/answer_types.h"

namespace chorus::answer {

// {"n","post_id","author","created_at","url","snippet"}
nlohmann::json citation_json(const Citation& c);

}  // namespace chorus::answer
