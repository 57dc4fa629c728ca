// The answer module's public face: grounded, cited answers over the live post index.
//
// Offers: Answerer (ask / explain / check, answerer.h), the Answer object and its JSON
// (answer_types.h), the Generator seam for local or remote models (generator.h), the
// SourceAssessor seam to the trust layer (source_assessor.h, trust_adapter.h), and the pieces
// of the pipeline for reuse and tests: question planning (question_plan.h), retrieval
// (retriever.h), story grouping (story_grouper.h), evidence selection (evidence_selector.h),
// prompt building with untrusted-data quoting (prompt_builder.h), citation checking
// (citation_checker.h), claim verdicts (claim_checker.h) and extractive answers (extractive.h).
#pragma once

#include "answer/answer_types.h"
#include "answer/answerer.h"
#include "answer/generator.h"
#include "answer/source_assessor.h"
